import { extractActionItems, type MeetingSummary } from '../../shared/minutes'
import { log } from '../log'
import type { Storage } from '../persistence'
import { MeetingQueue } from '../minutes/MeetingQueue'
import { readStoredMinutes } from './readMinutes'

/** Default of ActionSyncOptions.debounceMs: a secretary typing an aksjonspunkt is read in once, after a pause. */
export const ACTION_SYNC_DEBOUNCE_MS = 3000

/** Longest close() waits for the meeting being read in by the queue, in milliseconds. */
const CLOSE_WAIT_MS = 2000

/** Meetings read in at most per listing of an organ that were not read in since this process started. */
const MAX_FIRST_SYNCS_PER_LIST = 200

export interface ActionSyncOptions {
  /** How long after the last stored change a meeting's minutes are read in, in milliseconds. */
  readonly debounceMs?: number
  /** Milliseconds since the epoch (tests may fix it). */
  readonly now?: () => number
}

/**
 * Reads the aksjonspunkter of a meeting's minutes into its organ's follow-up list (ActionStore)
 * off the durable write path: after a change is stored (debounced per meeting), when the meeting
 * is closed, and once per process for every meeting of an organ whose list is asked for (minutes
 * from before issue 15, or changed on another node). Reads what storage holds, never a room, so
 * it neither loads rooms nor waits for commits. Syncing is idempotent and keeps statuses, so
 * several nodes may do it at once. Never throws: failures are logged and retried at the next change.
 */
export class ActionSync {
  /** Meetings whose minutes were stored, read in one at a time after the debounce. */
  private readonly queue: MeetingQueue
  /** The sync running per meeting: the next one waits for it, so one node writes in order. */
  private readonly running = new Map<string, Promise<void>>()
  private readonly synced = new Set<string>()

  constructor(
    private readonly storage: Pick<Storage, 'load' | 'getMeeting' | 'actions' | 'readOnly'>,
    private readonly options: ActionSyncOptions = {},
  ) {
    const debounceMs = options.debounceMs ?? ACTION_SYNC_DEBOUNCE_MS
    this.queue = new MeetingQueue((meetingId) => this.syncNow(meetingId), {
      debounceMs,
      maxDelayMs: 10 * debounceMs,
      failure: 'aksjonspunkter not read into the follow-up list',
    })
  }

  /** Documents were stored (CommitterOptions.onCommitted): the minutes among them are read in after the debounce, one meeting at a time. */
  minutesStored(docNames: readonly string[]): void {
    if (!this.storage.readOnly) this.queue.mark(docNames)
  }

  /** Reads the meeting's minutes in now (after a sync already running for it); resolves when stored or failed. */
  syncNow(meetingId: string, meeting?: MeetingSummary): Promise<void> {
    if (this.storage.readOnly) return Promise.resolve()
    const previous = this.running.get(meetingId) ?? Promise.resolve()
    const next = previous.then(() => this.read(meetingId, meeting))
    this.running.set(meetingId, next)
    void next.then(() => {
      if (this.running.get(meetingId) === next) this.running.delete(meetingId)
    })
    return next
  }

  /** Reads in the meetings not yet read by this process (at most a few hundred per call). */
  async ensureSynced(meetings: readonly MeetingSummary[]): Promise<void> {
    const missing = meetings.filter((m) => !this.synced.has(m.id)).slice(0, MAX_FIRST_SYNCS_PER_LIST)
    for (const meeting of missing) await this.syncNow(meeting.id, meeting)
  }

  /** Stops the debounce timers and waits for the syncs that run (shutdown). */
  async close(): Promise<void> {
    await this.queue.close(CLOSE_WAIT_MS)
    await Promise.allSettled([...this.running.values()])
  }

  private async read(meetingId: string, known?: MeetingSummary): Promise<void> {
    try {
      const meeting = known ?? (await this.storage.getMeeting(meetingId))
      const minutes = meeting && (await readStoredMinutes(this.storage, meetingId))
      if (!meeting || !minutes) {
        // Nothing to read (yet): a stored change will bring it.
        this.synced.add(meetingId)
        return
      }
      const items = extractActionItems(minutes.toJSON())
      await this.storage.actions.syncMeetingActions(meeting.organ, meetingId, items, new Date(this.options.now?.() ?? Date.now()).toISOString())
      this.synced.add(meetingId)
    } catch (err) {
      log.error('aksjonspunkter not read into the follow-up list', { docName: meetingId, err })
    }
  }
}
