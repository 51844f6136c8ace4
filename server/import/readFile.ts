import { htmlToSource, markdownToSource, textToSource, type SourceDocument } from '../../shared/import'
import { readDocx } from './docx'
import { ImportFileError } from './ImportFileError'
import { readOdt } from './odt'
import { readPdf } from './pdf'
import { BoundedUnzip, isZip } from './zip'

/** What the request said about the file; only hints: the content decides what it is. */
export interface FileHints {
  /** The Content-Type the client sent for the file, if any. */
  readonly contentType?: string
  /** The file's name, if the client sent one (used in messages, and to tell Markdown from plain text). */
  readonly fileName?: string
}

/** What the first bytes say a file is. */
export type SniffedKind = 'pdf' | 'zip' | 'text' | 'ole' | 'rtf' | 'image' | 'binary'

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b)
const ascii = (bytes: Uint8Array, n: number) => String.fromCharCode(...bytes.subarray(0, n))

/** The kind of file by its magic bytes, never by its name. */
export function sniff(bytes: Uint8Array): SniffedKind {
  // A PDF may carry some bytes before its header; readers look in the first 1024.
  if (ascii(bytes, Math.min(bytes.length, 1024)).includes('%PDF-')) return 'pdf'
  if (isZip(bytes)) return 'zip'
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'ole'
  if (ascii(bytes, 5) === '{\\rtf') return 'rtf'
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47) || startsWith(bytes, 0xff, 0xd8, 0xff) || ascii(bytes, 4) === 'GIF8') return 'image'
  if (ascii(bytes, 4) === 'II*\0' || ascii(bytes, 4) === 'MM\0*') return 'image'
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) return 'text'
  return bytes.subarray(0, 8192).includes(0) ? 'binary' : 'text'
}

/** Text bytes decoded: by byte-order mark, else UTF-8, else Windows-1252 (older Norwegian files). */
export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, 0xff, 0xfe)) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (startsWith(bytes, 0xfe, 0xff)) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return new TextDecoder('windows-1252').decode(bytes)
  }
}

const unsupported = (what: string, hints: FileHints) =>
  new ImportFileError(
    415,
    `${hints.fileName ? `«${hints.fileName}» ` : 'Filen '}er ${what}. Last opp innkallingen som Word (.docx), PDF, OpenDocument (.odt) eller tekst (.txt, .md), eller lim inn teksten.`,
    { code: 'unsupported' },
  )

/** A ZIP archive: a Word document or an OpenDocument text, or refused. */
async function readZip(bytes: Uint8Array, hints: FileHints): Promise<SourceDocument> {
  const zip = new BoundedUnzip(bytes)
  if (zip.find('word/document.xml')) return readDocx(zip)
  const mimetype = zip.find('mimetype')
  const type = mimetype ? new TextDecoder().decode(zip.read(mimetype)).trim() : ''
  if (type === 'application/vnd.oasis.opendocument.text') return readOdt(zip)
  if (zip.find('xl/workbook.xml') || type.includes('spreadsheet')) throw unsupported('et regneark, ikke et tekstdokument', hints)
  if (zip.find('ppt/presentation.xml') || type.includes('presentation')) {
    throw unsupported('en presentasjon; eksporter lysarkene som PDF eller tekst først', hints)
  }
  throw unsupported('en ZIP-fil, ikke et dokument', hints)
}

/** Text: HTML (a Word "web page", or HTML sent as such), Markdown or plain text. */
function readText(bytes: Uint8Array, hints: FileHints): SourceDocument {
  const text = decodeText(bytes).replace(/^\uFEFF/, '')
  const type = (hints.contentType ?? '').split(';')[0].trim().toLowerCase()
  if (type === 'text/html' || /^\s*(<!doctype html|<html[\s>]|<\?xml[^>]*>\s*<html[\s>])/i.test(text)) return htmlToSource(text)
  const markdownName = /\.(md|markdown)$/i.test(hints.fileName ?? '')
  const markdownShape = /^\s*\|?\s*:?-{3,}:?\s*\|/m.test(text) || /^#{1,6} \S/m.test(text)
  if (type === 'text/markdown' || markdownName || markdownShape) return markdownToSource(text)
  return textToSource(text)
}

/**
 * Reads an innkalling file into a SourceDocument, choosing the reader by the file's content
 * (magic bytes), never by its name or declared type: .docx (mammoth), .odt, PDF (pdf.js), HTML,
 * Markdown or plain text. Throws ImportFileError with a Norwegian message naming the problem:
 * 400 for an empty file, 413 for an archive that unpacks too large or a PDF with too many
 * pages, 415 for a kind we do not read (old .doc, RTF, images, spreadsheets, other binaries),
 * 422 for an encrypted, damaged or scanned document and for a document without any text.
 */
export async function readInnkallingFile(bytes: Uint8Array, hints: FileHints = {}): Promise<SourceDocument> {
  if (bytes.length === 0) throw new ImportFileError(400, `${hints.fileName ? `«${hints.fileName}»` : 'Filen'} er tom.`, { code: 'empty' })
  let doc: SourceDocument
  switch (sniff(bytes)) {
    case 'pdf':
      doc = await readPdf(bytes)
      break
    case 'zip':
      doc = await readZip(bytes, hints)
      break
    case 'text':
      doc = readText(bytes, hints)
      break
    case 'ole':
      throw unsupported('et eldre Word-dokument (.doc) eller et passordbeskyttet Office-dokument; lagre det som .docx uten passord', hints)
    case 'rtf':
      throw unsupported('RTF; lagre den som .docx', hints)
    case 'image':
      throw unsupported('et bilde, uten tekst vi kan lese', hints)
    default:
      throw unsupported('ikke et dokument vi kan lese', hints)
  }
  if (!doc.lines.some((l) => /\p{L}/u.test(l.text))) {
    throw new ImportFileError(422, `${hints.fileName ? `«${hints.fileName}»` : 'Filen'} inneholder ingen tekst.`, { code: 'no-text' })
  }
  return doc
}
