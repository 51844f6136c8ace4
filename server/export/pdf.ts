import PDFDocument from 'pdfkit'
import type { ExportLabels } from './labels'
import { actionSuffix, labelsOf, plainText, sakHeading, type Block, type ReferatModel, type Run, type Sak } from './model'
import { metadataText, pdfFonts, printable, type FontFace } from './pdfFonts'
import { approvalOf, statusOf, statusText, type RenderOptions } from './record'

/**
 * The PDF export: an archival PDF/A-2b (ISO 19005-2, level B) drawn with pdfkit, pure
 * JavaScript. Noto Sans is embedded as subsets (pdfFonts.ts), so Sámi and Norwegian letters print
 * and extract letter for letter; the XMP metadata names the PDF/A part and conformance, the title,
 * the organ as author, and the status as subject; the catalog says the language (/Lang: nb-NO,
 * nn-NO or en-GB, the model's; every fixed word is printed in it). Headings,
 * paragraphs and table cells are tagged (H1, H2, P, Table/TR/TH/TD); the running header and the
 * page numbers ("Side x av y") are artifacts. PDF text is drawn, never interpreted: the file has
 * no JavaScript, actions or forms.
 */

const FONT_NAMES: Readonly<Record<FontFace, string>> = { regular: 'Regular', bold: 'Bold', italic: 'Italic', boldItalic: 'BoldItalic' }
const SIZE = { body: 10.5, title: 17, heading: 12.5, small: 8.5 }
const MARGIN = 56
const BULLET_INDENT = 14
const GREY = '#444444'

type Pdf = PDFKit.PDFDocument
type Struct = PDFKit.PDFStructureElement

function fontOf(run: { bold?: boolean; italic?: boolean }): string {
  if (run.bold && run.italic) return FONT_NAMES.boldItalic
  if (run.bold) return FONT_NAMES.bold
  if (run.italic) return FONT_NAMES.italic
  return FONT_NAMES.regular
}

class Writer {
  readonly left = MARGIN
  readonly width: number
  constructor(
    readonly pdf: Pdf,
    private readonly root: Struct,
  ) {
    this.width = pdf.page.width - 2 * MARGIN
  }

  get bottom(): number {
    return this.pdf.page.height - MARGIN
  }

  /** Draws what `draw` draws as one structure element of `type` (H1, H2, P, ...). */
  tagged(type: string, draw: () => void, parent: Struct = this.root): void {
    parent.add(this.pdf.struct(type, {}, draw))
  }

  /** Draws decoration (lines, borders) as an artifact, outside the structure. */
  artifact(draw: () => void): void {
    this.pdf.markContent('Artifact', { type: 'Layout' })
    draw()
    this.pdf.endMarkedContent()
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
      if (i === 0) this.pdf.text(printable(run.text), x, y, options)
      else this.pdf.text(printable(run.text), options)
    })
    this.pdf.x = this.left
    this.pdf.y += gapAfter
  }

  text(
    text: string,
    opts: { bold?: boolean; italic?: boolean; size?: number; gapAfter?: number; x?: number; width?: number; color?: string } = {},
  ): void {
    this.pdf.font(fontOf(opts)).fontSize(opts.size ?? SIZE.body).fillColor(opts.color ?? '#000000')
    this.pdf.text(printable(text), opts.x ?? this.left, this.pdf.y, { width: opts.width ?? this.width, lineGap: 1.5 })
    this.pdf.fillColor('#000000')
    this.pdf.x = this.left
    this.pdf.y += opts.gapAfter ?? 4
  }

  /** A tagged paragraph of one style. */
  para(type: string, text: string, opts: Parameters<Writer['text']>[1] = {}): void {
    this.tagged(type, () => this.text(text, opts))
  }

  bullet(list: readonly Run[], level = 0): void {
    const x = this.left + level * BULLET_INDENT
    this.ensure(SIZE.body * 2)
    this.tagged('P', () => {
      this.pdf.font(FONT_NAMES.regular).fontSize(SIZE.body).text('•', x, this.pdf.y, { lineBreak: false })
      this.runs(list, x + BULLET_INDENT, this.width - (x - this.left) - BULLET_INDENT, 3)
    })
  }

  /** A bordered table row; `columns` are fractions of the width. Breaks the page before a row that does not fit. */
  row(table: Struct, cells: { text: string; bold?: boolean; header?: boolean }[], columns: number[]): void {
    const pad = 4
    const widths = columns.map((f) => f * this.width)
    const heights = cells.map((c, i) => {
      this.pdf.font(c.bold ? FONT_NAMES.bold : FONT_NAMES.regular).fontSize(SIZE.body)
      return this.pdf.heightOfString(printable(c.text) || ' ', { width: widths[i] - 2 * pad, lineGap: 1.5 })
    })
    const height = Math.max(...heights) + 2 * pad
    this.ensure(height)
    const top = this.pdf.y
    const tr = this.pdf.struct('TR')
    table.add(tr)
    let x = this.left
    cells.forEach((c, i) => {
      const cellX = x
      this.artifact(() => this.pdf.lineWidth(0.5).strokeColor('#999999').rect(cellX, top, widths[i], height).stroke())
      this.tagged(
        c.header ? 'TH' : 'TD',
        () => {
          this.pdf.font(c.bold ? FONT_NAMES.bold : FONT_NAMES.regular).fontSize(SIZE.body).fillColor('#000000')
          this.pdf.text(printable(c.text), cellX + pad, top + pad, { width: widths[i] - 2 * pad, lineGap: 1.5 })
        },
        tr,
      )
      x += widths[i]
    })
    tr.end()
    this.pdf.x = this.left
    this.pdf.y = top + height
  }

  /** A table of rows, tagged as one Table. */
  table(rows: { text: string; bold?: boolean; header?: boolean }[][], columns: number[]): void {
    const table = this.pdf.struct('Table')
    this.root.add(table)
    for (const cells of rows) this.row(table, cells, columns)
    table.end()
  }

  gap(pt: number): void {
    this.pdf.y += pt
  }
}

function writeBlocks(w: Writer, list: readonly Block[], level = 0): void {
  for (const block of list) {
    if (block.type === 'paragraph') {
      if (level > 0) w.bullet(block.runs, level - 1)
      else w.tagged('P', () => w.runs(block.runs))
    } else if (block.type === 'subheading') {
      w.ensure(SIZE.body * 3)
      w.para('H3', block.text, { bold: true, gapAfter: 3 })
    } else if (block.type === 'memberInput') {
      w.bullet(block.namedBy ? [...block.runs, { text: ` (${block.namedBy})`, italic: true }] : block.runs, level)
    } else {
      for (const item of block.items) {
        item.forEach((inner, i) => {
          if (inner.type === 'paragraph' && i === 0) w.bullet(inner.runs, level)
          else writeBlocks(w, [inner], level + 1)
        })
      }
    }
  }
}

function writeSak(w: Writer, sak: Sak, labels: ExportLabels): void {
  w.gap(10)
  w.ensure(SIZE.heading * 4)
  w.para('H2', sakHeading(sak), { bold: true, size: SIZE.heading, gapAfter: 6 })
  if (sak.timesDisplay) w.para('P', sak.timesDisplay, { italic: true, color: GREY })
  writeBlocks(w, sak.narrative)
  if (sak.innspill.length > 0) {
    w.ensure(SIZE.body * 3)
    w.para('P', `${labels.t('export.sak.innspill')}:`, { bold: true, gapAfter: 3 })
    writeBlocks(w, sak.innspill)
  }
  if (sak.aksjonspunkter.length > 0) {
    w.ensure(SIZE.body * 3)
    w.para('P', `${labels.t('export.sak.aksjonspunkter')}:`, { bold: true, gapAfter: 3 })
    for (const a of sak.aksjonspunkter) w.bullet([...a.runs, { text: actionSuffix(a, labels) }])
  }
  if (sak.vedtak && sak.vedtak.some((p) => plainText(p).trim())) {
    w.ensure(SIZE.body * 3)
    w.para('P', `${sak.vedtakLabel ?? labels.t('export.vedtak.label')}:`, { bold: true, gapAfter: 3 })
    for (const p of sak.vedtak) w.tagged('P', () => w.runs(p))
    if (sak.confirmationDisplay) w.para('P', sak.confirmationDisplay, { italic: true, color: GREY })
  }
}

function writeFront(w: Writer, model: ReferatModel, labels: ExportLabels, options?: RenderOptions): void {
  w.para('H1', model.title, { bold: true, size: SIZE.title, gapAfter: 10 })
  w.table(
    model.header.map((row) => [{ text: row.label, bold: true, header: true }, { text: row.value }]),
    [0.28, 0.72],
  )
  const approval = approvalOf(model, options, labels)
  if (approval) {
    w.gap(8)
    w.para('P', approval.line, { bold: true })
    if (approval.checksum) w.para('P', approval.checksum, { size: SIZE.small })
  }
  if (model.attendance.length > 0) {
    w.gap(12)
    w.para('H2', labels.t('export.members'), { bold: true, size: SIZE.heading, gapAfter: 6 })
    w.table(
      model.attendance.map((g) => [{ text: g.label, bold: true, header: true }, { text: g.attendees.map((a) => a.display).join('\n') }]),
      [0.28, 0.72],
    )
  }
  if (model.agenda.length > 0) {
    w.gap(14)
    const head = [labels.t('export.agenda.number'), labels.t('export.agenda.title'), labels.t('export.agenda.caseType')].map((text) => ({ text, bold: true, header: true }))
    const rows = model.agenda.map((r) => [{ text: r.number ?? '' }, { text: r.title }, { text: r.caseType ?? '' }])
    w.table([head, ...rows], [0.12, 0.68, 0.2])
  }
}

/** "Nasjonalt e-helseråd · Møte 3/2023" left, the status right, "Side x av y" at the foot: on every page, as artifacts. */
function writePageFurniture(pdf: Pdf, model: ReferatModel, status: string, labels: ExportLabels): void {
  const number = model.header.find((r) => r.field === 'meetingNumber')?.value ?? ''
  const left = printable([model.organ, number ? labels.t('export.runningHeader.meeting', { number }) : ''].filter(Boolean).join(' · '))
  const range = pdf.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i)
    // Drawing in the margins must not start a new page.
    const margins = { ...pdf.page.margins }
    pdf.page.margins = { top: 0, bottom: 0, left: 0, right: 0 }
    const width = pdf.page.width - 2 * MARGIN
    pdf.markContent('Artifact', { type: 'Pagination' })
    pdf.font(FONT_NAMES.regular).fontSize(SIZE.small).fillColor(GREY)
    pdf.text(left, MARGIN, MARGIN / 2, { width: width * 0.75, lineBreak: false })
    pdf.font(FONT_NAMES.bold).text(status, MARGIN, MARGIN / 2, { width, align: 'right', lineBreak: false })
    pdf.lineWidth(0.5).strokeColor('#999999').moveTo(MARGIN, MARGIN / 2 + 12).lineTo(MARGIN + width, MARGIN / 2 + 12).stroke()
    const footer = labels.t('export.pageFooter', { page: i - range.start + 1, pages: range.count })
    pdf.font(FONT_NAMES.regular).text(footer, MARGIN, pdf.page.height - MARGIN / 2 - SIZE.small, {
      width,
      align: 'center',
      lineBreak: false,
    })
    pdf.endMarkedContent()
    pdf.fillColor('#000000')
    pdf.page.margins = margins
  }
}

/**
 * The referat as an archival PDF (A4, PDF/A-2b) in the house layout of seed 003. With a seal in
 * `options`, the approval and the checksum are printed under the header and the status is
 * "Godkjent"; `options.createdAt` fixes the creation date, and with it every byte of the file.
 */
export function toPdf(model: ReferatModel, options?: RenderOptions): Promise<Uint8Array> {
  const fonts = pdfFonts()
  const labels = labelsOf(model)
  const status = statusText(statusOf(model, options), labels)
  const number = model.header.find((r) => r.field === 'meetingNumber')?.value ?? ''
  const createdAt = options?.createdAt ? new Date(options.createdAt) : new Date()
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: true,
    bufferPages: true,
    font: fonts.paths.regular,
    info: {
      Title: metadataText(model.title),
      Author: metadataText(model.organ || 'Referat'),
      Subject: metadataText(
        number
          ? labels.t('export.subject.meeting', { number, status: status.toLowerCase() })
          : labels.t('export.subject.plain', { status: status.toLowerCase() }),
      ),
      ...(options?.seal ? { Keywords: `sha256:${options.seal.sha256}` } : {}),
      Creator: 'Referat',
      CreationDate: Number.isNaN(createdAt.getTime()) ? new Date() : createdAt,
    },
    lang: labels.locale,
    displayTitle: true,
  })
  for (const face of Object.keys(FONT_NAMES) as FontFace[]) pdf.registerFont(FONT_NAMES[face], fonts.files[face])
  const chunks: Buffer[] = []
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    pdf.on('error', reject)
  })
  const root = pdf.struct('Document')
  pdf.addStructure(root)
  const w = new Writer(pdf, root)
  writeFront(w, model, labels, options)
  for (const sak of model.saker) writeSak(w, sak, labels)
  root.end()
  writePageFurniture(pdf, model, status, labels)
  pdf.end()
  return done
}
