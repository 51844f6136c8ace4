import { CLOSE } from '../../shared/protocol'
import { t } from '../i18n'

/**
 * The connection and save state of one meeting, and how the interface says it (common catalogue).
 * The session computes a SyncStatus, this module turns it into words in the current language.
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

/** The status bar's words for each state (catalogue keys, written out for the catalogue check). */
const STATUS_KEYS = {
  saved: 'common.sync.saved',
  saving: 'common.sync.saving',
  connecting: 'common.sync.connecting',
  offline: 'common.sync.offline',
} as const satisfies Record<StatusKind, string>

/** What the status bar says, in the interface language at call time. */
export function describeStatus(status: SyncStatus): StatusDescription {
  if (status.problem === 'storage-read-only' && status.connection !== 'disconnected') {
    // Never "Lagret": nothing typed here can be stored.
    return { kind: 'offline', text: t(status.pending ? 'common.sync.storageReadOnlyPending' : 'common.sync.storageReadOnly') }
  }
  if (status.connection === 'disconnected' || status.problem) {
    // "(ulagrede endringer venter)" while something is not stored on the server.
    return { kind: 'offline', text: t(status.pending ? 'common.sync.offlinePending' : STATUS_KEYS.offline) }
  }
  if (status.connection === 'connecting' || !status.synced) {
    return { kind: 'connecting', text: t(STATUS_KEYS.connecting) }
  }
  if (status.pending) return { kind: 'saving', text: t(STATUS_KEYS.saving) }
  return { kind: 'saved', text: t(STATUS_KEYS.saved) }
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

/** The prominent message of each problem (catalogue keys). */
const PROBLEM_KEYS: Readonly<Record<SyncProblem, string>> = {
  'unknown-meeting': 'common.problem.unknownMeeting',
  'outdated-client': 'common.problem.outdatedClient',
  'update-rejected': 'common.problem.updateRejected',
  'rejected-repeatedly': 'common.problem.rejectedRepeatedly',
  unauthorized: 'common.problem.unauthorized',
  'token-expired': 'common.problem.tokenExpired',
  'token-revoked': 'common.problem.tokenRevoked',
  'wrong-meeting': 'common.problem.wrongMeeting',
  'read-only': 'common.problem.readOnly',
  'meeting-closed': 'common.problem.meetingClosed',
  'storage-read-only': 'common.problem.storageReadOnly',
  'sign-in-required': 'common.problem.signInRequired',
  'session-ended': 'common.problem.sessionEnded',
  'client-id-taken': 'common.problem.clientIdTaken',
  'rate-limited': 'common.problem.rateLimited',
  'presence-too-large': 'common.problem.presenceTooLarge',
  forbidden: 'common.problem.forbidden',
}

/** The prominent message for a problem (in the interface language at call time), or null. */
export function describeProblem(problem: SyncProblem | null): string | null {
  return problem ? t(PROBLEM_KEYS[problem]) : null
}
