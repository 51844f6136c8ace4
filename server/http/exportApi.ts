import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MeetingSummary } from '../../shared/minutes'
import { registerDocName } from '../../shared/register'
import { DOC_NAME_PATTERN, MINUTES_FRAGMENT } from '../../shared/schema'
import { toHtml, toJson, toMarkdown, toReferatModel, type RecordFacts, type ReferatModel, type RenderOptions } from '../export/light'
import { log } from '../log'
import { confirmationsOf, meetingStateOf } from '../rooms'
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
    }
    return { doc: fragmentToProseMirror(minutesRoom.document.getXmlFragment(MINUTES_FRAGMENT)), record: facts }
  })
  return toReferatModel(doc, meeting, record)
}

/** Renders the model in `format`; `options` carries the seal of an approved version (issue 12). */
export async function renderExport(
  format: ExportFormat,
  model: ReferatModel,
  meeting: MeetingSummary,
  options?: RenderOptions,
): Promise<Uint8Array | string> {
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
      return toJson(model, meeting, options)
  }
}

/**
 * GET /api/meetings/:id/export.{pdf,docx,html,md,json}: the meeting's current minutes as a file
 * (docs/EXPORT_FORMAT.md). Any role's meeting token or the admin credential; 401/403 as the
 * other routes, 404 for an unknown meeting.
 */
export async function handleExport(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string, format: string) {
  const caller = await requireMeetingCaller(req, ctx, meetingId)
  if (!(format in EXPORT_TYPES)) throw new ApiError(404, 'Ukjent eksportformat.')
  const meeting = DOC_NAME_PATTERN.test(meetingId) ? await ctx.store.getMeeting(meetingId) : null
  if (!meeting) throw new ApiError(404, 'Fant ikke møtet.')
  const body = await renderExport(format as ExportFormat, await liveReferatModel(ctx, meeting), meeting)
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  const headers: Record<string, string | number> = {
    'content-type': EXPORT_TYPES[format as ExportFormat],
    'content-length': bytes.byteLength,
    'content-disposition': contentDisposition(meeting, format),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  }
  // Opened in a browser anyway, the HTML export may run nothing and load nothing.
  if (format === 'html') headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
  log.info('minutes exported', { docName: meetingId, format, tokenId: caller.kind === 'member' ? caller.claims.tid : 'admin' })
  res.writeHead(200, headers)
  res.end(bytes)
}
