import { inflateRawSync } from 'node:zlib'
import { MAX_IMPORT_UNZIPPED_BYTES, MAX_IMPORT_ZIP_ENTRIES } from '../../shared/import'
import { ImportFileError } from './ImportFileError'

/*
 * A bounded reader of the ZIP container of .docx and .odt. The directory's sizes are the sender's
 * word, so they only decide what is read; every entry is inflated with zlib's maxOutputLength set
 * to what is left of MAX_IMPORT_UNZIPPED_BYTES, which stops a ZIP bomb while it inflates, not
 * after. Libraries (mammoth) then get an archive rebuilt from these checked entries only.
 */

/** One entry of a ZIP directory. */
export interface ZipEntry {
  readonly name: string
  readonly method: number
  readonly compressedSize: number
  readonly size: number
  readonly localOffset: number
  readonly encrypted: boolean
}

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50
const damaged = () => new ImportFileError(422, 'Filen er skadet: ZIP-innholdet kan ikke leses.', { code: 'damaged' })

/** True when `bytes` start as a ZIP archive (a local file header). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

/**
 * Lists the entries of a ZIP archive from its central directory. Throws ImportFileError: 422 when
 * the archive is damaged or uses ZIP64, 413 when it lists more than MAX_IMPORT_ZIP_ENTRIES.
 */
export function listZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let eocd = -1
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw damaged()
  const count = view.getUint16(eocd + 10, true)
  const directoryOffset = view.getUint32(eocd + 16, true)
  if (count === 0xffff || directoryOffset === 0xffffffff) throw damaged()
  if (count > MAX_IMPORT_ZIP_ENTRIES) {
    throw new ImportFileError(413, `Filen inneholder for mange deler (${count}; høyst ${MAX_IMPORT_ZIP_ENTRIES}).`, {
      code: 'too-many-entries',
      params: { count, max: MAX_IMPORT_ZIP_ENTRIES },
    })
  }
  const entries: ZipEntry[] = []
  let at = directoryOffset
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) throw damaged()
    const nameLength = view.getUint16(at + 28, true)
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
    if (at + 46 + nameLength > bytes.length) throw damaged()
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      encrypted: (view.getUint16(at + 8, true) & 1) === 1,
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    })
    at += 46 + skip
  }
  return entries
}

/** Reads entries of an archive while keeping count of the bytes inflated so far. */
export class BoundedUnzip {
  private inflatedBytes = 0
  readonly entries: ZipEntry[]

  /** Throws what listZip throws. */
  constructor(private readonly bytes: Uint8Array) {
    this.entries = listZip(bytes)
  }

  /** The entry of that name, or undefined. */
  find(name: string): ZipEntry | undefined {
    return this.entries.find((e) => e.name === name)
  }

  /**
   * The inflated bytes of one entry. Throws ImportFileError: 413 when the archive's entries read so
   * far inflate to more than MAX_IMPORT_UNZIPPED_BYTES, 422 for an encrypted, damaged or
   * unsupported entry.
   */
  read(entry: ZipEntry): Uint8Array {
    if (entry.encrypted) throw new ImportFileError(422, 'Dokumentet er passordbeskyttet. Lagre det uten passord og prøv igjen.', { code: 'encrypted' })
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength)
    const at = entry.localOffset
    if (at + 30 > this.bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) throw damaged()
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
    const end = start + entry.compressedSize
    if (end > this.bytes.length) throw damaged()
    const data = this.bytes.subarray(start, end)
    const budget = MAX_IMPORT_UNZIPPED_BYTES - this.inflatedBytes
    const tooLarge = () =>
      new ImportFileError(413, `Filen blir for stor når den pakkes ut (over ${MAX_IMPORT_UNZIPPED_BYTES / 1024 / 1024} MB).`, {
        code: 'unzipped-too-large',
        params: { maxMb: MAX_IMPORT_UNZIPPED_BYTES / 1024 / 1024 },
      })
    let out: Uint8Array
    if (entry.method === 0) {
      if (data.length > budget) throw tooLarge()
      out = data
    } else if (entry.method === 8) {
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) })
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge()
        throw damaged()
      }
    } else {
      throw damaged()
    }
    this.inflatedBytes += out.length
    return out
  }
}
