import { LANGUAGE_NAMES, isLanguage, isRole, type HistoryActor, type HistoryEvent } from '../../shared'
import { t } from '../i18n'
import { roleLabel as roleWord } from '../i18n/minutesLabels'
import { FLAG_STATUS_KEY, flagStatusLabel } from './format'

/** Words for the events of a meeting's history (shared/record), in the interface language. Pure. */

/** "Administrator", or the role's label. */
function roleLabel(role: unknown): string {
  if (role === 'admin') return t('editor.history.admin')
  return isRole(role) ? roleWord(role) : t('editor.history.unknownRole')
}

/** Who did it: the name, else the role; " (innlogget)" for someone signed in with the identity provider. */
export function historyActorText(actor: HistoryActor): string {
  const who = actor.name ?? roleLabel(actor.role)
  return actor.verified ? t('editor.history.signedIn', { who }) : who
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
  const sak = typeof d.sakId === 'string' ? sakLabel(d.sakId) : t('editor.history.theMinutes')
  const role = () => roleLabel(d.role).toLowerCase()
  switch (event.kind) {
    case 'meeting-created':
      return t('editor.history.event.meetingCreated')
    case 'decision-confirmed':
      return d.reconfirmation === true
        ? t('editor.history.event.decisionReconfirmed', { sak, hash: shortHash(d.textSha256), previous: shortHash(d.previousTextSha256) })
        : t('editor.history.event.decisionConfirmed', { sak, hash: shortHash(d.textSha256) })
    case 'flag-raised':
      return t('editor.history.event.flagRaised', { sak })
    case 'flag-decided': {
      const status = typeof d.status === 'string' && d.status in FLAG_STATUS_KEY ? flagStatusLabel(d.status as keyof typeof FLAG_STATUS_KEY) : text(d.status)
      return t('editor.history.event.flagDecided', { status: status.toLowerCase() })
    }
    case 'version-saved':
      return t('editor.history.event.versionSaved', { name: text(d.name) })
    case 'meeting-closed':
      return t('editor.history.event.meetingClosed')
    case 'meeting-reopened':
      return t('editor.history.event.meetingReopened')
    case 'minutes-approved':
      return d.approvedInMeeting
        ? t('editor.history.event.approvedIn', { meeting: text(d.approvedInMeeting) })
        : t('editor.history.event.approved')
    case 'minutes-sealed':
      return t('editor.history.event.sealed')
    case 'token-minted':
      return d.name
        ? t('editor.history.event.tokenMintedNamed', { name: text(d.name), role: role() })
        : t('editor.history.event.tokenMinted', { role: role() })
    case 'token-revoked':
      return t('editor.history.event.tokenRevoked', { role: role() })
    case 'invitation-created':
      return t('editor.history.event.invitationCreated', { role: role(), person: text(d.personEmail) || text(d.personSubject) })
    case 'sign-in-roles-changed': {
      const roles = Array.isArray(d.roles) ? d.roles.map((r) => roleLabel(r).toLowerCase()) : []
      return roles.length > 0
        ? t('editor.history.event.signInRolesChanged', { roles: roles.join(', ') })
        : t('editor.history.event.signInRolesCleared')
    }
    case 'action-status-changed': {
      const values = { meeting: text(d.fromMeetingNumber) || t('editor.history.noNumber'), text: text(d.text) }
      return d.status === 'done'
        ? t('editor.history.event.actionDone', values)
        : t('editor.history.event.actionOpen', values)
    }
    case 'language-changed':
      return t('editor.history.event.languageChanged', { language: isLanguage(d.language) ? LANGUAGE_NAMES[d.language] : text(d.language) })
    default:
      return t('editor.history.event.other', { kind: String(event.kind) })
  }
}
