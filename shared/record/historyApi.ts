import type { ChainCheck, ChainHead, HistoryEvent } from './historyChain'

/** Path of a meeting's history: GET, `?after=<seq>&limit=<n>`. */
export const historyPath = (meetingId: string): string => `/api/meetings/${encodeURIComponent(meetingId)}/history`
/** Path of the check of a meeting's history chain: GET. */
export const historyVerifyPath = (meetingId: string): string => `${historyPath(meetingId)}/verify`

/** Events one history page holds when the request names no limit. */
export const DEFAULT_HISTORY_PAGE = 200

/** GET /api/meetings/:id/history → 200 */
export interface HistoryResponse {
  /** Oldest first: the events with seq > `after`, at most `limit`. */
  readonly events: readonly HistoryEvent[]
  /** The recorded head (last seq and hash), null when the meeting has no history yet. */
  readonly head: ChainHead | null
  /** `after` for the next page, or null when this page reaches the head. */
  readonly next: number | null
}

/** GET /api/meetings/:id/history/verify → 200 (both verdicts: the check itself ran). */
export type HistoryVerifyResponse = ChainCheck
