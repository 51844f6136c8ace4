import { CLOSE } from '../../shared/protocol'

/**
 * The connection and save state of one meeting, and how the interface says it in Norwegian.
 * Pure: the session computes a SyncStatus, this module turns it into words.
 */

/** What the connection is doing, as the secretary should understand it. */
export type Connection = 'connecting' | 'connected' | 'disconnected'

/** A problem the server reported by closing the connection with a named code. */
export type SyncProblem =
  | 'unknown-meeting'
  | 'outdated-client'
  | 'update-rejected'
  | 'rejected-repeatedly'
  /** 4401: no valid token. */
  | 'unauthorized'
  | 'token-expired'
  /** 4403 with the reason of the same name. */
  | 'token-revoked'
  | 'wrong-meeting'
  | 'read-only'
  | 'meeting-closed'
  /** 4403 for any other reason (foreign-awareness): a fault on our side. */
  | 'forbidden'
  /**
   * The server cannot store changes (its storage is read-only): from GET /api/status at start,
   * or a close with 4503. The minutes can be read, not changed.
   */
  | 'storage-read-only'
  /** 4403 `sign-in-required`: the link's role must sign in with the identity provider now. */
  | 'sign-in-required'
  /** 4403 `session-ended`: the person signed out elsewhere, or an admin ended the session. */
  | 'session-ended'
  /** 4409: this tab's edits are under a client id another connection introduced (refused; no reconnect). */
  | 'client-id-taken'
  /** 4429: the connection sent too much too fast and was closed; it reconnects. */
  | 'rate-limited'
  /** 4413: this tab's presence was too large; it reconnects. */
  | 'presence-too-large'

/** Problems after which nothing works until the person gets a new invitation link. */
export const ACCESS_PROBLEMS: ReadonlySet<SyncProblem> = new Set<SyncProblem>([
  'unauthorized',
  'token-expired',
  'token-revoked',
  'wrong-meeting',
  'sign-in-required',
  'session-ended',
])

/** Everything the status bar and the editor gate need. Immutable snapshots. */
export interface SyncStatus {
  readonly connection: Connection
  /** The first sync exchange of the current connection has completed. */
  readonly synced: boolean
  /** The local document holds something the server has not confirmed as stored. */
  readonly pending: boolean
  readonly problem: SyncProblem | null
  /** The minutes have content (from the server or from this browser's local copy). */
  readonly hasContent: boolean
}

/** Before anything happened. */
export const INITIAL_SYNC_STATUS: SyncStatus = {
  connection: 'connecting',
  synced: false,
  pending: false,
  problem: null,
  hasContent: false,
}

/** The four states the status bar shows. */
export type StatusKind = 'saved' | 'saving' | 'connecting' | 'offline'

/** The status bar's text for a status. */
export interface StatusDescription {
  readonly kind: StatusKind
  readonly text: string
}

export const STATUS_TEXT = {
  saved: 'Lagret',
  saving: 'Lagrer … ikke bekreftet ennå',
  connecting: 'Kobler til …',
  offline: 'Frakoblet – endringer lagres lokalt',
} as const satisfies Record<StatusKind, string>

/** The status bar while the server's storage is read-only. */
export const STORAGE_READ_ONLY_TEXT = 'Skrivebeskyttet – endringer lagres ikke'

/** Added to the offline text while something is not stored on the server. */
export const PENDING_HINT = ' (ulagrede endringer venter)'

function pendingHint(status: SyncStatus): string {
  return status.pending ? PENDING_HINT : ''
}

/** What the status bar says. */
export function describeStatus(status: SyncStatus): StatusDescription {
  if (status.problem === 'storage-read-only' && status.connection !== 'disconnected') {
    // Never "Lagret": nothing typed here can be stored.
    return { kind: 'offline', text: STORAGE_READ_ONLY_TEXT + pendingHint(status) }
  }
  if (status.connection === 'disconnected' || status.problem) {
    return { kind: 'offline', text: STATUS_TEXT.offline + pendingHint(status) }
  }
  if (status.connection === 'connecting' || !status.synced) {
    return { kind: 'connecting', text: STATUS_TEXT.connecting }
  }
  if (status.pending) return { kind: 'saving', text: STATUS_TEXT.saving }
  return { kind: 'saved', text: STATUS_TEXT.saved }
}

/** The problem a close code and reason stand for (null: not a problem we name). */
export function problemForClose(code: number, reason: string): SyncProblem | null {
  if (code === CLOSE.unknownDocument.code) return 'unknown-meeting'
  if (code === CLOSE.clientOutdated.code) return 'outdated-client'
  if (code === CLOSE.unauthorized.code) return reason === CLOSE.tokenExpired.reason ? 'token-expired' : 'unauthorized'
  if (code === CLOSE.storageReadOnly.code) return 'storage-read-only'
  if (code === CLOSE.clientIdTaken.code) return 'client-id-taken'
  if (code === CLOSE.rateLimited.code) return 'rate-limited'
  if (code === CLOSE.awarenessTooLarge.code) return 'presence-too-large'
  if (code !== CLOSE.tokenRevoked.code) return null
  switch (reason) {
    case CLOSE.tokenRevoked.reason:
      return 'token-revoked'
    case CLOSE.wrongMeeting.reason:
      return 'wrong-meeting'
    case CLOSE.readOnly.reason:
      return 'read-only'
    case CLOSE.meetingClosed.reason:
      return 'meeting-closed'
    case CLOSE.signInRequired.reason:
      return 'sign-in-required'
    case CLOSE.sessionEnded.reason:
      return 'session-ended'
    default:
      return 'forbidden'
  }
}

/** The prominent message for a problem, or null. */
export function describeProblem(problem: SyncProblem | null): string | null {
  switch (problem) {
    case 'unknown-meeting':
      return 'Fant ikke dette møtet på serveren. Lenken kan være feil, eller møtet finnes ikke lenger.'
    case 'outdated-client':
      return 'Denne siden er utdatert. Last inn siden på nytt for å fortsette å skrive.'
    case 'update-rejected':
      return 'Serveren avviste en endring. Den siste endringen er ikke lagret. Prøver å koble til igjen …'
    case 'rejected-repeatedly':
      return 'Serveren avviste en endring flere ganger, så tilkoblingen er stoppet. Kopier tekst du vil ta vare på, og forkast de lokale endringene.'
    case 'unauthorized':
      return 'Invitasjonslenken er ikke gyldig. Be møtets sekretariat om en ny lenke.'
    case 'token-expired':
      return 'Invitasjonslenken er utløpt. Be møtets sekretariat om en ny lenke.'
    case 'token-revoked':
      return 'Invitasjonslenken er trukket tilbake. Be møtets sekretariat om en ny lenke.'
    case 'wrong-meeting':
      return 'Invitasjonslenken gjelder et annet møte. Åpne dette møtet med lenken du fikk til det.'
    case 'read-only':
      return 'Du har kun lesetilgang til dette møtet, så serveren tok ikke imot en endring fra denne nettleseren. Tilkoblingen er stoppet.'
    case 'meeting-closed':
      return 'Møtet er lukket, og referatet kan ikke lenger endres. Endringer gjort etter lukkingen er ikke lagret. Tilkoblingen er stoppet.'
    case 'storage-read-only':
      return 'Serveren kan ikke lagre endringer nå (lagringen er skrivebeskyttet). Referatet kan leses, men ikke endres.'
    case 'sign-in-required':
      return 'Rollen din krever nå innlogging med virksomhetens konto i dette møtet, så lenken alene gir ikke lenger tilgang. Tilkoblingen er stoppet. Logg inn for å fortsette.'
    case 'session-ended':
      return 'Du er logget ut: økten ble avsluttet, enten fra en annen fane eller av en administrator. Tilkoblingen er stoppet. Logg inn igjen for å fortsette.'
    case 'client-id-taken':
      return 'Serveren tok ikke imot endringene fra denne fanen, fordi en annen tilkobling allerede skriver under samme identitet. Tilkoblingen er stoppet. Kopier tekst du vil ta vare på, og forkast de lokale endringene.'
    case 'rate-limited':
      return 'Denne nettleseren sendte mer enn serveren tar imot på kort tid, så tilkoblingen ble stengt. Kobler til igjen …'
    case 'presence-too-large':
      return 'Serveren tok ikke imot markørinformasjonen fra denne nettleseren. Kobler til igjen …'
    case 'forbidden':
      return 'Serveren stengte tilkoblingen. Last inn siden på nytt.'
    default:
      return null
  }
}
