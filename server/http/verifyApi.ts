import type { IncomingMessage, ServerResponse } from 'node:http'
import { log } from '../log'
import { MAX_VERIFY_BYTES, VerifyInputError, verifyFile, type DeclaredFile } from '../record'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { countRequestOf } from './requestBudget'
import { sendJson } from './respond'

/** Route of the public verification: POST /api/verify. */
export const VERIFY_ROUTE_PATTERN = /^\/api\/verify$/

/** Room for a multipart envelope around the file (boundaries and part headers), in bytes. */
/** How long the rest of a refused (413) body is read and dropped before the connection is cut. */
const REFUSED_BODY_LINGER_MS = 2000

const MULTIPART_OVERHEAD_BYTES = 64 * 1024
/** Most parts a multipart body may have (one file, perhaps a few form fields). */
const MAX_PARTS = 8

const tooLarge = () =>
  new VerifyInputError(413, { code: 'too-large', params: { maxMb: MAX_VERIFY_BYTES / (1024 * 1024) } }, `Filen er for stor. Et referat fra Referat er langt mindre enn ${MAX_VERIFY_BYTES / (1024 * 1024)} MB.`)

/**
 * Reads the body, at most `maxBytes`. A larger declared Content-Length is refused before a byte
 * is read; a longer body without one is refused when it passes the limit (what came so far is
 * dropped). Either way the connection is closed after the answer, so the rest is never read.
 */
async function readLimited(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > maxBytes) throw tooLarge()
  const chunks: Buffer[] = []
  let received = 0
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received > maxBytes) {
        req.off('data', onData)
        req.pause()
        chunks.length = 0
        resolve()
      } else chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', resolve)
    req.on('error', reject)
    req.on('close', resolve)
  })
  if (received > maxBytes) throw tooLarge()
  return Buffer.concat(chunks)
}

function headerParam(header: string, name: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${name}\\*?=\\s*(?:"([^"]*)"|([^;]*))`, 'i').exec(header)
  if (!match) return null
  const value = (match[1] ?? match[2] ?? '').trim()
  // RFC 5987 filename*=UTF-8''...
  const extended = /^UTF-8''(.*)$/i.exec(value)
  if (!extended) return value
  try {
    return decodeURIComponent(extended[1])
  } catch {
    return value
  }
}

/** The one file of a multipart/form-data body. Throws ApiError(400) for a malformed body or not exactly one file. */
export function filePartOf(body: Buffer, boundary: string): { data: Buffer } & DeclaredFile {
  const bad = (detail: string) => new ApiError(400, 'upload-malformed', `Skjemadata kunne ikke leses: ${detail}`, { field: 'file' })
  const delimiter = Buffer.from(`\r\n--${boundary}`)
  // The first delimiter may open the body without a CRLF before it.
  let pos = body.subarray(0, boundary.length + 2).equals(delimiter.subarray(2)) ? boundary.length + 2 : body.indexOf(delimiter)
  if (pos < 0) throw bad('fant ikke skillelinjen.')
  if (pos !== boundary.length + 2) pos += delimiter.length
  const files: ({ data: Buffer } & DeclaredFile)[] = []
  for (let parts = 0; parts <= MAX_PARTS; parts += 1) {
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') break
    if (parts === MAX_PARTS) throw bad(`høyst ${MAX_PARTS} deler.`)
    const headerEnd = body.indexOf('\r\n\r\n', pos)
    if (headerEnd < 0) throw bad('en del mangler overskrifter.')
    const headers = body.subarray(pos, headerEnd).toString('utf8')
    const next = body.indexOf(delimiter, headerEnd + 4)
    if (next < 0) throw bad('en del er ikke avsluttet.')
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? ''
    const filename = headerParam(disposition, 'filename')
    if (filename !== null) {
      const contentType = /^content-type:(.*)$/im.exec(headers)?.[1]?.trim() ?? null
      files.push({ data: body.subarray(headerEnd + 4, next), filename, contentType })
    }
    pos = next + delimiter.length
  }
  if (files.length !== 1) throw new ApiError(400, 'upload-one-file', 'Skjemadata kunne ikke leses: send nøyaktig én fil.', { field: 'file' })
  return files[0]
}

/** 429 when the address used up its verify budget; otherwise counts this request. */
const countRequest = (req: IncomingMessage, ctx: ApiContext) => countRequestOf(req, ctx, 'verify-request', 'For mange kontroller fra denne adressen.')

/**
 * POST /api/verify (no account): the file as the raw body (Content-Type application/pdf,
 * application/json, the DOCX type or application/octet-stream) or as the one file of a
 * multipart/form-data body. 200 `{ ok: true, meeting, version, approvedAt, ... }` or
 * `{ ok: false, code, reason }` (docs/EXPORT_FORMAT.md, "Seal and verification"); 413 over
 * MAX_VERIFY_BYTES, 415 for a file that is none of PDF, DOCX or JSON or not what its name says,
 * 422 for an encrypted PDF or JSON that is not a referat, 429 past VERIFY_REQUEST_LIMIT. Stores nothing.
 */
export async function handleVerify(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  await countRequest(req, ctx)
  const type = req.headers['content-type'] ?? ''
  const boundary = /^multipart\/form-data\s*;/i.test(type) ? headerParam(type.slice(type.indexOf(';')), 'boundary') : null
  if (/^multipart\//i.test(type) && !boundary) throw new ApiError(400, 'upload-malformed', 'Skjemadata mangler skillelinje (boundary).', { field: 'file' })
  try {
    const body = await readLimited(req, MAX_VERIFY_BYTES + (boundary ? MULTIPART_OVERHEAD_BYTES : 0))
    const file = boundary ? filePartOf(body, boundary) : { data: body, contentType: type }
    if (file.data.length === 0) throw new ApiError(400, 'file-missing', 'Velg en fil å kontrollere.', { field: 'file' })
    if (file.data.length > MAX_VERIFY_BYTES) throw tooLarge()
    const outcome = await verifyFile(ctx.store, file.data, file)
    log.info('file verified', { ok: outcome.ok, code: outcome.ok ? undefined : outcome.code, docName: outcome.ok ? outcome.meeting.id : undefined })
    sendJson(res, 200, outcome)
  } catch (err) {
    if (!(err instanceof VerifyInputError)) throw err
    // The connection ends with the answer. What the client still sends is read and dropped for a
    // moment (never kept): closing a socket with unread bytes resets it, and a reset can reach the
    // client before the 413 it was sent after, which the client would then never see.
    const headers: Record<string, string> = err.status === 413 ? { connection: 'close' } : {}
    sendJson(res, err.status, { ok: false, code: err.code, reason: err.message, error: err.message, ...(err.params ? { params: err.params } : {}) }, headers)
    if (err.status === 413) {
      req.resume()
      const linger = setTimeout(() => req.destroy(), REFUSED_BODY_LINGER_MS)
      linger.unref()
      req.socket.once('close', () => clearTimeout(linger))
    }
  }
}
