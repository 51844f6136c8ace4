import busboy from 'busboy'
import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import { MAX_IMPORT_FILE_BYTES } from '../../shared/import'
import { ApiError } from './ApiError'
import { readBody } from './readBody'

/** What an import request carried: the JSON body it always took, or a file. */
export type ImportBody =
  | { readonly kind: 'json'; readonly body: unknown }
  | {
      readonly kind: 'file'
      readonly bytes: Uint8Array
      readonly contentType: string | undefined
      readonly fileName: string | undefined
      /** Multipart text fields beside the file (only `meeting`, as JSON text). */
      readonly fields: Readonly<Record<string, string>>
    }

/** Raw body types taken as a file (the content still decides what it is). */
const FILE_TYPES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
  'application/octet-stream',
  'text/plain',
  'text/markdown',
  'text/html',
])
const MULTIPART_FIELDS = ['meeting']
/** Room for the multipart boundaries and the `meeting` field around the file. */
const MULTIPART_OVERHEAD_BYTES = 128 * 1024

const MB = MAX_IMPORT_FILE_BYTES / 1024 / 1024
const tooLarge = () =>
  // Connection: close, so the rest of the upload is not read: the client gets the 413 at once.
  new ApiError(413, 'too-large', `Filen er for stor (høyst ${MB} MB). Last opp bare innkallingen, uten vedlegg.`, {
    field: 'file',
    headers: { connection: 'close' },
    params: { maxMb: MB },
  })

/** Reads a stream of at most `maxBytes`; throws the 413 as soon as it passes. */
function readCapped(stream: Readable, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > maxBytes) {
        stream.pause()
        reject(tooLarge())
      } else chunks.push(chunk)
    })
    stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    stream.on('error', reject)
    stream.on('close', () => reject(new ApiError(400, 'upload-aborted', 'Opplastingen ble avbrutt.', { field: 'file' })))
  })
}

/** `filename="x.docx"` of a Content-Disposition header, for messages. */
function dispositionName(header: string | undefined): string | undefined {
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header ?? '')
  if (star) {
    try {
      return decodeURIComponent(star[1])
    } catch {
      return undefined
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(header ?? '')?.[1] ?? /filename\s*=\s*([^;]+)/i.exec(header ?? '')?.[1]?.trim()
}

/** A multipart/form-data body: one `file` part and at most the `meeting` field. */
function readMultipart(req: IncomingMessage): Promise<ImportBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 4, parts: 6, fieldSize: 64 * 1024, fileSize: MAX_IMPORT_FILE_BYTES } })
    } catch {
      return reject(new ApiError(400, 'upload-malformed', 'Opplastingen mangler grensen (boundary) i Content-Type.', { field: 'file' }))
    }
    const fields: Record<string, string> = {}
    let file: Promise<Extract<ImportBody, { kind: 'file' }>> | null = null
    const fail = (err: ApiError) => {
      req.unpipe(parser)
      reject(err)
    }
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume()
        return fail(new ApiError(400, 'field-unknown', `Ukjent felt «${name}» i opplastingen; filen sendes i feltet «file».`, { field: name, params: { field: name } }))
      }
      stream.on('limit', () => fail(tooLarge()))
      file = readCapped(stream, MAX_IMPORT_FILE_BYTES).then((bytes) => ({
        kind: 'file' as const,
        bytes,
        contentType: info.mimeType,
        fileName: info.filename || undefined,
        fields,
      }))
      file.catch(() => undefined)
    })
    parser.on('field', (name, value) => {
      if (!MULTIPART_FIELDS.includes(name)) {
        return fail(new ApiError(400, 'field-unknown', `Ukjent felt «${name}»; kjente felt er file, meeting.`, { field: name, params: { field: name } }))
      }
      fields[name] = value
    })
    parser.on('filesLimit', () => fail(new ApiError(400, 'upload-one-file', 'Send bare én fil.', { field: 'file' })))
    parser.on('partsLimit', () => fail(new ApiError(400, 'upload-malformed', 'Opplastingen har for mange deler.', { field: 'file' })))
    parser.on('error', () => fail(new ApiError(400, 'upload-malformed', 'Opplastingen er ikke gyldig multipart/form-data.', { field: 'file' })))
    parser.on('close', () => {
      if (!file) return reject(new ApiError(400, 'file-missing', 'Opplastingen mangler filen (feltet «file»).', { field: 'file' }))
      file.then(resolve, reject)
    })
    req.pipe(parser)
  })
}

/**
 * Reads the body of an import request: JSON (at most 64 KiB, as before), a multipart/form-data
 * upload (field `file`, optional `meeting` as JSON text) or a raw file body with its Content-Type
 * (PDF, Word, OpenDocument, text, Markdown, HTML, octet-stream; `Content-Disposition` may name it).
 * A file is at most MAX_IMPORT_FILE_BYTES: a larger declared Content-Length is refused before
 * reading, and a stream stops at the first byte past it (413, connection closed). Throws ApiError
 * (413, 415 for other content types, 400 for a bad upload).
 */
export async function readImportBody(req: IncomingMessage): Promise<ImportBody> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (type === 'application/json') return { kind: 'json', body: await readBody(req) }
  const multipart = type === 'multipart/form-data'
  if (!multipart && !FILE_TYPES.has(type)) {
    throw new ApiError(
      415,
      'file-content-type',
      'Send innkallingen som JSON, som opplasting (multipart/form-data med feltet «file») eller som fil med sin innholdstype (PDF, Word, OpenDocument, tekst).',
    )
  }
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_IMPORT_FILE_BYTES + (multipart ? MULTIPART_OVERHEAD_BYTES : 0)) throw tooLarge()
  if (multipart) return readMultipart(req)
  const bytes = await readCapped(req, MAX_IMPORT_FILE_BYTES)
  return { kind: 'file', bytes, contentType: type, fileName: dispositionName(req.headers['content-disposition']), fields: {} }
}
