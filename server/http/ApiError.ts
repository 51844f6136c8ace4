import type { ErrorCode, ErrorDetail, ErrorParamName, ErrorParams } from '../../shared/api'

export interface ApiErrorOptionsBase {
  /** The bad input field, if any. */
  readonly field?: string
  /** Extra response headers (Retry-After, Allow, WWW-Authenticate, Connection). */
  readonly headers?: Record<string, string>
}

/**
 * The options of an ApiError with `code`: `params` required, with exactly its names, when the
 * code's message has any (shared/api/errorCodes.ts), else absent. Distributes over a union of
 * codes, so a code passed on from a domain error may bring whichever params its own code needs.
 */
export type ApiErrorArgs<C extends ErrorCode> = C extends ErrorCode
  ? [ErrorParamName<C>] extends [never]
    ? [options?: ApiErrorOptionsBase & { readonly params?: undefined }]
    : [options: ApiErrorOptionsBase & { readonly params: ErrorParams<C> }]
  : never

/**
 * An API refusal: the HTTP status, a stable code (ErrorCode), a bokmål message, and optionally
 * the params of the code's message, the bad input field and extra headers. Answered as
 * `{ error, code, params?, field? }` (sendError).
 */
export class ApiError<C extends ErrorCode = ErrorCode> extends Error {
  override name = 'ApiError'
  readonly field?: string
  readonly headers: Record<string, string>
  readonly params?: Readonly<Record<string, number | string>>

  constructor(
    readonly status: number,
    /** Stable, for programs and for the client's translation (e.g. `meeting-not-found`). */
    readonly code: C,
    message: string,
    ...[options]: ApiErrorArgs<C>
  ) {
    super(message)
    this.field = options?.field
    this.headers = options?.headers ?? {}
    this.params = options?.params
  }

  /** The refusal of a domain error's `detail` (its code and params), e.g. a MeetingValidationError. */
  static of(status: number, detail: ErrorDetail, message: string, options: ApiErrorOptionsBase = {}): ApiError {
    return new ApiError<ErrorCode>(status, detail.code, message, { ...options, params: detail.params } as never)
  }
}

/** A 400 naming `field`; `detail` is the code and its params (default: `field-invalid` of `field`). */
export function badField(field: string, message: string, detail: ErrorDetail = { code: 'field-invalid', params: { field } }): ApiError {
  return ApiError.of(400, detail, message, { field })
}
