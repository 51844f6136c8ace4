import type { ErrorDetail } from '../../shared/api'
import { CanonicalJsonError, isJsonObject, sealHashOf } from '../../shared/record'
import type { IssuedFileRecord, SealRecord } from '../persistence'
import { checkSeal, fileSha256, type RecordStore } from './sealing'

/** Largest file POST /api/verify accepts, in bytes (a referat PDF is well under 1 MB). */
export const MAX_VERIFY_BYTES = 20 * 1024 * 1024

/** A file verified: the approved referat it is a copy of. */
export interface Verified {
  readonly ok: true
  readonly meeting: { readonly id: string; readonly organ: string; readonly number: string; readonly date: string; readonly title: string }
  readonly version: { readonly id: string; readonly name: string }
  /** ISO timestamp. */
  readonly approvedAt: string
  readonly approvedIn: string | null
  /** The seal's SHA-256 (of the canonical JSON), and the file's own. */
  readonly sealSha256: string
  readonly fileSha256: string
  /** What the file is: pdf, docx, json, ... (json: any copy whose content hashes to the seal). */
  readonly format: string
}

/** A file that is not (or no longer provably) a copy of an approved referat. */
export interface NotVerified {
  readonly ok: false
  /** Stable: unknown-file, seal-changed, version-missing, version-changed, meeting-missing. */
  readonly code: string
  readonly reason: string
}

/** Why a file cannot be checked at all (each one of shared/api's ErrorCode). */
export type VerifyInputCode = 'too-large' | 'not-what-it-says' | 'unsupported-file' | 'pdf-encrypted' | 'json-invalid' | 'json-not-referat'

/** A file that cannot be checked at all: its status, a stable code and a Norwegian reason. */
export class VerifyInputError extends Error {
  override name = 'VerifyInputError'
  readonly code: VerifyInputCode
  readonly params?: Readonly<Record<string, number | string>>
  constructor(
    readonly status: 413 | 415 | 422,
    detail: Extract<ErrorDetail, { code: VerifyInputCode }>,
    message: string,
  ) {
    super(message)
    this.code = detail.code
    this.params = detail.params
  }
}

/** What the caller said the file is (a multipart part's file name and type, or the body's Content-Type). */
export interface DeclaredFile {
  readonly filename?: string | null
  readonly contentType?: string | null
}

type Kind = 'pdf' | 'zip' | 'json'

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1')
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04])

/** The kind by the file's first bytes (never by its name); null when none. */
function sniff(bytes: Buffer): Kind | null {
  if (bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return 'pdf'
  if (bytes.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC)) return 'zip'
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i += 1
  return bytes[i] === 0x7b ? 'json' : null
}

/** The kind the caller's name or type claims, if any. */
function declaredKind(declared: DeclaredFile): Kind | null {
  const name = (declared.filename ?? '').toLowerCase()
  const type = (declared.contentType ?? '').split(';')[0].trim().toLowerCase()
  if (name.endsWith('.pdf') || type === 'application/pdf') return 'pdf'
  if (name.endsWith('.docx') || name.endsWith('.zip') || type.includes('wordprocessingml') || type === 'application/zip') return 'zip'
  if (name.endsWith('.json') || type === 'application/json') return 'json'
  return null
}

const KIND_NAMES: Record<Kind, string> = { pdf: 'en PDF', zip: 'et Word-dokument (DOCX) eller en arkivpakke (ZIP)', json: 'en JSON-fil' }

/**
 * The kind of `bytes`, checked against what the caller declared. Throws VerifyInputError: 415
 * when it is none of PDF, DOCX/ZIP or JSON, or not what its name or type says; 422 for an
 * encrypted PDF (Referat never issues one: an encrypted copy cannot be what was approved).
 */
function kindOf(bytes: Buffer, declared: DeclaredFile): Kind {
  const kind = sniff(bytes)
  const claimed = declaredKind(declared)
  if (claimed && kind !== claimed) {
    throw new VerifyInputError(415, { code: 'not-what-it-says' }, `Filen oppgis å være ${KIND_NAMES[claimed]}, men innholdet er ikke det.`)
  }
  if (!kind) throw new VerifyInputError(415, { code: 'unsupported-file' }, 'Filen er verken en PDF, et Word-dokument (DOCX) eller en JSON-fil fra Referat.')
  // The trailer (or a cross-reference stream) of an encrypted PDF names its /Encrypt dictionary.
  if (kind === 'pdf' && bytes.includes('/Encrypt', 0, 'latin1')) {
    throw new VerifyInputError(422, { code: 'pdf-encrypted' }, 'PDF-en er kryptert eller passordbeskyttet. Last opp den uendrede filen slik den ble lastet ned fra Referat.')
  }
  return kind
}

/** The seal hash of a JSON file's content; throws VerifyInputError(422) when it is not a referat/1 export. */
function jsonSealHash(bytes: Buffer): string {
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new VerifyInputError(422, { code: 'json-invalid' }, 'Filen er ikke gyldig JSON.')
  }
  if (!isJsonObject(value) || value.format !== 'referat/1') {
    throw new VerifyInputError(422, { code: 'json-not-referat' }, 'JSON-filen er ikke en eksport fra Referat (feltet «format» er ikke «referat/1»).')
  }
  try {
    return sealHashOf(value)
  } catch (err) {
    if (err instanceof CanonicalJsonError) throw new VerifyInputError(422, { code: 'json-invalid' }, 'JSON-filen kan ikke gjøres kanonisk (RFC 8785).')
    throw err
  }
}

const UNKNOWN: NotVerified = {
  ok: false,
  code: 'unknown-file',
  reason: 'Filen samsvarer ikke med noe godkjent referat på denne serveren. Den kan være endret, eller være et utkast.',
}

/**
 * Verifies a file against the approved referater: a JSON export by the seal hash of its content
 * (however it is formatted), any file by its own SHA-256 among the files issued of an approved
 * version (a PDF or DOCX is never unpacked or parsed: no archive bomb can cost anything). Then
 * checks the seal and the version it seals are unchanged. Reads only; stores nothing. Throws
 * VerifyInputError for a file that cannot be checked (see kindOf, jsonSealHash).
 */
export async function verifyFile(store: RecordStore, bytes: Buffer, declared: DeclaredFile = {}): Promise<Verified | NotVerified> {
  const kind = kindOf(bytes, declared)
  const ownHash = fileSha256(bytes)
  let seal: SealRecord | null = null
  let issued: IssuedFileRecord | null = null
  const contentHash = kind === 'json' ? jsonSealHash(bytes) : null
  if (contentHash) seal = await store.findSealByHash(contentHash)
  if (!seal) {
    issued = await store.findIssuedFile(ownHash)
    if (!issued) return UNKNOWN
    seal = await store.getSeal(issued.meetingId)
    // The seal it was issued under must still stand, and a JSON copy's content must still hash to it.
    if (!seal || seal.versionId !== issued.versionId || seal.sha256 !== issued.sealSha256 || (contentHash && contentHash !== seal.sha256)) {
      return { ok: false, code: 'seal-changed', reason: 'Filen ble utstedt av et godkjent referat, men forseglingen av det er endret eller finnes ikke lenger på serveren.' }
    }
  }
  const problem = await checkSeal(store, seal)
  if (problem) return { ok: false, code: problem.code, reason: problem.reason }
  const meeting = await store.getMeeting(seal.meetingId)
  if (!meeting) return { ok: false, code: 'meeting-missing', reason: 'Møtet det godkjente referatet hører til, finnes ikke lenger på serveren.' }
  return {
    ok: true,
    meeting: { id: meeting.id, organ: meeting.organ, number: meeting.number, date: meeting.date, title: meeting.title },
    version: { id: seal.versionId, name: seal.versionName },
    approvedAt: seal.approvedAt,
    approvedIn: seal.approvedIn,
    sealSha256: seal.sha256,
    fileSha256: ownHash,
    format: issued?.format ?? 'json',
  }
}
