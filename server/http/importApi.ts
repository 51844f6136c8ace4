import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ImportMeetingResponse, ImportNoItemsErrorBody } from '../../shared/api'
import {
  AgendaFormatError,
  MeetingValidationError,
  draftToMinutes,
  parseAgendaJson,
  parseInnkalling,
  parseMeetingInfo,
  type AgendaDraft,
  type MeetingInfo,
  type MeetingSummary,
} from '../../shared/minutes'
import { registerDocName } from '../../shared/register'
import { log } from '../log'
import { initialRegisterUpdate, minutesUpdateFromJSON } from '../rooms'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { requireAdmin } from './authenticate'
import { newMeetingId, roleInvitations } from './newMeeting'
import { readBody } from './readBody'
import { sendJson } from './respond'

const REQUEST_FIELDS = ['meeting', 'text', 'agenda']

/** The agenda of an import request: the pasted text parsed, or the JSON agenda checked. */
function draftOf(body: Record<string, unknown>): AgendaDraft {
  if (body.text !== undefined && body.agenda !== undefined) {
    throw new ApiError(400, 'Send enten «text» (innkallingen som tekst) eller «agenda» (JSON), ikke begge.', 'agenda')
  }
  if (body.agenda !== undefined) {
    try {
      return parseAgendaJson(body.agenda)
    } catch (err) {
      if (!(err instanceof AgendaFormatError)) throw err
      throw new ApiError(400, err.message, err.field === 'agenda' ? 'agenda' : `agenda.${err.field}`)
    }
  }
  if (typeof body.text !== 'string' || !body.text.trim()) {
    throw new ApiError(400, 'Lim inn teksten i innkallingen («text»), eller send en agenda som JSON («agenda»).', 'text')
  }
  return parseInnkalling(body.text)
}

/** The meeting's details: what the agenda says, overridden by the request's `meeting` fields. */
function meetingInfoOf(draft: AgendaDraft, overrides: unknown): MeetingInfo {
  if (overrides !== undefined && (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides))) {
    throw new ApiError(400, '«meeting» må være et JSON-objekt med møtets felt.', 'meeting')
  }
  const first = Number(draft.items[0]?.number.split('/')[0] ?? 1)
  try {
    return parseMeetingInfo({ firstAgendaNumber: first, ...draft.info, ...(overrides as object | undefined) })
  } catch (err) {
    if (!(err instanceof MeetingValidationError)) throw err
    throw new ApiError(400, err.message, `meeting.${err.field}`)
  }
}

/**
 * POST /api/meetings/import (admin credential): creates a meeting whose minutes start from an
 * agenda, `{ meeting?, text }` or `{ meeting?, agenda }` (see ImportMeetingRequest). Answers 201
 * ImportMeetingResponse; 400 naming the bad field, with `unread` when the text holds no sak;
 * 401/403 without the admin credential; 413/415 from readBody. Throws ApiError.
 */
export async function handleImportMeeting(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const admin = await requireAdmin(req, ctx)
  const body = await readBody(req)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'Forventet et JSON-objekt med «meeting» og «text» eller «agenda».', 'body')
  }
  const fields = body as Record<string, unknown>
  const unknown = Object.keys(fields).find((k) => !REQUEST_FIELDS.includes(k))
  if (unknown !== undefined) throw new ApiError(400, `Ukjent felt «${unknown}»; kjente felt er ${REQUEST_FIELDS.join(', ')}.`, unknown)
  const draft = draftOf(fields)
  if (draft.items.length === 0) {
    const error = 'Fant ingen saker i innkallingen. Sjekk at sakslisten har linjer som «12/20 Tittel Sakstype».'
    return sendJson(res, 400, { error, field: 'text', unread: draft.unread } satisfies ImportNoItemsErrorBody)
  }
  const info = meetingInfoOf(draft, fields.meeting)
  const meeting: MeetingSummary = { id: newMeetingId(), ...info, createdAt: new Date().toISOString() }
  await ctx.store.createMeeting(meeting, minutesUpdateFromJSON(draftToMinutes(draft, info)), new Map([[registerDocName(meeting.id), initialRegisterUpdate()]]))
  const invitations = await roleInvitations(req, ctx, meeting.id, admin)
  log.info('meeting imported', { docName: meeting.id, items: draft.items.length, unread: draft.unread.length })
  sendJson(res, 201, { meeting, invitations, unread: draft.unread } satisfies ImportMeetingResponse)
}
