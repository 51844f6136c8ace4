import { zipSync, type Zippable } from 'fflate'
import mammoth from 'mammoth'
import { htmlToSource, type SourceDocument } from '../../shared/import'
import { ImportFileError } from './ImportFileError'
import type { BoundedUnzip } from './zip'

/** Parts of a .docx that hold no text: not inflated, not passed on. */
const BINARY_PART = /^word\/(media|embeddings|fonts)\/|^customXml\/|^docProps\/thumbnail/i

/**
 * A .docx (already opened as a bounded archive that holds word/document.xml) as lines: mammoth
 * turns it into HTML (headings from Word's heading styles, tables, numbered lists, bold), which
 * htmlToSource reads. Images are dropped unread and linked files are never opened. Throws
 * ImportFileError (what BoundedUnzip throws; 422 when mammoth cannot read the document).
 */
export async function readDocx(zip: BoundedUnzip): Promise<SourceDocument> {
  // mammoth gets an archive rebuilt from entries read within the limits, never the upload itself.
  const files: Zippable = {}
  for (const entry of zip.entries) {
    if (entry.name.endsWith('/') || BINARY_PART.test(entry.name)) continue
    files[entry.name] = [zip.read(entry), { level: 0 }]
  }
  let html: string
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(zipSync(files)) },
      { externalFileAccess: false, convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    )
    html = result.value
  } catch {
    throw new ImportFileError(422, 'Word-dokumentet er skadet og kan ikke leses. Åpne det i Word, lagre det på nytt som .docx og prøv igjen.', { code: 'damaged' })
  }
  return htmlToSource(html, 'docx')
}
