import type { ErrorDetail } from '../../shared/api'

/** Why an innkalling file cannot be read (each one of shared/api's ErrorCode). */
export type ImportFileErrorCode =
  | 'empty'
  | 'too-large'
  | 'unzipped-too-large'
  | 'too-many-entries'
  | 'too-many-pages'
  | 'unsupported'
  | 'damaged'
  | 'encrypted'
  | 'no-text'

/**
 * An innkalling file refused: `status` is the HTTP status to answer with (400 empty, 413 too
 * large, also when unpacked, 415 not a format we read, 422 readable type but unusable content),
 * `message` is Norwegian and names the problem, `code` is stable for programs and tests.
 */
export class ImportFileError extends Error {
  override name = 'ImportFileError'
  constructor(
    readonly status: 400 | 413 | 415 | 422,
    message: string,
    /** The code and the params of its message (limits, counts). */
    readonly detail: Extract<ErrorDetail, { code: ImportFileErrorCode }>,
  ) {
    super(message)
    this.code = detail.code
  }

  readonly code: ImportFileErrorCode
}
