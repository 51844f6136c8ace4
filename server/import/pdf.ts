import { createRequire } from 'node:module'
import path from 'node:path'
import { MAX_IMPORT_PDF_PAGES, MAX_SOURCE_LINES, type SourceDocument, type SourceLine } from '../../shared/import'
import { ImportFileError } from './ImportFileError'

/** One run of text pdf.js found, placed on its page (points, y from the top, at the baseline). */
interface Run {
  readonly str: string
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

const require = createRequire(import.meta.url)
// pdf.js reads the metrics of the 14 standard fonts (which pdfkit and many writers use) from here.
const standardFontDataUrl = `${path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`

/** A gap wider than this, in multiples of the font size, separates two table cells rather than two words. */
const CELL_GAP_EM = 1.0
/** A gap wider than this, in multiples of the font size, is a space between words. */
const WORD_GAP_EM = 0.12
/** Lines whose font is this much larger than the body text are headings. */
const HEADING_RATIO = 1.25

const round = (n: number) => Math.round(n * 10) / 10

/** The runs of one page in reading order, grouped into lines by baseline. */
function groupLines(runs: Run[]): Run[][] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x - b.x)
  const lines: Run[][] = []
  for (const run of sorted) {
    const line = lines[lines.length - 1]
    // Runs on one baseline (within half the smaller font size: sub- and superscripts stay on it).
    if (line && Math.abs(line[0].y - run.y) <= 0.5 * Math.min(line[0].height, run.height)) line.push(run)
    else lines.push([run])
  }
  return lines.map((line) => line.sort((a, b) => a.x - b.x))
}

/** One line of runs as text and, when wide gaps split it, table cells. */
function lineOf(runs: Run[], page: number): SourceLine & { size: number } {
  const cells: string[] = ['']
  let end = runs[0].x
  for (const run of runs) {
    const gap = run.x - end
    const cell = cells[cells.length - 1]
    if (cell && gap > CELL_GAP_EM * run.height) cells.push(run.str.trimStart())
    else if (cell && gap > WORD_GAP_EM * run.height && !cell.endsWith(' ') && !run.str.startsWith(' ')) cells[cells.length - 1] = `${cell} ${run.str}`
    else cells[cells.length - 1] = cell + run.str
    end = Math.max(end, run.x + run.width)
  }
  const clean = cells.map((c) => c.replace(/\s+/g, ' ').trim()).filter((c) => c !== '')
  const size = Math.max(...runs.map((r) => r.height))
  const base = { text: clean.join(' '), page, x: round(runs[0].x), y: round(runs[0].y), size }
  return clean.length > 1 ? { ...base, cells: clean } : base
}

/** The font size most of the text is set in (by characters). */
function bodySize(lines: { text: string; size: number }[]): number {
  const chars = new Map<number, number>()
  for (const l of lines) chars.set(round(l.size), (chars.get(round(l.size)) ?? 0) + l.text.length)
  return [...chars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0
}

/** pdf.js's text of one PDF, page by page, as runs with positions. Throws ImportFileError. */
async function readRuns(bytes: Uint8Array, onPage: (runs: Run[], page: number) => void): Promise<void> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const task = pdfjs.getDocument({
    // pdf.js may take the buffer over: give it a copy.
    data: new Uint8Array(bytes),
    standardFontDataUrl,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
  })
  let doc
  try {
    doc = await task.promise
  } catch (err) {
    if ((err as Error).name === 'PasswordException') {
      throw new ImportFileError(422, 'PDF-en er passordbeskyttet. Lagre den uten passord, eller last opp Word-filen.', { code: 'encrypted' })
    }
    throw new ImportFileError(422, 'PDF-en er skadet og kan ikke leses. Last opp Word-filen, eller lim inn teksten.', { code: 'damaged' })
  }
  try {
    if (doc.numPages > MAX_IMPORT_PDF_PAGES) {
      throw new ImportFileError(413, `PDF-en har ${doc.numPages} sider; høyst ${MAX_IMPORT_PDF_PAGES} leses. Last opp bare innkallingen.`, {
        code: 'too-many-pages',
        params: { pages: doc.numPages, max: MAX_IMPORT_PDF_PAGES },
      })
    }
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n)
      const viewport = page.getViewport({ scale: 1 })
      const content = await page.getTextContent()
      const runs: Run[] = []
      for (const item of content.items) {
        if (!('str' in item) || !item.str.trim()) continue
        const [a, b, c, d, e, f] = item.transform as number[]
        const [x, y] = viewport.convertToViewportPoint(e, f)
        runs.push({ str: item.str, x, y, width: item.width, height: Math.hypot(c, d) || Math.hypot(a, b) || 1 })
      }
      onPage(runs, n)
      page.cleanup()
    }
  } finally {
    await doc.destroy()
  }
}

/**
 * A PDF's text as lines, rebuilt from pdf.js's text runs and their positions: runs on one
 * baseline form a line, a gap wider than a font size splits it into table cells, so an agenda
 * table's rows and columns come back instead of running together. Each line has its page, x and
 * y (points from the page's top left); lines set clearly larger than the body text are headings.
 * Throws ImportFileError: 422 for an encrypted or damaged PDF, and for one without text (scanned),
 * 413 past MAX_IMPORT_PDF_PAGES.
 */
export async function readPdf(bytes: Uint8Array): Promise<SourceDocument> {
  const lines: (SourceLine & { size: number })[] = []
  await readRuns(bytes, (runs, page) => {
    for (const line of groupLines(runs)) if (lines.length < MAX_SOURCE_LINES) lines.push(lineOf(line, page))
  })
  if (!lines.some((l) => /\p{L}/u.test(l.text))) {
    throw new ImportFileError(422, 'Ingen tekst i PDF-en: er den skannet? Last opp Word-filen, eller lim inn teksten.', { code: 'no-text' })
  }
  const body = bodySize(lines)
  return {
    format: 'pdf',
    lines: lines.map(({ size, ...line }) => {
      if (size < body * HEADING_RATIO || line.text.length > 200) return line
      return { ...line, heading: size >= body * 1.7 ? 1 : 2 }
    }),
  }
}
