import { ROLE_INFO, isRole, type HistoryActor, type HistoryEvent } from '../../shared'
import { FLAG_STATUS_LABEL } from './format'

/** Norwegian words for the events of a meeting's history (shared/record). Pure. */

/** "Administrator", or the role's label. */
function roleLabel(role: unknown): string {
  if (role === 'admin') return 'Administrator'
  return isRole(role) ? ROLE_INFO[role].label : 'ukjent rolle'
}

/** Who did it: the name, else the role; " (innlogget)" for someone signed in with the identity provider. */
export function historyActorText(actor: HistoryActor): string {
  const who = actor.name ?? roleLabel(actor.role)
  return actor.verified ? `${who} (innlogget)` : who
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** The first 8 characters of a SHA-256, to tell texts apart at a glance (the full hash is in the export). */
export const shortHash = (hash: unknown): string => (typeof hash === 'string' ? hash.slice(0, 8) : '')

/**
 * What happened, as one sentence. `sakLabel` names a sak by its id ("sak 17/23"); unknown ids
 * (a sak removed since) are shown as they are.
 */
export function describeHistoryEvent(event: HistoryEvent, sakLabel: (sakId: string) => string): string {
  const d = event.details
  const sak = typeof d.sakId === 'string' ? sakLabel(d.sakId) : 'referatet'
  switch (event.kind) {
    case 'meeting-created':
      return 'Møtet ble opprettet.'
    case 'decision-confirmed':
      return d.reconfirmation === true
        ? `Vedtaket i ${sak} ble bekreftet på nytt (tekst ${shortHash(d.textSha256)}, før ${shortHash(d.previousTextSha256)}).`
        : `Vedtaket i ${sak} ble bekreftet (tekst ${shortHash(d.textSha256)}).`
    case 'flag-raised':
      return `Merknad meldt til ${sak}.`
    case 'flag-decided': {
      const status = d.status as keyof typeof FLAG_STATUS_LABEL
      return `Merknad behandlet: ${(FLAG_STATUS_LABEL[status] ?? text(d.status)).toLowerCase()}.`
    }
    case 'version-saved':
      return `Versjon lagret: «${text(d.name)}».`
    case 'meeting-closed':
      return 'Møtet ble lukket.'
    case 'meeting-reopened':
      return 'Møtet ble åpnet igjen.'
    case 'minutes-approved':
      return d.approvedInMeeting ? `Referatet ble godkjent i ${text(d.approvedInMeeting)}.` : 'Referatet ble godkjent.'
    case 'minutes-sealed':
      return 'Det godkjente referatet ble forseglet.'
    case 'token-minted':
      return `Lenke laget for ${d.name ? `${text(d.name)} (${roleLabel(d.role).toLowerCase()})` : roleLabel(d.role).toLowerCase()}.`
    case 'token-revoked':
      return `Lenke trukket tilbake (${roleLabel(d.role).toLowerCase()}).`
    case 'invitation-created':
      return `Personlig invitasjon som ${roleLabel(d.role).toLowerCase()} til ${text(d.personEmail) || text(d.personSubject)}.`
    case 'sign-in-roles-changed': {
      const roles = Array.isArray(d.roles) ? d.roles.map((r) => roleLabel(r).toLowerCase()) : []
      return roles.length > 0 ? `Krav om innlogging endret: ${roles.join(', ')}.` : 'Krav om innlogging fjernet for alle roller.'
    }
    case 'action-status-changed':
      return `Aksjonspunkt fra møte ${text(d.fromMeetingNumber) || 'uten nummer'} markert som ${d.status === 'done' ? 'utført' : 'åpent'}: «${text(d.text)}».`
    default:
      return `Hendelse: ${String(event.kind)}.`
  }
}
