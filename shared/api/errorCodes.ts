/**
 * The closed list of refusal codes of the HTTP API (docs/API_ERRORS.md). Every error answer is
 * `{ error, code, params?, field? }`: `code` is stable and meant for programs and for the client's
 * translation (common.json, `common.error.<code>`), `error` is a human message in bokmål, `params`
 * holds the numbers and names the message needs (always exactly the names listed here), `field`
 * names the bad input field.
 *
 * One code per distinct meaning, not per call site: each maps to the names of its params. Some
 * codes predate the list and keep their names because programs already match on them (the import
 * file codes such as `too-large`, the verify codes, `storage-busy`, `sign-in-required`).
 * WebSocket close reasons (shared/protocol/closeCodes.ts) are a separate list.
 */
export const ERROR_PARAMS = {
  // The request itself
  'route-not-found': [],
  'method-not-allowed': [],
  'internal-error': [],
  'body-content-type': [],
  'body-invalid-json': [],
  'body-too-large': ['maxKib'],
  'body-not-object': [],
  'field-unknown': ['field'],
  'field-required': ['field'],
  'field-not-text': ['field'],
  'field-invalid': ['field'],
  'fields-exclusive': ['field', 'other'],
  'text-too-long': ['field', 'max'],
  'text-control-characters': ['field'],
  'number-out-of-range': ['field', 'min', 'max'],
  'list-too-long': ['field', 'max'],
  'date-invalid': ['field'],
  'time-invalid': ['field'],
  'datetime-invalid': ['field'],
  'deadline-past': ['field'],
  'email-invalid': ['field'],
  'search-query-empty': [],
  // Credentials and roles
  'credential-missing': [],
  'token-invalid': [],
  'token-expired': [],
  'token-revoked': [],
  'token-wrong-meeting': [],
  'sign-in-required': [],
  'not-signed-in': [],
  'admin-key-missing': [],
  'admin-key-invalid': [],
  'admin-only': [],
  'not-invited': [],
  'role-forbidden': [],
  'admin-has-no-role': [],
  'identity-foreign': [],
  'organ-forbidden': [],
  'origin-refused': [],
  'csrf-token-invalid': [],
  // Limits on the caller's address, and a busy server
  'address-blocked': ['seconds'],
  'too-many-requests': ['seconds'],
  'storage-read-only': [],
  'storage-busy': [],
  'import-busy': [],
  // Features this server has not switched on
  'sign-in-disabled': [],
  'search-disabled': [],
  'webhooks-disabled': [],
  // Things that do not exist
  'meeting-not-found': [],
  'token-not-found': [],
  'session-not-found': [],
  'flag-not-found': [],
  'agenda-item-unknown': [],
  'decision-empty': [],
  'version-not-found': [],
  'export-format-unknown': [],
  'webhook-not-found': [],
  'delivery-not-found': [],
  'action-item-not-found': [],
  // The meeting's state
  'meeting-closed': [],
  'meeting-not-closed': [],
  'flag-deadline-passed': [],
  'minutes-approved': [],
  'not-approved': [],
  'decision-changed': [],
  'version-limit': ['max'],
  'webhook-limit': ['max'],
  'seal-changed': [],
  'version-missing': [],
  'version-changed': [],
  // Webhook addresses
  'url-invalid': [],
  'url-private-network': [],
  'url-host-not-found': ['host'],
  // Agenda import (text, JSON, uploads, files)
  'agenda-empty': [],
  'agenda-number-duplicate': ['number'],
  'import-no-agenda-items': ['source'],
  'upload-aborted': [],
  'upload-malformed': [],
  'upload-one-file': [],
  'file-missing': [],
  'file-content-type': [],
  empty: [],
  'too-large': ['maxMb'],
  'unzipped-too-large': ['maxMb'],
  'too-many-entries': ['count', 'max'],
  'too-many-pages': ['pages', 'max'],
  unsupported: [],
  damaged: [],
  encrypted: [],
  'no-text': [],
  // Verifying a file (POST /api/verify)
  'not-what-it-says': [],
  'unsupported-file': [],
  'pdf-encrypted': [],
  'json-invalid': [],
  'json-not-referat': [],
} as const satisfies Record<string, readonly string[]>

/** A stable refusal code of the HTTP API. */
export type ErrorCode = keyof typeof ERROR_PARAMS

/** Every refusal code, in the order of ERROR_PARAMS. */
export const ERROR_CODES = Object.keys(ERROR_PARAMS) as readonly ErrorCode[]

/** The names of the params that `code`'s message needs. */
export type ErrorParamName<C extends ErrorCode> = (typeof ERROR_PARAMS)[C][number]

/** The params of `code`: exactly its names, each a number or a string. */
export type ErrorParams<C extends ErrorCode> = { readonly [K in ErrorParamName<C>]: number | string }

/**
 * A code with its params, as a domain error carries it (MeetingValidationError, ImportFileError,
 * …) until the HTTP layer answers with it: `params` required exactly when the code has any.
 */
export type ErrorDetail = {
  [C in ErrorCode]: [ErrorParamName<C>] extends [never]
    ? { readonly code: C; readonly params?: undefined }
    : { readonly code: C; readonly params: ErrorParams<C> }
}[ErrorCode]

/** True for a string that is one of ERROR_CODES. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_PARAMS, value)
}

/**
 * The body of every error answer of the HTTP API: the bokmål message, the stable code, the
 * params of the code's message (when it has any) and the bad input field (when there is one).
 */
export interface ApiErrorBody {
  readonly error: string
  readonly code: ErrorCode
  readonly params?: Readonly<Record<string, number | string>>
  readonly field?: string
}
