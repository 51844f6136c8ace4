import type { Role } from './roles'

/**
 * What a meeting token grants, as the server reads it after checking signature, expiry and
 * revocation. A token is `base64url(JSON payload) + "." + base64url(HMAC-SHA256)`; only the
 * server can sign or verify one (server/auth), but both sides know its shape.
 */
export interface TokenClaims {
  /** Token id: the key for revocation. */
  readonly tid: string
  /** Meeting id. */
  readonly mid: string
  readonly role: Role
  /** Personal tokens name their holder; role invitations (one link per role) do not. */
  readonly name: string | null
  readonly org: string | null
  /** Expiry, seconds since the epoch. */
  readonly exp: number
}

/** Query parameter of the sync endpoint that carries the token. */
export const TOKEN_PARAM = 'token'

/** The URL fragment key of an invitation link: `/m/<id>#token=<token>` (never sent to servers). */
export const INVITATION_FRAGMENT_KEY = 'token'

/** Default and largest lifetime of a token, in days. */
export const DEFAULT_TOKEN_DAYS = 30
export const MAX_TOKEN_DAYS = 366
