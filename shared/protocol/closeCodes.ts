/**
 * WebSocket close codes the sync server uses. Other programs may rely on these: they are part
 * of the documented contract (README, "Sync protocol").
 */
export interface CloseReason {
  readonly code: number
  /** Short machine-readable reason, sent as the close frame's reason text. */
  readonly reason: string
}

export const CLOSE = {
  /** A message larger than the configured MAX_MESSAGE_BYTES (sent by `ws` itself). */
  messageTooBig: { code: 1009, reason: 'message-too-big' },
  /** The server is shutting down; reconnect later. */
  goingAway: { code: 1001, reason: 'going-away' },
  /** Bytes that are not a y-websocket message: garbage, truncated, unknown message type. */
  malformedMessage: { code: 4400, reason: 'malformed-message' },
  /** No token, or one that is malformed or has a bad signature. */
  unauthorized: { code: 4401, reason: 'unauthorized' },
  /** The token has expired: ask for a new invitation link. */
  tokenExpired: { code: 4401, reason: 'token-expired' },
  /** The token was revoked. */
  tokenRevoked: { code: 4403, reason: 'token-revoked' },
  /** The token is for another meeting. */
  wrongMeeting: { code: 4403, reason: 'wrong-meeting' },
  /** A read-only role (medlem, observatør) sent an update that would change the document. */
  readOnly: { code: 4403, reason: 'read-only' },
  /** The meeting is closed: the minutes can no longer be changed. */
  meetingClosed: { code: 4403, reason: 'meeting-closed' },
  /**
   * The token's role must sign in with the identity provider in this meeting (issue 11): the
   * link alone is not enough. Sign in, and the meeting opens with the invited role.
   */
  signInRequired: { code: 4403, reason: 'sign-in-required' },
  /**
   * The signed-in person's session ended while connected: they signed out (in another tab), or an
   * admin ended the session. Sign in again to go on.
   */
  sessionEnded: { code: 4403, reason: 'session-ended' },
  /** An awareness (presence) entry for a client id another connection owns. */
  foreignAwareness: { code: 4403, reason: 'foreign-awareness' },
  /**
   * An update with structs under a Yjs client id that another token (person) introduced in this
   * meeting: it would make that writer's later text vanish. Refused whole; reconnecting with the
   * same document cannot help.
   */
  clientIdTaken: { code: 4409, reason: 'client-id-taken' },
  /** A presence (awareness) state larger than the server's limit; it was not relayed. */
  awarenessTooLarge: { code: 4413, reason: 'awareness-too-large' },
  /** The connection sent updates or presence faster than its rate limit for too long. */
  rateLimited: { code: 4429, reason: 'rate-limited' },
  /** No meeting has this document name. */
  unknownDocument: { code: 4404, reason: 'unknown-document' },
  /** The client's schema version is older than the server's: reload the page. */
  clientOutdated: { code: 4426, reason: 'client-outdated' },
  /** A well-formed message whose update Yjs rejects, or that breaks the minutes schema. */
  updateRejected: { code: 4422, reason: 'update-rejected' },
  /** The server's storage is read-only (e.g. a read-only data directory): nothing can be changed. */
  storageReadOnly: { code: 4503, reason: 'storage-read-only' },
  /** The server could not load or store the document; nothing was changed. */
  storageFailure: { code: 4500, reason: 'storage-failure' },
  /** An unexpected server fault; nothing was changed. */
  internal: { code: 4501, reason: 'internal-error' },
} as const satisfies Record<string, CloseReason>

/** Close codes after which reconnecting cannot help until the page is reloaded or fixed. */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CLOSE.unauthorized.code,
  CLOSE.tokenRevoked.code,
  CLOSE.unknownDocument.code,
  CLOSE.clientOutdated.code,
  CLOSE.clientIdTaken.code,
])

/**
 * Thrown by the server's domain code; the transport closes the offending connection with
 * `close` and keeps the process up.
 */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
  constructor(
    readonly close: CloseReason,
    readonly detail: string,
  ) {
    super(`${close.reason}: ${detail}`)
  }
}
