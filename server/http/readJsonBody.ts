import type { IncomingMessage } from 'node:http'
import type { ErrorDetail } from '../../shared/api'

/** Largest accepted API request body, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024
/** Bytes of an oversized body we still read (so the client sees the 413) before hanging up. */
const MAX_DRAIN_BYTES = 1024 * 1024

/** Why a body could not be read; `status` is the HTTP status to answer with. */
export class BodyError extends Error {
  override name = 'BodyError'
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    /** The stable code and its params (shared/api/errorCodes.ts). */
    readonly detail: ErrorDetail,
  ) {
    super(message)
  }
}

/**
 * Reads and parses a JSON request body of at most MAX_BODY_BYTES. Throws BodyError: 415 for a
 * content type other than application/json, 413 for a larger body, 400 for invalid JSON.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/json') {
    req.resume()
    throw new BodyError(415, 'Innholdstypen må være application/json.', { code: 'body-content-type' })
  }
  const declared = Number(req.headers['content-length'] ?? 0)
  const chunks: Buffer[] = []
  let received = 0
  await new Promise<void>((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > MAX_DRAIN_BYTES) req.destroy()
      else if (received <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', resolve)
    req.on('error', reject)
    req.on('close', resolve)
  })
  if (received > MAX_BODY_BYTES || declared > MAX_BODY_BYTES) {
    throw new BodyError(413, `Forespørselen er for stor (høyst ${MAX_BODY_BYTES / 1024} KiB).`, {
      code: 'body-too-large',
      params: { maxKib: MAX_BODY_BYTES / 1024 },
    })
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new BodyError(400, 'Forespørselen er ikke gyldig JSON.', { code: 'body-invalid-json' })
  }
}
