import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MeetingSummary } from '../../shared/minutes'
import { registerDocName } from '../../shared/register'
import { DOC_NAME_PATTERN, MINUTES_FRAGMENT } from '../../shared/schema'
import { toHtml, toJson, toMarkdown, toReferatModel, type ActionFollowUp, type RecordFacts, type ReferatModel, type RenderOptions } from '../export/light'
import { log } from '../log'
import { checkSeal, fileSha256, minutesOfState, sealedExportOf, sealInfoOf } from '../record'
import { confirmationsOf, meetingLanguageOf, meetingStateOf } from '../rooms'
import { fragmentToProseMirror } from '../validation'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { requireMeetingCaller } from './authenticate'

/** The export formats, by file extension: their Content-Type. */
export const EXPORT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const
export type ExportFormat = keyof typeof EXPORT_TYPES

/** Route pattern of the exports: `/api/meetings/:id/export.<format>`. */
export const EXPORT_ROUTE_PATTERN = /^\/api\/meetings\/([^/]+)\/export\.(pdf|docx|html|md|json)$/

const NORWEGIAN: Record<string, string> = { æ: 'ae', ø: 'o', å: 'aa', Æ: 'Ae', Ø: 'O', Å: 'Aa' }

/** æøå as ae/o/aa, other accented letters without their accent. */
function transliterate(text: string): string {
  return text.replace(/[æøåÆØÅ]/g, (c) => NORWEGIAN[c]).normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
}

/**
 * `Content-Disposition` for `referat-<number or id>.<ext>`: an ASCII-only `filename` (other
 * characters become "-") and the exact UTF-8 name in RFC 5987 `filename*`.
 */
export function contentDisposition(meeting: Pick<MeetingSummary, 'id' | 'number'>, ext: string): string {
  // No path separators, quotes or control characters in either form.
  const base = `referat-${(meeting.number || meeting.id).replace(/[/\\\s"]+/g, '-').replace(/[\p{Cc}]/gu, '')}`
  const ascii = `${transliterate(base).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-')}.${ext}`
  const utf8 = encodeURIComponent(`${base}.${ext}`).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`
}

/**
 * The live minutes as the export model, with the register's confirmations and approval: both
 * read in one synchronous step from what is stored (as handleConfirm reads and records), so a
 * vedtak's status is that of exactly the text printed.
 */
export async function liveReferatModel(ctx: ApiContext, meeting: MeetingSummary): Promise<ReferatModel> {
  const docs = [meeting.id, registerDocName(meeting.id)]
  const { doc, record } = await ctx.rooms.withRooms(docs, ([minutesRoom, registerRoom]) => {
    const state = meetingStateOf(registerRoom.document)
    const facts: RecordFacts = {
      confirmations: confirmationsOf(registerRoom.document),
      approvedAt: state.approvedAt ?? null,
      approvedInMeeting: state.approvedInMeeting ?? null,
      language: meetingLanguageOf(registerRoom.document),
    }
    return { doc: fragmentToProseMirror(minutesRoom.document.getXmlFragment(MINUTES_FRAGMENT)), record: facts }
  })
  return toReferatModel(doc, meeting, { ...record, followUps: await followUpsOf(ctx, meeting.id) })
}

/**
 * The organ's follow-up status of the meeting's aksjonspunkter, by item id (issue 15): only of
 * those whose status someone set (every item starts open; printing that on each would say nothing).
 */
async function followUpsOf(ctx: ApiContext, meetingId: string): Promise<Map<string, ActionFollowUp>> {
  const items = (await ctx.store.actions.listMeetingActions(meetingId)).filter((i) => i.statusAt !== null)
  return new Map(items.map((i) => [i.itemId, { status: i.status, changedAt: i.statusAt, changedBy: i.statusByName }]))
}

/** `?version=` of an export: a stored version's id, or CURRENT_EXPORT for the live minutes. */
const VERSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
/** `?version=current`: the live minutes, also of an approved meeting. */
export const CURRENT_EXPORT = 'current'

/** What one export renders: the model, the JSON text when sealed, the seal, which version. */
export interface ExportSource {
  readonly model: ReferatModel
  /** The JSON export as it must be written (the sealed one); null: `toJson(model, meeting)`. */
  readonly jsonText: string | null
  readonly options: RenderOptions
  /** The stored version exported; null for the live minutes. */
  readonly versionId: string | null
}

/**
 * What `?version=` chooses: absent, the approved version when the meeting is sealed, else the
 * live minutes; `current`, the live minutes; a version id, that version (sealed when it is the
 * approved one). 400 for a malformed id, 404 for an unknown one; 500 when the seal no longer
 * matches what it sealed (a row changed in the database: nothing is exported then).
 */
export async function exportSourceOf(req: IncomingMessage, ctx: ApiContext, meeting: MeetingSummary): Promise<ExportSource> {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams
  const chosen = query.get('version')
  if (chosen !== null && chosen !== CURRENT_EXPORT && !VERSION_ID_PATTERN.test(chosen)) {
    throw new ApiError(400, 'field-invalid', 'Ugyldig versjon: oppgi en versjons id eller «current».', { field: 'version', params: { field: 'version' } })
  }
  const seal = chosen === CURRENT_EXPORT ? null : await ctx.store.getSeal(meeting.id)
  if (seal && (chosen === null || chosen === seal.versionId)) {
    const problem = await checkSeal(ctx.store, seal)
    if (problem) {
      log.error('seal check failed: approved referat not exported', { docName: meeting.id, code: problem.code })
      throw new ApiError(500, problem.code, `${problem.reason} Referatet eksporteres ikke; kontakt driftsansvarlig.`)
    }
    const { json, model } = sealedExportOf(seal)
    // Dated at the approval, the approved version's PDF is the same file at every download: a
    // re-rendered copy can be compared byte for byte, and issued_files holds one row for it.
    const options = { seal: sealInfoOf(seal), createdAt: seal.approvedAt }
    return { model, jsonText: `${JSON.stringify(json, null, 2)}\n`, options, versionId: seal.versionId }
  }
  if (chosen !== null && chosen !== CURRENT_EXPORT) {
    const version = await ctx.store.getVersion(meeting.id, chosen)
    if (!version) throw new ApiError(404, 'version-not-found', 'Fant ikke versjonen.', { field: 'version' })
    // A saved version's vedtak against the register's confirmations: confirmed where its text is the confirmed one.
    const { confirmations, language } = await ctx.rooms.withRoom(registerDocName(meeting.id), (room) => ({
      confirmations: confirmationsOf(room.document),
      language: meetingLanguageOf(room.document),
    }))
    const followUps = await followUpsOf(ctx, meeting.id)
    const model = toReferatModel(minutesOfState(version.state), meeting, { confirmations, followUps, language })
    return { model, jsonText: null, options: {}, versionId: version.id }
  }
  return { model: await liveReferatModel(ctx, meeting), jsonText: null, options: {}, versionId: null }
}

/** Renders `source` as `format`. */
export async function renderExport(format: ExportFormat, source: ExportSource, meeting: MeetingSummary): Promise<Uint8Array | string> {
  const { model, options } = source
  switch (format) {
    case 'pdf':
      // pdfkit and docx are large: loaded on the first export that needs them, not at start.
      return (await import('../export/pdf')).toPdf(model, options)
    case 'docx':
      return (await import('../export/docx')).toDocx(model, options)
    case 'html':
      return toHtml(model, options)
    case 'md':
      return toMarkdown(model, options)
    case 'json':
      return source.jsonText ?? toJson(model, meeting, options)
  }
}

/**
 * Records a file issued of an approved version by its SHA-256 (so POST /api/verify knows it);
 * nothing for drafts. A PDF or DOCX is not canonical (dates inside differ per rendering), so
 * every issued copy is recorded.
 */
export async function recordIssued(ctx: ApiContext, source: ExportSource, meetingId: string, format: string, bytes: Uint8Array): Promise<string | null> {
  if (!source.options.seal || !source.versionId) return null
  const sha256 = fileSha256(bytes)
  const issuedAt = new Date((ctx.now ?? Date.now)()).toISOString()
  await ctx.store.recordIssuedFile({ sha256, meetingId, versionId: source.versionId, sealSha256: source.options.seal.sha256, format, sizeBytes: bytes.byteLength, issuedAt })
  return sha256
}

/**
 * GET /api/meetings/:id/export.{pdf,docx,html,md,json}: the meeting's current minutes as a file
 * (docs/EXPORT_FORMAT.md). Any role's meeting token or the admin credential; 401/403 as the
 * other routes, 404 for an unknown meeting.
 */
export async function handleExport(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string, format: string) {
  const caller = await requireMeetingCaller(req, ctx, meetingId)
  if (!(format in EXPORT_TYPES)) throw new ApiError(404, 'export-format-unknown', 'Ukjent eksportformat.')
  const meeting = DOC_NAME_PATTERN.test(meetingId) ? await ctx.store.getMeeting(meetingId) : null
  if (!meeting) throw new ApiError(404, 'meeting-not-found', 'Fant ikke møtet.')
  const source = await exportSourceOf(req, ctx, meeting)
  const body = await renderExport(format as ExportFormat, source, meeting)
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  await recordIssued(ctx, source, meeting.id, format, bytes)
  const headers: Record<string, string | number> = {
    'content-type': EXPORT_TYPES[format as ExportFormat],
    'content-length': bytes.byteLength,
    'content-disposition': contentDisposition(meeting, format),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  }
  if (source.versionId) headers['x-referat-version'] = source.versionId
  if (source.options.seal) headers['x-referat-seal-sha256'] = source.options.seal.sha256
  // Opened in a browser anyway, the HTML export may run nothing and load nothing.
  if (format === 'html') headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
  log.info('minutes exported', { docName: meetingId, format, tokenId: caller.kind === 'member' ? caller.claims.tid : 'admin' })
  res.writeHead(200, headers)
  res.end(bytes)
}
