import { useSyncExternalStore } from 'react'
import type { MeetingSession } from './MeetingSession'
import type { SyncProblem } from './statusText'

/** Problems after which the session keeps trying to reconnect (the others stop it, with a banner of their own). */
const RECONNECTING_PROBLEMS: ReadonlySet<SyncProblem> = new Set<SyncProblem>(['rate-limited', 'presence-too-large'])

/** What a reader's "Ikke direkte" banner needs to know. */
export interface OfflineCopyState {
  /** The minutes are shown but are not live: not connected and in sync, and trying again. */
  readonly notLive: boolean
  /** Not live since the page started (the first connection failed): no grace, show it at once. */
  readonly neverLive: boolean
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
  const neverLive = useSyncExternalStore(subscribeCopy, () => !(copy?.hasBeenLive() ?? false))
  if (!copy) return null
  return { notLive, neverLive, syncedAtMs }
}
