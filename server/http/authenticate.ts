import type { IncomingMessage } from 'node:http'
import { ROLE_INFO, type Role, type TokenClaims } from '../../shared/auth'
import type { Actor } from '../../shared/register'
import { isCsrfToken, personActor, readCookie, type OriginPolicy, type PersonPrincipal, type TokenFailure } from '../auth'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'

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
    super(refusal.status, refusal.code, refusal.message, { field: refusal.field, headers: refusal.headers, params: refusal.params } as never)
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
  unauthorized: new ApiError(401, 'token-invalid', 'Ugyldig tilgangsnøkkel. Bruk invitasjonslenken du har fått.', { headers: UNAUTHENTICATED }),
  tokenExpired: new ApiError(401, 'token-expired', 'Tilgangsnøkkelen er utløpt. Be om en ny invitasjonslenke.', { headers: UNAUTHENTICATED }),
  tokenRevoked: new ApiError(403, 'token-revoked', 'Tilgangsnøkkelen er trukket tilbake.'),
  wrongMeeting: new ApiError(403, 'token-wrong-meeting', 'Tilgangsnøkkelen gjelder ikke dette møtet.'),
  signInRequired: new ApiError(
    403,
    'sign-in-required',
    'Denne rollen krever innlogging med virksomhetens konto i dette møtet. Logg inn, så åpnes møtet med rollen du er invitert med.',
  ),
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
    throw new ApiError(403, 'origin-refused', 'Forespørselen kommer fra en annen nettside og er avvist.')
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The signed-in person of a request that carries no Authorization header but the session cookie
 * (sign-in on), or null. A bearer credential always wins: the cookie is then not looked at.
 */
export async function sessionOf(req: IncomingMessage, ctx: Pick<ApiContext, 'signIn'>): Promise<PersonPrincipal | null> {
  if (!ctx.signIn || req.headers.authorization) return null
  return ctx.signIn.sessions.resolve(readCookie(req.headers, ctx.signIn.cookies.session))
}

/**
 * A state-changing request made with the session cookie must repeat the session's CSRF token in
 * X-CSRF-Token (403 otherwise): the cookie alone never authorises a change, since a browser
 * sends it along with requests other sites make it send.
 */
export function requireCsrf(req: IncomingMessage, person: PersonPrincipal): void {
  if (SAFE_METHODS.has(req.method ?? '')) return
  const header = req.headers['x-csrf-token']
  if (!isCsrfToken(person, Array.isArray(header) ? header[0] : header)) {
    throw new ApiError(403, 'csrf-token-invalid', 'Forespørselen mangler gyldig X-CSRF-Token. Last siden på nytt og prøv igjen.')
  }
}

/**
 * Requires the admin: the admin credential, or the session of a person the identity provider
 * makes an admin (OIDC_ADMINS, OIDC_ADMIN_CLAIM) with X-CSRF-Token on a state-changing request.
 * 401 without either (a CredentialError when a wrong credential was presented), 403 for a
 * meeting token, a person who is no admin, or a missing CSRF token. Resolves to the admin person,
 * or null for the admin credential (for the audit log).
 */
export async function requireAdmin(req: IncomingMessage, ctx: Pick<ApiContext, 'auth' | 'signIn'>): Promise<PersonPrincipal | null> {
  const bearer = bearerOf(req)
  if (ctx.auth.isAdmin(bearer)) return null
  if (!bearer) {
    const person = await sessionOf(req, ctx)
    if (!person) throw new ApiError(401, 'admin-key-missing', 'Mangler administratornøkkel (Authorization: Bearer …).', { headers: UNAUTHENTICATED })
    if (!person.isAdmin) throw new ApiError(403, 'admin-only', 'Bare administratoren kan gjøre dette.')
    requireCsrf(req, person)
    return person
  }
  if (ctx.auth.isSignedToken(bearer)) throw new ApiError(403, 'admin-only', 'Bare administratoren kan gjøre dette.')
  throw new CredentialError(credentialKind(bearer), new ApiError(401, 'admin-key-invalid', 'Ugyldig administratornøkkel.', { headers: UNAUTHENTICATED }))
}

/**
 * A signed-in person as a meeting caller: through their invitation to the meeting (member), else
 * as the admin when the provider makes them one; 403 otherwise. CSRF as in requireCsrf.
 */
async function sessionCaller(req: IncomingMessage, ctx: Pick<ApiContext, 'auth'>, person: PersonPrincipal, meetingId: string): Promise<Caller> {
  requireCsrf(req, person)
  const invitation = await ctx.auth.personInvitation(person, meetingId)
  if (invitation) {
    const actor = personActor(person, invitation)
    const claims: TokenClaims = {
      tid: invitation.id,
      mid: meetingId,
      role: invitation.role,
      name: actor.name,
      org: actor.org,
      exp: Math.floor(Math.min(Date.parse(invitation.expiresAt), person.expiresAtMs) / 1000),
    }
    return { kind: 'member', claims, actor }
  }
  if (person.isAdmin) return { kind: 'admin' }
  throw new ApiError(403, 'not-invited', 'Du er ikke invitert til dette møtet.')
}

/**
 * Requires the admin credential, a valid token for `meetingId` (see verifyToken for the order of
 * the checks), or the session of a person invited to the meeting (or an admin): 401 without one,
 * for a bad one, or an expired one; 403 for a revoked token or one for another meeting (a
 * presented credential that fails is a CredentialError).
 */
export async function requireMeetingCaller(req: IncomingMessage, ctx: Pick<ApiContext, 'auth' | 'signIn'>, meetingId: string): Promise<Caller> {
  const { auth } = ctx
  const bearer = bearerOf(req)
  if (!bearer) {
    const person = await sessionOf(req, ctx)
    if (person) return sessionCaller(req, ctx, person, meetingId)
    throw new ApiError(401, 'credential-missing', 'Mangler tilgangsnøkkel. Bruk invitasjonslenken du har fått.', { headers: UNAUTHENTICATED })
  }
  if (auth.isAdmin(bearer)) return { kind: 'admin' }
  const check = await auth.verify(bearer, meetingId)
  // A valid link of a role that must sign in is no failed credential: it is not counted.
  if (!check.ok && check.failure === 'signInRequired') throw FAILURES.signInRequired
  if (!check.ok) throw new CredentialError(credentialKind(bearer), FAILURES[check.failure])
  const { claims } = check
  return { kind: 'member', claims, actor: { tokenId: claims.tid, role: claims.role, name: claims.name, org: claims.org } }
}

/** Requires a meeting token whose role passes `allowed` (403 otherwise, also for the admin). */
export function requireRole(caller: Caller, allowed: (role: Role) => boolean, what: string): Actor {
  if (caller.kind === 'admin') throw new ApiError(403, 'admin-has-no-role', `Administratoren har ingen rolle i møtet og kan ikke ${what}.`)
  if (!allowed(caller.actor.role)) {
    throw new ApiError(403, 'role-forbidden', `Rollen ${ROLE_INFO[caller.actor.role].label.toLowerCase()} kan ikke ${what}.`)
  }
  return caller.actor
}
