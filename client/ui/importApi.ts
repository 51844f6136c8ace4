import type { ImportMeetingRequest, ImportMeetingResponse, Invitation, MeetingSummary, UnreadLine } from '../../shared'
import { ApiError, call } from './api'

/**
 * `POST /api/meetings/import` (admin): a meeting whose minutes start from a pasted innkalling
 * (`text`) or a JSON agenda (`agenda`). Throws ApiError (400 names the field).
 */
export async function importMeeting(adminKey: string, request: ImportMeetingRequest): Promise<ImportMeetingResponse> {
  const body = await call('/api/meetings/import', adminKey, 'Kunne ikke importere innkallingen', { method: 'POST', body: request })
  if (!body.meeting) throw new ApiError('Serveren svarte uten møtet. Prøv igjen.')
  return {
    meeting: body.meeting as MeetingSummary,
    invitations: Array.isArray(body.invitations) ? (body.invitations as Invitation[]) : [],
    unread: Array.isArray(body.unread) ? (body.unread as UnreadLine[]) : [],
  }
}
