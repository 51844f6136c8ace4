import type { IncomingMessage } from 'node:http'
import { ROLE_INFO, type Role, type TokenClaims } from '../../shared/auth'
import type { Actor } from '../../shared/register'
import type { OriginPolicy, TokenAuthority, TokenFailure } from '../auth'
import { ApiError } from './ApiError'

/** Who made an API request, once authenticated. */
export type Caller = { readonly kind: 'admin' } | { readonly kind: 'member'; readonly claims: TokenClaims; readonly actor: Actor }

const UNAUTHENTICATED = { 'www-authenticate': 'Bearer' }

/** Which failure budget a presented credential counts against (see server/limits). */
export type CredentialKind = 'admin-credential' | 'token-check'

/**
 * A refusal of a credential the caller presented (wrong, forged, expired, revoked, for another
 * meeting): the API counts it against the caller's address (`kind`). A missing credential, or a
 * valid token on a route for the admin, is a plain ApiError and counts nothing.
 */
export class CredentialError extends ApiError {
  override name = 'CredentialError'
  constructor(
    readonly kind: CredentialKind,
    refusal: ApiError,
  ) {
    super(refusal.status, refusal.message, refusal.field, refusal.headers)
  }
}

/**
 * The budget a bearer credential counts against: one shaped like a meeting token
 * (`payload.signature`, base64url) is a token check, anything else an attempt at the admin
 * credential. Only the shape is looked at: no signature is computed for a refused address.
 */
export function credentialKind(bearer: string): CredentialKind {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(bearer) ? 'token-check' : 'admin-credential'
}

const FAILURES: Record<TokenFailure, ApiError> = {
  unauthorized: new ApiError(401, 'Ugyldig tilgangsnøkkel. Bruk invitasjonslenken du har fått.', undefined, UNAUTHENTICATED),
  tokenExpired: new ApiError(401, 'Tilgangsnøkkelen er utløpt. Be om en ny invitasjonslenke.', undefined, UNAUTHENTICATED),
  tokenRevoked: new ApiError(403, 'Tilgangsnøkkelen er trukket tilbake.'),
  wrongMeeting: new ApiError(403, 'Tilgangsnøkkelen gjelder ikke dette møtet.'),
}

/** The bearer credential of `req`, or null. Never log it. */
export function bearerOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match ? match[1] : null
}

/** State-changing requests from a browser page on another origin are refused (403). */
export function checkOrigin(req: IncomingMessage, origins: OriginPolicy): void {
  if (!origins.isAllowed(req.headers.origin, req.headers.host)) {
    throw new ApiError(403, 'Forespørselen kommer fra en annen nettside og er avvist.')
  }
}

/**
 * Requires the admin credential: 401 without a valid credential (a CredentialError when one was
 * presented), 403 for a meeting token.
 */
export function requireAdmin(req: IncomingMessage, auth: TokenAuthority): void {
  const bearer = bearerOf(req)
  if (auth.isAdmin(bearer)) return
  if (!bearer) throw new ApiError(401, 'Mangler administratornøkkel (Authorization: Bearer …).', undefined, UNAUTHENTICATED)
  if (auth.isSignedToken(bearer)) throw new ApiError(403, 'Bare administratoren kan gjøre dette.')
  throw new CredentialError(credentialKind(bearer), new ApiError(401, 'Ugyldig administratornøkkel.', undefined, UNAUTHENTICATED))
}

/**
 * Requires the admin credential or a valid token for `meetingId` (see verifyToken for the
 * order of the checks): 401 without one, for a bad one, or an expired one; 403 for a revoked
 * token or one for another meeting (a presented credential that fails is a CredentialError).
 */
export async function requireMeetingCaller(req: IncomingMessage, auth: TokenAuthority, meetingId: string): Promise<Caller> {
  const bearer = bearerOf(req)
  if (!bearer) throw new ApiError(401, 'Mangler tilgangsnøkkel. Bruk invitasjonslenken du har fått.', undefined, UNAUTHENTICATED)
  if (auth.isAdmin(bearer)) return { kind: 'admin' }
  const check = await auth.verify(bearer, meetingId)
  if (!check.ok) throw new CredentialError(credentialKind(bearer), FAILURES[check.failure])
  const { claims } = check
  return { kind: 'member', claims, actor: { tokenId: claims.tid, role: claims.role, name: claims.name, org: claims.org } }
}

/** Requires a meeting token whose role passes `allowed` (403 otherwise, also for the admin). */
export function requireRole(caller: Caller, allowed: (role: Role) => boolean, what: string): Actor {
  if (caller.kind === 'admin') throw new ApiError(403, `Administratoren har ingen rolle i møtet og kan ikke ${what}.`)
  if (!allowed(caller.actor.role)) {
    throw new ApiError(403, `Rollen ${ROLE_INFO[caller.actor.role].label.toLowerCase()} kan ikke ${what}.`)
  }
  return caller.actor
}
