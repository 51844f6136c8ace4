import PDFDocument from 'pdfkit'
import { actionSuffix, plainText, sakHeading, type Block, type ReferatModel, type RenderOptions, type Run, type Sak } from './model'

/**
 * The PDF export, drawn with pdfkit's standard fonts (Helvetica): pure JavaScript, nothing to
 * install beyond npm. Helvetica is written in WinAnsiEncoding, which holds æ ø å Æ Ø Å, « », –,
 * ’ and the rest of Latin-1; a character outside it (emoji, Cyrillic, ...) is printed as "?"
 * rather than as a wrong glyph. PDF text is drawn, never interpreted: the file has no
 * JavaScript, actions or forms.
 */

const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')

/** Replaces what Helvetica's WinAnsi encoding cannot show; keeps tabs as spaces. */
export function toWinAnsi(text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (ch === '\n') out += ch
    else if (ch === '\t') out += ' '
    else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch
    else if (code === 0x2011 || code === 0x2010) out += '-'
    else if (code === 0x202f || code === 0x2009 || code === 0x200a) out += ' '
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0x200b && code <= 0x200d)) continue
    else out += '?'
  }
  return out
}

const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', boldItalic: 'Helvetica-BoldOblique' }
const SIZE = { body: 10.5, title: 17, heading: 12.5 }
const MARGIN = 56
const BULLET_INDENT = 14

type Pdf = PDFKit.PDFDocument

function fontOf(run: { bold?: boolean; italic?: boolean }): string {
  if (run.bold && run.italic) return FONT.boldItalic
  if (run.bold) return FONT.bold
  if (run.italic) return FONT.italic
  return FONT.regular
}

class Writer {
  readonly left = MARGIN
  readonly width: number
  constructor(readonly pdf: Pdf) {
    this.width = pdf.page.width - 2 * MARGIN
  }

  get bottom(): number {
    return this.pdf.page.height - MARGIN
  }

  /** Starts a new page when less than `heightPt` is left on this one. */
  ensure(heightPt: number): void {
    if (this.pdf.y + heightPt > this.bottom) this.pdf.addPage()
  }

  /** Rich text at `x` with `width`, flowing over pages. */
  runs(list: readonly Run[], x = this.left, width = this.width, gapAfter = 4): void {
    const parts = list.filter((r) => r.text !== '')
    if (parts.length === 0) return
    const y = this.pdf.y
    parts.forEach((run, i) => {
      this.pdf.font(fontOf(run)).fontSize(SIZE.body)
      const options = { width, continued: i < parts.length - 1, lineGap: 1.5 }
      if (i === 0) this.pdf.text(toWinAnsi(run.text), x, y, options)
      else this.pdf.text(toWinAnsi(run.text), options)
    })
    this.pdf.x = this.left
    this.pdf.y += gapAfter
  }

  text(text: string, opts: { bold?: boolean; size?: number; gapAfter?: number; x?: number; width?: number } = {}): void {
    this.pdf.font(opts.bold ? FONT.bold : FONT.regular).fontSize(opts.size ?? SIZE.body)
    this.pdf.text(toWinAnsi(text), opts.x ?? this.left, this.pdf.y, { width: opts.width ?? this.width, lineGap: 1.5 })
    this.pdf.x = this.left
    this.pdf.y += opts.gapAfter ?? 4
  }

  bullet(list: readonly Run[], level = 0): void {
    const x = this.left + level * BULLET_INDENT
    this.ensure(SIZE.body * 2)
    this.pdf.font(FONT.regular).fontSize(SIZE.body).text('•', x, this.pdf.y, { lineBreak: false })
    this.runs(list, x + BULLET_INDENT, this.width - (x - this.left) - BULLET_INDENT, 3)
  }

  /** A bordered table row; `columns` are fractions of the width. Breaks the page before a row that does not fit. */
  row(cells: { text: string; bold?: boolean }[], columns: number[]): void {
    const pad = 4
    const widths = columns.map((f) => f * this.width)
    const heights = cells.map((c, i) => {
      this.pdf.font(c.bold ? FONT.bold : FONT.regular).fontSize(SIZE.body)
      return this.pdf.heightOfString(toWinAnsi(c.text) || ' ', { width: widths[i] - 2 * pad, lineGap: 1.5 })
    })
    const height = Math.max(...heights) + 2 * pad
    this.ensure(height)
    const top = this.pdf.y
    let x = this.left
    cells.forEach((c, i) => {
      this.pdf.lineWidth(0.5).strokeColor('#999999').rect(x, top, widths[i], height).stroke()
      this.pdf.font(c.bold ? FONT.bold : FONT.regular).fontSize(SIZE.body).fillColor('#000000')
      this.pdf.text(toWinAnsi(c.text), x + pad, top + pad, { width: widths[i] - 2 * pad, lineGap: 1.5 })
      x += widths[i]
    })
    this.pdf.x = this.left
    this.pdf.y = top + height
  }

  gap(pt: number): void {
    this.pdf.y += pt
  }
}

function writeBlocks(w: Writer, list: readonly Block[], level = 0): void {
  for (const block of list) {
    if (block.type === 'paragraph') {
      if (level > 0) w.bullet(block.runs, level - 1)
      else w.runs(block.runs)
    } else if (block.type === 'subheading') {
      w.ensure(SIZE.body * 3)
      w.text(block.text, { bold: true, gapAfter: 3 })
    } else if (block.type === 'memberInput') {
      w.bullet(block.namedBy ? [...block.runs, { text: ` (${block.namedBy})`, italic: true }] : block.runs, level)
    } else {
      for (const item of block.items) {
        item.forEach((inner, i) => {
          if (inner.type === 'paragraph' && i === 0) w.bullet(inner.runs, level)
          else if (inner.type === 'bulletList') writeBlocks(w, [inner], level + 1)
          else writeBlocks(w, [inner], level + 1)
        })
      }
    }
  }
}

function writeSak(w: Writer, sak: Sak): void {
  w.gap(10)
  w.ensure(SIZE.heading * 4)
  w.text(sakHeading(sak), { bold: true, size: SIZE.heading, gapAfter: 6 })
  writeBlocks(w, sak.narrative)
  if (sak.innspill.length > 0) {
    w.ensure(SIZE.body * 3)
    w.text('Innspill:', { bold: true, gapAfter: 3 })
    writeBlocks(w, sak.innspill)
  }
  if (sak.aksjonspunkter.length > 0) {
    w.ensure(SIZE.body * 3)
    w.text('Aksjonspunkter:', { bold: true, gapAfter: 3 })
    for (const a of sak.aksjonspunkter) w.bullet([...a.runs, { text: actionSuffix(a) }])
  }
  if (sak.vedtak && sak.vedtak.some((p) => plainText(p).trim())) {
    w.ensure(SIZE.body * 3)
    w.text('Vedtak:', { bold: true, gapAfter: 3 })
    for (const p of sak.vedtak) w.runs(p)
  }
}

/** The referat as a PDF (A4) in the house layout of seed 003. */
export function toPdf(model: ReferatModel, _options: RenderOptions = {}): Promise<Uint8Array> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: toWinAnsi(model.title), Creator: 'Referat' },
    lang: 'nb-NO',
    displayTitle: true,
  })
  const chunks: Buffer[] = []
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    pdf.on('error', reject)
  })
  const w = new Writer(pdf)
  w.text(model.title, { bold: true, size: SIZE.title, gapAfter: 10 })
  for (const row of model.header) w.row([{ text: row.label, bold: true }, { text: row.value }], [0.28, 0.72])
  if (model.attendance.length > 0) {
    w.gap(12)
    w.text('Medlemmer', { bold: true, size: SIZE.heading, gapAfter: 6 })
    for (const g of model.attendance) {
      w.row([{ text: g.label, bold: true }, { text: g.attendees.map((a) => a.display).join('\n') }], [0.28, 0.72])
    }
  }
  if (model.agenda.length > 0) {
    w.gap(14)
    w.row([{ text: 'Sak', bold: true }, { text: 'Tema', bold: true }, { text: 'Sakstype', bold: true }], [0.12, 0.68, 0.2])
    for (const r of model.agenda) w.row([{ text: r.number ?? '' }, { text: r.title }, { text: r.caseType ?? '' }], [0.12, 0.68, 0.2])
  }
  for (const sak of model.saker) writeSak(w, sak)
  pdf.end()
  return done
}
