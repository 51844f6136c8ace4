import type { ErrorCode } from './errorCodes'
import type { SourceFormat } from '../import'
import type { AgendaDraft, MeetingInfo, UnreadLine } from '../minutes'
import type { Language } from '../i18n/languages'
import type { CreateMeetingResponse } from './types'

/**
 * POST /api/meetings/import (admin) → 201 ImportMeetingResponse. Exactly one of `text` (the
 * pasted innkalling, read by parseInnkalling) and `agenda` (the JSON agenda format, see
 * parseAgendaJson). Fields given in `meeting` override what the agenda says; `meeting.language`
 * ('nb' when absent) is the new meeting's language (issue 16). 400 names the bad
 * field (`text`, `agenda.items[2].caseType`, `meeting.date`, ...); when the text holds no sak the
 * 400 body also carries `unread`.
 */
export interface ImportMeetingRequest {
  readonly meeting?: Partial<MeetingInfo> & { readonly language?: Language }
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
  readonly code: 'import-no-agenda-items'
  /** `source` is `text` or `file`, as `field`. */
  readonly params: { readonly source: 'text' | 'file' }
  readonly field: 'text' | 'file'
  readonly unread: UnreadLine[]
}

/**
 * POST /api/meetings/import/read (admin) → 200 ImportReadResponse: an innkalling file (or
 * `{ text }`) read and parsed without creating anything, for the preview. The file goes as
 * multipart/form-data (field `file`) or as the raw body with its Content-Type; its kind is told
 * from its content. `text` is the document as plain text (table cells joined by tabs), for the
 * text box; `draft` is what the import would create from the file.
 */
export interface ImportReadResponse {
  readonly source: { readonly format: SourceFormat; readonly lineCount: number; readonly fileName: string | null }
  readonly text: string
  readonly draft: AgendaDraft
}

/** The error body of a refused innkalling file: `code` says why (see ImportFileErrorCode on the server). */
export interface ImportFileErrorBody {
  readonly error: string
  readonly field: 'file'
  readonly code: ErrorCode
  readonly params?: Readonly<Record<string, number | string>>
}
