import { useCallback, useSyncExternalStore } from 'react'
import type { MeetingSession } from './MeetingSession'
import type { SyncProblem } from './statusText'

/** Problems after which the session keeps trying to reconnect (the others stop it, with a banner of their own). */
const RECONNECTING_PROBLEMS: ReadonlySet<SyncProblem> = new Set<SyncProblem>(['rate-limited', 'presence-too-large'])

/** What a reader's "Ikke direkte" banner needs to know. */
export interface OfflineCopyState {
  /** The minutes are shown but are not live: not connected and in sync, and trying again. */
  readonly notLive: boolean
  /** From when on to show it (ms since the epoch; see ReaderCopy.notLiveNoticeAtMs); null while live. */
  readonly noticeAtMs: number | null
  /** When the last sync from the server was received, ms since the epoch (here or stored); null if unknown. */
  readonly syncedAtMs: number | null
}

const noSubscription = () => () => {}

/** The reader's offline-copy state of `session`, live; null for a writing role (it has no reader copy). */
export function useOfflineCopy(session: MeetingSession): OfflineCopyState | null {
  const copy = session.readerCopy
  const notLive = useSyncExternalStore(session.subscribe, () => {
    const status = session.getStatus()
    const live = status.connection === 'connected' && status.synced
    const retrying = status.problem === null || RECONNECTING_PROBLEMS.has(status.problem)
    return copy !== null && status.hasContent && !live && retrying
  })
  const subscribeCopy = copy ? copy.subscribe : noSubscription
  const syncedAtMs = useSyncExternalStore(subscribeCopy, () => copy?.getSyncedAtMs() ?? null)
  // The copy's own events do not cover a status change alone: subscribe to both.
  const subscribeBoth = useCallback(
    (onChange: () => void) => {
      const stopSession = session.subscribe(onChange)
      const stopCopy = subscribeCopy(onChange)
      return () => {
        stopSession()
        stopCopy()
      }
    },
    [session, subscribeCopy],
  )
  const noticeAtMs = useSyncExternalStore(subscribeBoth, () => copy?.notLiveNoticeAtMs() ?? null)
  if (!copy) return null
  return { notLive, noticeAtMs, syncedAtMs }
}
