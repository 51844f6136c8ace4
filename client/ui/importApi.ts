import type { ImportMeetingRequest, ImportMeetingResponse, ImportReadResponse, Invitation, Language, MeetingSummary, UnreadLine } from '../../shared'
import { ApiError, call } from './api'
import { errorText } from '../i18n/errorText'
import { credentialHeaders } from './signIn'
import { t } from '../i18n'

/**
 * `POST /api/meetings/import` (admin): a meeting whose minutes start from a pasted innkalling
 * (`text`) or a JSON agenda (`agenda`); `meeting.language` is the language of its minutes. Throws
 * ApiError (400 names the field).
 */
export async function importMeeting(
  adminKey: string,
  request: ImportMeetingRequest & { readonly meeting?: ImportMeetingRequest['meeting'] & { readonly language?: Language } },
): Promise<ImportMeetingResponse> {
  const body = await call('/api/meetings/import', adminKey, t('admin.api.importMeeting'), { method: 'POST', body: request })
  if (!body.meeting) throw new ApiError(t('admin.api.noMeeting'))
  return {
    meeting: body.meeting as MeetingSummary,
    invitations: Array.isArray(body.invitations) ? (body.invitations as Invitation[]) : [],
    unread: Array.isArray(body.unread) ? (body.unread as UnreadLine[]) : [],
  }
}

/**
 * `POST /api/meetings/import/read` (admin): the file as the raw body with its type and name; the
 * server tells what the file is from its content and answers its text and draft. Creates nothing.
 * Throws ApiError (field `file`; 413 too large, 415 not a format it reads, 422 unreadable).
 */
export async function readImportFile(adminKey: string, file: File): Promise<ImportReadResponse> {
  let response: Response
  try {
    response = await fetch('/api/meetings/import/read', {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        ...credentialHeaders(adminKey),
        'Content-Type': file.type || 'application/octet-stream',
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      },
      body: file,
    })
  } catch {
    throw new ApiError(t('admin.api.network'), 'file', 'network')
  }
  let body: Record<string, unknown> = {}
  try {
    body = (await response.json()) as Record<string, unknown>
  } catch {
    // A 413 from a proxy in front may have no JSON body; the status says enough.
  }
  if (response.ok && body.draft && typeof body.text === 'string') return body as unknown as ImportReadResponse
  const kind = response.status === 401 ? 'unauthorized' : response.status === 403 ? 'forbidden' : response.status >= 500 ? 'server' : 'invalid'
  const message = errorText(body, t('admin.api.readFile', { status: response.status }))
  throw new ApiError(message, 'file', kind, response.status, typeof body.code === 'string' ? body.code : null)
}
