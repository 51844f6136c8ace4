import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import PDFDocument from 'pdfkit'

/**
 * Innkalling files for the import tests, written with the project's own writers (`docx` for Word,
 * pdfkit for PDF) from a small description, so a fixture is a readable JSON file rather than a
 * binary, and the same description says what the reader must find.
 */

/** One block of an innkalling. A cell's "\n" starts a new paragraph (Word) or line (PDF) in the cell. */
export type FileBlock =
  | { readonly h: string; readonly level?: 1 | 2 | 3 }
  | { readonly p: string; readonly bold?: boolean }
  | { readonly table: readonly (readonly string[])[]; readonly header?: boolean; readonly widths?: readonly number[] }
  | { readonly list: readonly string[]; readonly ordered?: boolean }
  | { readonly pageBreak: true }

/** An innkalling file described: its format, what every page carries, and its blocks. */
export interface FileSpec {
  readonly format: 'docx' | 'pdf'
  /** Repeated at the top of every page (Word header, PDF page header). */
  readonly pageHeader?: string
  /** "Side N av M" at the bottom of every page. */
  readonly pageNumbers?: boolean
  readonly blocks: readonly FileBlock[]
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const

function docxBlock(block: FileBlock): (Paragraph | Table)[] {
  if ('h' in block) return [new Paragraph({ text: block.h, heading: HEADINGS[(block.level ?? 2) - 1] })]
  if ('p' in block) return [new Paragraph({ children: [new TextRun({ text: block.p, bold: block.bold })] })]
  if ('list' in block) {
    return block.list.map((text) =>
      block.ordered ? new Paragraph({ text, numbering: { reference: 'saker', level: 0 } }) : new Paragraph({ text, bullet: { level: 0 } }),
    )
  }
  if ('pageBreak' in block) return [new Paragraph({ text: '', pageBreakBefore: true })]
  const rows = block.table.map(
    (row, r) =>
      new TableRow({
        tableHeader: r === 0 && block.header ? true : undefined,
        children: row.map(
          (cell) =>
            new TableCell({
              children: cell.split('\n').map((t) => new Paragraph({ children: [new TextRun({ text: t, bold: r === 0 && block.header })] })),
            }),
        ),
      }),
  )
  return [new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } })]
}

/** The description as a .docx (Word headings, real tables, a Word numbered list, header and page numbers). */
export async function writeDocx(spec: FileSpec): Promise<Uint8Array> {
  const doc = new Document({
    creator: 'Referat tests',
    numbering: {
      config: [{ reference: 'saker', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }],
    },
    sections: [
      {
        headers: spec.pageHeader ? { default: new Header({ children: [new Paragraph(spec.pageHeader)] }) } : undefined,
        footers: spec.pageNumbers
          ? { default: new Footer({ children: [new Paragraph({ children: [new TextRun({ children: ['Side ', PageNumber.CURRENT] })] })] }) }
          : undefined,
        children: spec.blocks.flatMap(docxBlock),
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}

const MARGIN = 56
const BODY = 11

/** Draws one table row at the current position; returns nothing, moves pdf.y below the row. */
function pdfRow(pdf: PDFKit.PDFDocument, row: readonly string[], widths: readonly number[], bold: boolean): void {
  const usable = pdf.page.width - 2 * MARGIN
  const total = widths.reduce((a, b) => a + b, 0)
  const top = pdf.y
  let x = MARGIN
  let bottom = top
  pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(BODY)
  row.forEach((cell, i) => {
    const width = (usable * (widths[i] ?? 1)) / total - 12
    pdf.text(cell, x, top, { width })
    bottom = Math.max(bottom, pdf.y)
    x += width + 12
  })
  pdf.x = MARGIN
  pdf.y = bottom + 4
}

/** The description as a PDF drawn with pdfkit: headings larger, tables as columns of text, wrapped paragraphs. */
export function writePdf(spec: FileSpec): Promise<Uint8Array> {
  const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: 'Innkalling', CreationDate: new Date(0) } })
  const chunks: Buffer[] = []
  pdf.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Uint8Array>((resolve) => pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))))
  for (const block of spec.blocks) {
    if ('h' in block) {
      pdf.moveDown(0.5).font('Helvetica-Bold').fontSize(block.level === 1 ? 18 : 14).text(block.h, MARGIN).moveDown(0.3)
    } else if ('p' in block) {
      pdf.font(block.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(BODY).text(block.p, MARGIN).moveDown(0.3)
    } else if ('list' in block) {
      block.list.forEach((item, i) => pdf.font('Helvetica').fontSize(BODY).text(`${block.ordered ? `${i + 1}.` : '•'} ${item}`, MARGIN))
      pdf.moveDown(0.3)
    } else if ('pageBreak' in block) {
      pdf.addPage()
    } else {
      const widths = block.widths ?? block.table[0].map(() => 1)
      block.table.forEach((row, r) => pdfRow(pdf, row, widths, r === 0 && !!block.header))
      pdf.moveDown(0.5)
    }
  }
  const pages = pdf.bufferedPageRange()
  for (let i = 0; i < pages.count; i++) {
    pdf.switchToPage(pages.start + i)
    // Drawn inside the margins' band without moving the flow (lineBreak off keeps pdfkit from adding pages).
    if (spec.pageHeader) pdf.font('Helvetica').fontSize(9).text(spec.pageHeader, MARGIN, 24, { lineBreak: false })
    if (spec.pageNumbers) pdf.font('Helvetica').fontSize(9).text(`Side ${i + 1} av ${pages.count}`, MARGIN, pdf.page.height - 40, { lineBreak: false })
  }
  pdf.end()
  return done
}

/** The described file, in its format. */
export function writeInnkallingFile(spec: FileSpec): Promise<Uint8Array> {
  return spec.format === 'docx' ? writeDocx(spec) : writePdf(spec)
}
