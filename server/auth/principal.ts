import type { TokenClaims } from '../../shared/auth'
import type { Actor } from '../../shared/register'
import type { TokenRecord } from '../persistence'

/** A person as the identity provider vouches for them (from the ID token). */
export interface Person {
  readonly issuer: string
  readonly subject: string
  readonly name: string | null
  /** Lower case. */
  readonly email: string | null
  readonly org: string | null
}

/** A signed-in person: what a valid session cookie resolves to. */
export interface PersonPrincipal extends Person {
  readonly kind: 'person'
  /** From OIDC_ADMINS or OIDC_ADMIN_CLAIM at sign-in. */
  readonly isAdmin: boolean
  /** The session's stored id (SHA-256 of the cookie's secret): safe to log and to compare. */
  readonly sessionId: string
  /** What state-changing requests made with the cookie must send in X-CSRF-Token. */
  readonly csrfToken: string
  /** When the session ends, ms since the epoch. */
  readonly expiresAtMs: number
}

/** A meeting link: what a valid meeting token resolves to. */
export interface LinkPrincipal {
  readonly kind: 'link'
  readonly claims: TokenClaims
}

/**
 * Who is asking, whichever way they proved it: a meeting link (token) or a signed-in person
 * (session). The admin credential is no principal: it is a key, not someone.
 */
export type Principal = LinkPrincipal | PersonPrincipal

/**
 * The Actor of a signed-in person acting through their invitation: the invitation's token id and
 * role, the provider's name (else the e-mail), verified, with issuer and subject.
 */
export function personActor(person: Person, invitation: TokenRecord): Actor {
  return {
    tokenId: invitation.id,
    role: invitation.role,
    name: person.name ?? person.email ?? invitation.name,
    org: person.org ?? invitation.org,
    verified: true,
    issuer: person.issuer,
    subject: person.subject,
  }
}
