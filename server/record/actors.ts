import type { HistoryActor } from '../../shared/record'
import type { Actor } from '../../shared/register'
import type { PersonPrincipal } from '../auth'

/** A meeting actor (from a token or a signed-in person's invitation) as the history names them. */
export function historyActorOf(actor: Actor): HistoryActor {
  return {
    role: actor.role,
    name: actor.name,
    verified: actor.verified === true,
    tokenId: actor.tokenId,
    ...(actor.issuer !== undefined ? { issuer: actor.issuer } : {}),
    ...(actor.subject !== undefined ? { subject: actor.subject } : {}),
  }
}

/** The admin: a signed-in admin person (verified), or null for the admin credential (nobody named). */
export function adminHistoryActor(person: PersonPrincipal | null): HistoryActor {
  if (!person) return { role: 'admin', name: null, verified: false }
  return { role: 'admin', name: person.name ?? person.email, verified: true, issuer: person.issuer, subject: person.subject }
}
