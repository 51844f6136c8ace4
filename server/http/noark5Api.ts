import type { IncomingMessage, ServerResponse } from 'node:http'
import { DOC_NAME_PATTERN } from '../../shared/schema'
import { log } from '../log'
import { DEFAULT_ARCHIVE_METADATA, checkSeal, fileSha256, noark5Package, sealedExportOf, sealInfoOf } from '../record'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { requireMeetingCaller } from './authenticate'
import { contentDisposition, recordIssued, type ExportSource } from './exportApi'

/** Route of the Noark 5 archive package: `/api/meetings/:id/export.noark5.zip`. */
export const NOARK5_ROUTE_PATTERN = /^\/api\/meetings\/([^/]+)\/export\.noark5\.zip$/

/**
 * GET /api/meetings/:id/export.noark5.zip: the approved referat as a Noark 5 archive package
 * (arkivstruktur.xml and the PDF/A; docs/EXPORT_FORMAT.md). Any role's meeting token or the
 * admin credential; 404 for an unknown meeting, 409 before approval, 500 when the seal no
 * longer matches. The PDF and the package are recorded as issued files (POST /api/verify).
 */
export async function handleNoark5Export(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string) {
  const caller = await requireMeetingCaller(req, ctx, meetingId)
  const meeting = DOC_NAME_PATTERN.test(meetingId) ? await ctx.store.getMeeting(meetingId) : null
  if (!meeting) throw new ApiError(404, 'meeting-not-found', 'Fant ikke møtet.')
  const seal = await ctx.store.getSeal(meeting.id)
  if (!seal) throw new ApiError(409, 'not-approved', 'Arkivpakken lages først når referatet er godkjent.')
  const problem = await checkSeal(ctx.store, seal)
  if (problem) {
    log.error('seal check failed: archive package not made', { docName: meeting.id, code: problem.code })
    throw new ApiError(500, problem.code, `${problem.reason} Arkivpakken lages ikke; kontakt driftsansvarlig.`)
  }
  const { model } = sealedExportOf(seal)
  const source: ExportSource = { model, jsonText: null, options: { seal: sealInfoOf(seal) }, versionId: seal.versionId }
  const pdf = await (await import('../export/pdf')).toPdf(model, source.options)
  const pdfName = /filename="([^"]+)"/.exec(contentDisposition(meeting, 'pdf'))![1]
  const { zip } = noark5Package(meeting, model, seal, pdfName, pdf, ctx.archive ?? DEFAULT_ARCHIVE_METADATA)
  await recordIssued(ctx, source, meeting.id, 'pdf', pdf)
  await recordIssued(ctx, source, meeting.id, 'noark5.zip', zip)
  log.info('archive package exported', { docName: meeting.id, sha256: fileSha256(zip), tokenId: caller.kind === 'member' ? caller.claims.tid : 'admin' })
  res.writeHead(200, {
    'content-type': 'application/zip',
    'content-length': zip.byteLength,
    'content-disposition': contentDisposition(meeting, 'noark5.zip'),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-referat-seal-sha256': seal.sha256,
  })
  res.end(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength))
}
