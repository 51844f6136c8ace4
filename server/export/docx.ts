import {
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import type { ExportLabels } from './labels'
import { actionSuffix, labelsOf, plainText, sakHeading, type Block, type ReferatModel, type Run, type Sak } from './model'
import { approvalOf, statusOf, statusText, type RenderOptions } from './record'

// The docx library writes text as XML text nodes and escapes it itself: nothing typed in the
// minutes can become markup, a field code or a macro (a .docx holds no macros anyway).

function textRuns(list: readonly Run[], extra: { bold?: boolean } = {}): TextRun[] {
  const out: TextRun[] = []
  for (const run of list) {
    run.text.split('\n').forEach((line, i) => {
      out.push(new TextRun({ text: line, bold: run.bold || extra.bold, italics: run.italic, break: i > 0 ? 1 : undefined }))
    })
  }
  return out
}

const plain = (text: string, bold = false) => new TextRun({ text, bold })
const note = (text: string) => new Paragraph({ children: [new TextRun({ text, italics: true })], spacing: { after: 120 } })

function blockParagraphs(list: readonly Block[], level = 0): Paragraph[] {
  const out: Paragraph[] = []
  for (const block of list) {
    if (block.type === 'paragraph') out.push(new Paragraph({ children: textRuns(block.runs), spacing: { after: 120 } }))
    else if (block.type === 'subheading') out.push(new Paragraph({ children: [plain(block.text, true)], spacing: { before: 120, after: 60 } }))
    else if (block.type === 'memberInput') {
      const named = block.namedBy ? [new TextRun({ text: ` (${block.namedBy})`, italics: true })] : []
      out.push(new Paragraph({ children: [...textRuns(block.runs), ...named], bullet: { level } }))
    } else {
      for (const item of block.items) {
        item.forEach((inner, i) => {
          if (inner.type === 'bulletList') out.push(...blockParagraphs([inner], Math.min(level + 1, 8)))
          else if (inner.type === 'paragraph' && i === 0) out.push(new Paragraph({ children: textRuns(inner.runs), bullet: { level } }))
          else out.push(...blockParagraphs([inner], level))
        })
      }
    }
  }
  return out
}

const THIN = { style: BorderStyle.SINGLE, size: 4, color: '999999' }
const BORDERS = { top: THIN, bottom: THIN, left: THIN, right: THIN }

function cell(children: Paragraph[], widthPercent: number): TableCell {
  return new TableCell({ children, width: { size: widthPercent, type: WidthType.PERCENTAGE }, borders: BORDERS })
}

function twoColumnTable(rows: { label: string; lines: string[] }[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (row) =>
        new TableRow({
          children: [
            cell([new Paragraph({ children: [plain(row.label, true)] })], 28),
            cell(row.lines.length > 0 ? row.lines.map((l) => new Paragraph({ children: [plain(l)] })) : [new Paragraph({})], 72),
          ],
        }),
    ),
  })
}

function agendaTable(model: ReferatModel, labels: ExportLabels): Table {
  const row = (cells: string[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      children: cells.map((text, i) => cell([new Paragraph({ children: [plain(text, bold)] })], [12, 68, 20][i])),
    })
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [row([labels.t('export.agenda.number'), labels.t('export.agenda.title'), labels.t('export.agenda.caseType')], true), ...model.agenda.map((r) => row([r.number ?? '', r.title, r.caseType ?? ''], false))],
  })
}

const label = (text: string) => new Paragraph({ children: [plain(text, true)], spacing: { before: 160, after: 60 } })

function sakParagraphs(sak: Sak, labels: ExportLabels): Paragraph[] {
  const out = [new Paragraph({ text: sakHeading(sak), heading: HeadingLevel.HEADING_2, spacing: { before: 360, after: 120 } })]
  if (sak.timesDisplay) out.push(note(sak.timesDisplay))
  out.push(...blockParagraphs(sak.narrative))
  if (sak.innspill.length > 0) out.push(label(`${labels.t('export.sak.innspill')}:`), ...blockParagraphs(sak.innspill))
  if (sak.aksjonspunkter.length > 0) {
    out.push(label(`${labels.t('export.sak.aksjonspunkter')}:`))
    for (const a of sak.aksjonspunkter) out.push(new Paragraph({ children: [...textRuns(a.runs), plain(actionSuffix(a, labels))], bullet: { level: 0 } }))
  }
  if (sak.vedtak && sak.vedtak.some((p) => plainText(p).trim())) {
    out.push(label(`${sak.vedtakLabel ?? labels.t('export.vedtak.label')}:`), ...sak.vedtak.map((p) => new Paragraph({ children: textRuns(p), spacing: { after: 120 } })))
    if (sak.confirmationDisplay) out.push(note(sak.confirmationDisplay))
  }
  return out
}

/** "Status: Utkast", and for an approved referat the approval and the seal's checksum. */
function statusParagraphs(model: ReferatModel, labels: ExportLabels, options?: RenderOptions): Paragraph[] {
  const status = statusText(statusOf(model, options), labels)
  const out = [new Paragraph({ children: [plain(`${labels.t('export.status.label')}: `, true), plain(status)], spacing: { after: 120 } })]
  const approval = approvalOf(model, options, labels)
  if (approval) out.push(new Paragraph({ children: [plain(approval.line)], spacing: { after: 60 } }))
  if (approval?.checksum) out.push(new Paragraph({ children: [new TextRun({ text: approval.checksum, size: 18 })], spacing: { after: 120 } }))
  return out
}

/**
 * The referat as a Word document (.docx) in the house layout of seed 003, in the model's language.
 * Its properties carry the title, the organ as creator, the status as subject, and its default
 * run style the language (nb-NO, nn-NO, en-GB) for spelling and screen readers.
 */
export async function toDocx(model: ReferatModel, options?: RenderOptions): Promise<Uint8Array> {
  const labels = labelsOf(model)
  const status = statusText(statusOf(model, options), labels)
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: model.title, heading: HeadingLevel.HEADING_1, spacing: { after: 240 } }),
    ...statusParagraphs(model, labels, options),
    twoColumnTable(model.header.map((r) => ({ label: r.label, lines: [r.value] }))),
  ]
  if (model.attendance.length > 0) {
    children.push(new Paragraph({ text: labels.t('export.members'), heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 } }))
    children.push(twoColumnTable(model.attendance.map((g) => ({ label: g.label, lines: g.attendees.map((a) => a.display) }))))
  }
  if (model.agenda.length > 0) children.push(new Paragraph({ spacing: { after: 120 } }), agendaTable(model, labels))
  for (const sak of model.saker) children.push(...sakParagraphs(sak, labels))
  const doc = new Document({
    title: model.title,
    creator: model.organ || 'Referat',
    subject: labels.t('export.subject.plain', { status: status.toLowerCase() }),
    ...(options?.seal ? { keywords: `sha256:${options.seal.sha256}` } : {}),
    styles: { default: { document: { run: { font: 'Calibri', size: 22, language: { value: labels.locale } } } } },
    sections: [{ children }],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}
