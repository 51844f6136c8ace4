/**
 * The connection and save state of one meeting, and how the interface says it in Norwegian.
 * Pure: the session computes a SyncStatus, this module turns it into words.
 */

/** What the connection is doing, as the secretary should understand it. */
export type Connection = 'connecting' | 'connected' | 'disconnected'

/** A problem the server reported by closing the connection with a named code. */
export type SyncProblem = 'unknown-meeting' | 'outdated-client' | 'update-rejected' | 'rejected-repeatedly'

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

/** Added to the offline text while something is not stored on the server. */
export const PENDING_HINT = ' (ulagrede endringer venter)'

function pendingHint(status: SyncStatus): string {
  return status.pending ? PENDING_HINT : ''
}

/** What the status bar says. */
export function describeStatus(status: SyncStatus): StatusDescription {
  if (status.connection === 'disconnected' || status.problem) {
    return { kind: 'offline', text: STATUS_TEXT.offline + pendingHint(status) }
  }
  if (status.connection === 'connecting' || !status.synced) {
    return { kind: 'connecting', text: STATUS_TEXT.connecting }
  }
  if (status.pending) return { kind: 'saving', text: STATUS_TEXT.saving }
  return { kind: 'saved', text: STATUS_TEXT.saved }
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
    default:
      return null
  }
}
