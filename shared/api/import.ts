import type { MeetingInfo, UnreadLine } from '../minutes'
import type { CreateMeetingResponse } from './types'

/**
 * POST /api/meetings/import (admin) → 201 ImportMeetingResponse. Exactly one of `text` (the
 * pasted innkalling, read by parseInnkalling) and `agenda` (the JSON agenda format, see
 * parseAgendaJson). Fields given in `meeting` override what the agenda says. 400 names the bad
 * field (`text`, `agenda.items[2].caseType`, `meeting.date`, ...); when the text holds no sak the
 * 400 body also carries `unread`.
 */
export interface ImportMeetingRequest {
  readonly meeting?: Partial<MeetingInfo>
  readonly text?: string
  readonly agenda?: unknown
}

/** As CreateMeetingResponse, plus the lines of the text the parser did not use. */
export interface ImportMeetingResponse extends CreateMeetingResponse {
  readonly unread: UnreadLine[]
}

/** The 400 of an import whose text holds no sak. */
export interface ImportNoItemsErrorBody {
  readonly error: string
  readonly field: 'text'
  readonly unread: UnreadLine[]
}
