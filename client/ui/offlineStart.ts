import { canWriteMinutes, type MeetingResponse } from '../../shared'
import { loadStoredMeeting, touchReaderCopy } from '../sync'
import { ApiError } from './api'

/**
 * A reader's meeting page without the server (issue 16): the answer to `GET /api/meetings/:id`
 * is kept with the reader's offline copy, so that a page opened when the server cannot be
 * reached shows the stored minutes (with "Ikke direkte") instead of an error.
 */

/** Notes the meeting as opened now (the housekeeping's clock) and keeps the server's answer, for a reading role. */
export function keepForOffline(meetingId: string, response: MeetingResponse): void {
  const role = response.me?.role ?? 'observatør'
  if (canWriteMinutes(role)) return
  void touchReaderCopy(meetingId, Date.now(), response)
}

/** Whether a failed request says nothing about access: no answer at all, or a server fault (5xx). */
function unreachable(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false
  return err.kind === 'network' || (err.kind === 'server' && (err.status === 0 || err.status >= 500))
}

/** The stored answer for a meeting this browser keeps a reader's copy of, when the server could not be reached; else null. */
export async function storedMeetingIfUnreachable(meetingId: string, err: unknown): Promise<MeetingResponse | null> {
  if (!unreachable(err)) return null
  const stored = await loadStoredMeeting(meetingId)
  if (!stored) return null
  // The stored answer is a reader's: a writing role keeps its own copy (y-indexeddb) and opens only online.
  return canWriteMinutes(stored.me?.role ?? 'observatør') ? null : stored
}
