import { strFromU8, unzipSync } from 'fflate'
import { createRequire } from 'node:module'
import path from 'node:path'

/** The text of a .docx's word/document.xml: every w:t run, paragraphs on lines of their own. */
export function docxText(bytes: Uint8Array): string {
  const files = unzipSync(bytes)
  const xml = strFromU8(files['word/document.xml'])
  const decode = (s: string) =>
    s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1])).join(''))
    .join('\n')
}

const require = createRequire(import.meta.url)
const standardFontDataUrl = `${path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`

/** The text of every page of a PDF, as pdf.js (pure JS) extracts it. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: bytes, standardFontDataUrl, verbosity: 0 }).promise
  let text = ''
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent()
    for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '')
    text += '\n'
  }
  await doc.destroy()
  return text
}

/**
 * Extracted PDF text without the running header ("<organ> · Møte <nr>", "Utkast"/"Godkjent") and
 * the page numbers ("Side x av y"), which pdf.js and pdftotext put in the middle of a paragraph
 * that flows over a page break.
 */
export function withoutPageFurniture(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*(Side \d+ av \d+|Utkast|Godkjent)\s*$/.test(line) && !/^[^\n]* · Møte [^\n]*$/.test(line.trim()))
    .join('\n')
}
