import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { isRole, type TokenClaims } from '../../shared/auth'

/** Longest token accepted, in characters; anything longer is refused unread. */
export const MAX_TOKEN_CHARS = 2048

/** Why a token was refused; each name is also a key of CLOSE. */
export type TokenFailure = 'unauthorized' | 'tokenExpired' | 'tokenRevoked' | 'wrongMeeting' | 'signInRequired'

/** The outcome of checking a token. */
export type TokenCheck = { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly failure: TokenFailure }

const BASE64URL = /^[A-Za-z0-9_-]+$/

const hmac = (secret: Buffer, payloadPart: string): Buffer => createHmac('sha256', secret).update(payloadPart, 'ascii').digest()

/** A new token id: 16 url-safe random characters. */
export function newTokenId(): string {
  return randomBytes(12).toString('base64url')
}

/** Signs `claims`: `base64url(JSON) + "." + base64url(HMAC-SHA256(secret, first part))`. */
export function signToken(secret: Buffer, claims: TokenClaims): string {
  const payloadPart = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')
  return `${payloadPart}.${hmac(secret, payloadPart).toString('base64url')}`
}

function parseClaims(value: unknown): TokenClaims | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const { tid, mid, role, name, org, exp } = value as Record<string, unknown>
  if (typeof tid !== 'string' || typeof mid !== 'string' || !isRole(role)) return null
  if (!(name === null || typeof name === 'string') || !(org === null || typeof org === 'string')) return null
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null
  return { tid, mid, role, name, org, exp }
}

/**
 * Checks the form and the signature of `token` (in constant time) and reads its claims. Does not
 * look at expiry, revocation or the meeting. Pure; never throws.
 */
export function readSignedToken(secret: Buffer, token: string): TokenClaims | null {
  if (token.length > MAX_TOKEN_CHARS) return null
  const parts = token.split('.')
  if (parts.length !== 2 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1])) return null
  // Compare the canonical encodings: base64url has spare bits in its last character, and a
  // token must have exactly one spelling.
  const expected = Buffer.from(hmac(secret, parts[0]).toString('base64url'), 'ascii')
  const given = Buffer.from(parts[1], 'ascii')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  try {
    return parseClaims(JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')))
  } catch {
    return null
  }
}

/** What verification needs to know about a minted token. */
export interface TokenStatusLookup {
  /** The token's row: null when no token with this id was minted (or it belongs elsewhere). */
  revokedAt(tokenId: string): Promise<{ readonly revokedAt: string | null } | null>
}

/**
 * Verifies `token` for `meetingId` at `nowMs`, in this order: form and signature
 * (unauthorized), expiry (tokenExpired), minted and not revoked (tokenRevoked), meeting
 * (wrongMeeting). Never throws for bad input; throws only when `lookup` does.
 */
export async function verifyToken(
  secret: Buffer,
  token: string | null | undefined,
  meetingId: string,
  lookup: TokenStatusLookup,
  nowMs: number,
): Promise<TokenCheck> {
  if (!token) return { ok: false, failure: 'unauthorized' }
  const claims = readSignedToken(secret, token)
  if (!claims) return { ok: false, failure: 'unauthorized' }
  if (claims.exp * 1000 <= nowMs) return { ok: false, failure: 'tokenExpired' }
  const row = await lookup.revokedAt(claims.tid)
  if (!row || row.revokedAt !== null) return { ok: false, failure: 'tokenRevoked' }
  if (claims.mid !== meetingId) return { ok: false, failure: 'wrongMeeting' }
  return { ok: true, claims }
}
