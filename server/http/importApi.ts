import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ImportMeetingResponse, ImportNoItemsErrorBody, ImportReadResponse } from '../../shared/api'
import { sourceToText, textToSource, type SourceDocument } from '../../shared/import'
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
import type { Language } from '../../shared/i18n/languages'
import { registerDocName } from '../../shared/register'
import { ImportFileError, draftOfSource, readInnkallingFile } from '../import'
import { log } from '../log'
import { initialRegisterUpdate, minutesUpdateFromJSON } from '../rooms'
import { templateWords } from '../export/labels'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { requireAdmin } from './authenticate'
import { parseLanguageField } from './meetingLanguage'
import { newMeetingId, roleInvitations } from './newMeeting'
import { readImportBody, type ImportBody } from './readImportBody'
import { sendJson } from './respond'

const REQUEST_FIELDS = ['meeting', 'text', 'agenda']

/** The agenda of an import request: the pasted text parsed, or the JSON agenda checked. */
function draftOf(body: Record<string, unknown>): AgendaDraft {
  if (body.text !== undefined && body.agenda !== undefined) {
    throw new ApiError(400, 'fields-exclusive', 'Send enten «text» (innkallingen som tekst) eller «agenda» (JSON), ikke begge.', {
      field: 'agenda',
      params: { field: 'agenda', other: 'text' },
    })
  }
  if (body.agenda !== undefined) {
    try {
      return parseAgendaJson(body.agenda)
    } catch (err) {
      if (!(err instanceof AgendaFormatError)) throw err
      throw ApiError.of(400, err.detail, err.message, { field: err.field === 'agenda' ? 'agenda' : `agenda.${err.field}` })
    }
  }
  if (typeof body.text !== 'string' || !body.text.trim()) {
    throw new ApiError(400, 'field-required', 'Lim inn teksten i innkallingen («text»), eller send en agenda som JSON («agenda»).', {
      field: 'text',
      params: { field: 'text' },
    })
  }
  return parseInnkalling(body.text)
}

/**
 * The meeting's details: what the agenda says, overridden by the request's `meeting` fields; and
 * its language (`meeting.language`, bokmål when absent).
 */
function meetingInfoOf(draft: AgendaDraft, overrides: unknown): { info: MeetingInfo; language: Language } {
  if (overrides !== undefined && (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides))) {
    throw new ApiError(400, 'field-invalid', '«meeting» må være et JSON-objekt med møtets felt.', { field: 'meeting', params: { field: 'meeting' } })
  }
  const first = Number(draft.items[0]?.number.split('/')[0] ?? 1)
  const { language, ...fields } = (overrides ?? {}) as Record<string, unknown>
  const chosen = parseLanguageField(language, 'meeting.language') ?? 'nb'
  try {
    return { info: parseMeetingInfo({ firstAgendaNumber: first, ...draft.info, ...fields }), language: chosen }
  } catch (err) {
    if (!(err instanceof MeetingValidationError)) throw err
    throw ApiError.of(400, err.detail, err.message, { field: `meeting.${err.field}` })
  }
}

/** Files read at once; more wait for none but are refused (503), so memory stays bounded. */
const MAX_CONCURRENT_FILE_READS = 2
let fileReads = 0

/** An uploaded file read into lines; an ImportFileError becomes an ApiError on the `file` field. */
async function readUploaded(body: Extract<ImportBody, { kind: 'file' }>): Promise<SourceDocument> {
  if (fileReads >= MAX_CONCURRENT_FILE_READS) {
    throw new ApiError(503, 'import-busy', 'Serveren leser andre filer akkurat nå. Prøv igjen om litt.', { field: 'file', headers: { 'retry-after': '5' } })
  }
  fileReads++
  try {
    return await readInnkallingFile(body.bytes, { contentType: body.contentType, fileName: body.fileName })
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err
    log.info('import file refused', { code: err.code, bytes: body.bytes.length })
    throw ApiError.of(err.status, err.detail, err.message, { field: 'file' })
  } finally {
    fileReads--
  }
}

/** The `meeting` field of a multipart upload: JSON text of the meeting's fields. */
function multipartMeeting(value: string | undefined): unknown {
  if (value === undefined) return undefined
  try {
    return JSON.parse(value)
  } catch {
    throw new ApiError(400, 'field-invalid', '«meeting» må være et JSON-objekt med møtets felt.', { field: 'meeting', params: { field: 'meeting' } })
  }
}

/** What an import request asks for: the agenda, the meeting fields given, and the field to blame for no saker. */
async function importRequestOf(body: ImportBody): Promise<{ draft: AgendaDraft; overrides: unknown; field: 'text' | 'file' }> {
  if (body.kind === 'file') {
    const draft = draftOfSource(await readUploaded(body))
    return { draft, overrides: multipartMeeting(body.fields.meeting), field: 'file' }
  }
  if (typeof body.body !== 'object' || body.body === null || Array.isArray(body.body)) {
    throw new ApiError(400, 'body-not-object', 'Forventet et JSON-objekt med «meeting» og «text» eller «agenda».', { field: 'body' })
  }
  const fields = body.body as Record<string, unknown>
  const unknown = Object.keys(fields).find((k) => !REQUEST_FIELDS.includes(k))
  if (unknown !== undefined) {
    throw new ApiError(400, 'field-unknown', `Ukjent felt «${unknown}»; kjente felt er ${REQUEST_FIELDS.join(', ')}.`, { field: unknown, params: { field: unknown } })
  }
  return { draft: draftOf(fields), overrides: fields.meeting, field: 'text' }
}

/**
 * POST /api/meetings/import (admin credential): creates a meeting whose minutes start from an
 * agenda: JSON `{ meeting?, text }` or `{ meeting?, agenda }` (see ImportMeetingRequest), or an
 * innkalling file, uploaded as multipart/form-data (`file`, and `meeting` as JSON text) or sent
 * as the raw body with its Content-Type (see readImportBody, readInnkallingFile). Answers 201
 * ImportMeetingResponse; 400 naming the bad field, with `unread` when the agenda holds no sak;
 * 401/403 without the admin credential; 413/415/422 for a file too large or unreadable (with
 * `code`); 503 while other files are being read. Throws ApiError.
 */
export async function handleImportMeeting(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const admin = await requireAdmin(req, ctx)
  const { draft, overrides, field } = await importRequestOf(await readImportBody(req))
  if (draft.items.length === 0) {
    const error = `Fant ingen saker i ${field === 'file' ? 'filen' : 'innkallingen'}. Sjekk at sakslisten har linjer som «12/20 Tittel Sakstype».`
    const refusal: ImportNoItemsErrorBody = { error, code: 'import-no-agenda-items', params: { source: field }, field, unread: draft.unread }
    return sendJson(res, 400, refusal)
  }
  const { info, language } = meetingInfoOf(draft, overrides)
  const meeting: MeetingSummary = { id: newMeetingId(), ...info, createdAt: new Date().toISOString() }
  await ctx.store.createMeeting(meeting, minutesUpdateFromJSON(draftToMinutes(draft, info, templateWords(language))), new Map([[registerDocName(meeting.id), initialRegisterUpdate(language)]]))
  ctx.searchIndexer?.changed([meeting.id])
  const invitations = await roleInvitations(req, ctx, meeting.id, admin)
  log.info('meeting imported', { docName: meeting.id, items: draft.items.length, unread: draft.unread.length, from: field, language })
  sendJson(res, 201, { meeting: { ...meeting, language }, invitations, unread: draft.unread } satisfies ImportMeetingResponse)
}

/**
 * POST /api/meetings/import/read (admin credential): reads an innkalling file (as for
 * handleImportMeeting) or JSON `{ text }` and answers 200 ImportReadResponse (the document's
 * format and line count, its plain text, and the draft the import would create) without creating
 * anything. Errors as handleImportMeeting. Throws ApiError.
 */
export async function handleReadImport(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  await requireAdmin(req, ctx)
  const body = await readImportBody(req)
  let doc: SourceDocument
  let fileName: string | null = null
  if (body.kind === 'file') {
    const extra = Object.keys(body.fields)[0]
    if (extra !== undefined) throw new ApiError(400, 'field-unknown', 'Her sendes bare filen («file»).', { field: extra, params: { field: extra } })
    doc = await readUploaded(body)
    fileName = body.fileName ?? null
  } else {
    const json = body.body as Record<string, unknown> | null
    const extra = json && typeof json === 'object' && !Array.isArray(json) ? Object.keys(json).find((k) => k !== 'text') : undefined
    if (extra !== undefined) throw new ApiError(400, 'field-unknown', `Ukjent felt «${extra}»; her sendes bare «text» eller en fil.`, { field: extra, params: { field: extra } })
    if (typeof json?.text !== 'string' || !json.text.trim()) {
      throw new ApiError(400, 'field-required', 'Send innkallingen som fil, eller teksten i «text».', { field: 'text', params: { field: 'text' } })
    }
    doc = textToSource(json.text)
  }
  const draft = draftOfSource(doc, true)
  sendJson(res, 200, {
    source: { format: doc.format, lineCount: doc.lines.length, fileName },
    text: sourceToText(doc),
    draft,
  } satisfies ImportReadResponse)
}
