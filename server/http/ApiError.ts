/** An API refusal: the HTTP status, a Norwegian message and the bad input field, if any. */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
    /** A stable code for programs (e.g. `sign-in-required`), sent beside the message. */
    readonly code?: string,
  ) {
    super(message)
  }
}
