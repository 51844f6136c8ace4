import { ACCESS_PROBLEMS, type SyncProblem } from './statusText'

/**
 * Whether a problem the server reported removes a reader's offline copy: a definite refusal.
 * The person's access is gone (token refused, revoked, expired, for another meeting, sign-in
 * needed, session ended), the meeting is gone (4404), or the server refused the reader's sync
 * exchange as a change (4403 read-only: the copy holds something the server does not). Passing
 * troubles (rate limits, storage, a server going away) keep it.
 */
export function forgetsReaderCopy(problem: SyncProblem | null): boolean {
  if (problem === null) return false
  return ACCESS_PROBLEMS.has(problem) || problem === 'unknown-meeting' || problem === 'read-only'
}
