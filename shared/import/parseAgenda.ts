import { AGENDA_NUMBER_PATTERN } from '../schema'
import type { AgendaDraft, AgendaDraftItem, UnreadLine, UnsureNote } from './draft'
import { isFurnitureText, repeatedFurniture } from './furniture'
import { readHeaderLine, type MutableInfo } from './header'
import {
  ATTACHMENT,
  LIST_HEADING,
  REFERAT_START,
  SECTION_HEADING,
  caseTypeLabel,
  joinParagraphs,
  joinWrapped,
  markdownCells,
  proposalLabel,
  sakRefOf,
  tableHead,
  timeSpanOf,
  trailingCaseType,
  withoutMarkdown,
  type ColumnRole,
} from './rules'
import { readSakRow, type SakRow } from './sakRow'
import type { SourceDocument } from './source'

/** Choices for parseAgenda. */
export interface ParseAgendaOptions {
  /** Keep each sak's description (saksomtale, saksnotat) as its `background`; default false. */
  readonly keepBackground?: boolean
}

type Mode = 'header' | 'people' | 'table' | 'body'
type Part = 'heading' | 'description' | 'proposal' | 'attachment'

interface MutableItem {
  number: string
  prefix: string | null
  title: string
  caseType: string | null
  plannedStart: string | null
  plannedEnd: string | null
  /** Proposal lines; null for a blank line. */
  proposal: (string | null)[]
  /** Description lines with their line index; null for a blank line. */
  description: ({ index: number; text: string } | null)[]
  /** Length of `proposal` when a bare label ("Forslag til vedtak") was last seen; null before. */
  labelAt: number | null
  unsure: UnsureNote[]
  /** Created from a heading in the body (not from the saksliste). */
  inBody: boolean
}

const normalise = (line: string): string => withoutMarkdown(line.replace(/[\s\u00a0]+/g, ' ').trim())
const isEventuelt = (title: string) => /^eventuelt\b/i.test(title.trim())
const NO_TYPE = 'Fant ingen kjent sakstype'
const TIME_LINE = /^(?:tid|tidspunkt|klokkeslett)\s*:?\s*(.+)$/i

/**
 * Reads an innkalling in any of the layouts in docs/AGENDA_FORMAT.md from its lines (a
 * SourceDocument from any reader): the header (meeting details), the saksliste as a table or as
 * lines, and each sak's section with its proposal. Every line not used, except blank lines and
 * page furniture, is listed in `unread` with a Norwegian reason; what the parser guessed is noted
 * in each item's `unsure`. Never throws; a document with no sak gives no items.
 */
export function parseAgenda(doc: SourceDocument, options: ParseAgendaOptions = {}): AgendaDraft {
  const info: MutableInfo = {}
  const items: MutableItem[] = []
  const unread: UnreadLine[] = []
  const lines = doc.lines
  const furniture = repeatedFurniture(lines)
  let mode = 'header' as Mode
  let part = 'heading' as Part
  let current = null as MutableItem | null
  let columns: ColumnRole[] | null = null
  let sawList = false
  let peopleLabel = ''
  const skip = (index: number, text: string, reason: string): void => {
    unread.push({ line: index + 1, text, reason })
  }
  const rowAt = (index: number, rowMode: Mode): SakRow | null => {
    const l = lines[index]
    const text = normalise(l.text)
    return readSakRow(text, markdownCells(text) ?? l.cells, columns, rowMode === 'table', l.listMarker)
  }

  for (let i = 0; i < lines.length; i++) {
    const text = normalise(lines[i].text)
    if (!text) {
      if (current && part === 'proposal') current.proposal.push(null)
      if (current && part === 'description') current.description.push(null)
      continue
    }
    if (isFurnitureText(text) || (furniture.has(i) && proposalLabel(text) === null && !sakRefOf(text))) continue
    if (mode === 'body' && REFERAT_START.test(text)) {
      const lastLine = lines.findLastIndex((l) => normalise(l.text) !== '') + 1
      skip(i, text, `Her begynner et referat, ikke en del av innkallingen; resten av teksten (linje ${i + 1}–${lastLine}) er ikke lest.`)
      break
    }
    const md = markdownCells(text)
    if (md && md.length === 0) continue
    const head = tableHead(text, md ?? lines[i].cells)
    if (head) {
      // The first head is the saksliste; a second one ("Sak Tema Saksunderlag") heads the sak sections.
      columns = (md ?? lines[i].cells) ? head : null
      mode = items.length ? 'body' : 'table'
      sawList ||= mode === 'table'
      current = null
      continue
    }
    if ((mode === 'header' || mode === 'people') && LIST_HEADING.test(text)) {
      mode = 'table'
      sawList = true
      continue
    }
    const row = rowAt(i, mode)
    if (row) {
      handleSak(i, text, row)
      continue
    }
    if (mode === 'header' || mode === 'people') handleHeaderLine(i, text)
    else if (mode === 'table') handleTableLine(i, text)
    else handleBodyLine(i, text)
  }
  if (current) finishSak(current)

  /** A saksliste follows when one of the next three lines is another sak, before any proposal. */
  function listFollows(i: number): boolean {
    let seen = 0
    for (let j = i + 1; j < lines.length && seen < 3; j++) {
      const text = normalise(lines[j].text)
      if (!text || isFurnitureText(text)) continue
      seen++
      if (proposalLabel(text) !== null) return false
      if (rowAt(j, 'body')) return true
    }
    return false
  }

  function handleSak(i: number, text: string, row: SakRow): void {
    if (!AGENDA_NUMBER_PATTERN.test(row.number)) {
      skip(i, text, 'Saksnummeret har for mange sifre.')
      return
    }
    if (current) finishSak(current)
    const known = items.find((it) => it.number === row.number && (row.prefix === null || it.prefix === row.prefix))
    if (known) {
      // The sak's own section, after the saksliste: its heading repeats number and title.
      mode = 'body'
      current = known
      part = 'heading'
      if (!known.title && row.title) known.title = row.title
      known.caseType ??= row.caseType
      known.plannedStart ??= row.start
      known.plannedEnd ??= row.end
      return
    }
    if (mode === 'header' || mode === 'people') {
      mode = listFollows(i) ? 'table' : 'body'
      sawList ||= mode === 'table'
    }
    current = {
      number: row.number,
      prefix: row.prefix,
      title: row.title,
      caseType: row.caseType,
      plannedStart: row.start,
      plannedEnd: row.end,
      proposal: [],
      description: [],
      labelAt: null,
      unsure: [],
      inBody: mode === 'body',
    }
    if (mode === 'body' && sawList) current.unsure.push({ field: 'number', reason: 'Saken stod ikke i sakslisten.' })
    items.push(current)
    part = 'heading'
    // A capitalised last word may be a sakstype the parser does not know.
    if (mode === 'table' && !columns && row.title && !row.caseType && !isEventuelt(row.title) && /\s\p{Lu}\p{Ll}+$/u.test(row.title)) {
      skip(i, text, `${NO_TYPE} i linjen; sak ${row.number} får ingen sakstype.`)
    }
  }

  function handleHeaderLine(i: number, text: string): void {
    const read = readHeaderLine(text, info)
    if (read.kind === 'people') {
      mode = 'people'
      peopleLabel = read.label
      if (read.rest) skip(i, text, `Deltakerliste (${peopleLabel}): fyll inn oppmøtet i referatet.`)
      return
    }
    if (read.kind !== 'unknown') {
      mode = 'header'
      return
    }
    if (mode === 'people') skip(i, text, `Deltakerliste (${peopleLabel}): fyll inn oppmøtet i referatet.`)
    else skip(i, text, read.reason)
  }

  /** The line continues the heading above it: a wrapped title, maybe with the type or time at its end. */
  function continuesTitle(item: MutableItem, text: string): boolean {
    if (part !== 'heading' || isEventuelt(item.title) || proposalLabel(text) !== null) return false
    if (/^\p{Ll}/u.test(text) || /-$/.test(item.title)) return true
    return !item.caseType && trailingCaseType(text).caseType !== null && text.split(' ').length <= 8
  }

  function continueTitle(i: number, item: MutableItem, text: string): void {
    const row = readSakRow(`Sak 0/00 ${text}`, undefined, null, false, undefined)
    const rest = row ? row.title : text
    item.title = joinWrapped([item.title, rest])
    item.plannedStart ??= row?.start ?? null
    item.plannedEnd ??= row?.end ?? null
    if (row?.caseType && !item.caseType) {
      item.caseType = row.caseType
      const first = unread.findIndex((u) => u.reason.startsWith(NO_TYPE) && u.reason.includes(` ${item.number} `))
      if (first >= 0) unread.splice(first, 1)
    }
    void i
  }

  function handleTableLine(i: number, text: string): void {
    // A short line under a row is the rest of a wrapped title cell ("2023").
    const wrappedCell = part === 'heading' && text.split(' ').length <= 3 && proposalLabel(text) === null && !SECTION_HEADING.test(text)
    if (current && (continuesTitle(current, text) || wrappedCell)) return continueTitle(i, current, text)
    if (current && (proposalLabel(text) !== null || SECTION_HEADING.test(text))) {
      mode = 'body'
      return handleBodyLine(i, text)
    }
    if (/^eventuelt$/i.test(text)) return skip(i, text, 'Eventuelt uten saksnummer: referatet får Eventuelt sist likevel.')
    skip(i, text, 'Forsto ikke linjen i sakslisten (forventet «Saksnr. Tittel Sakstype»).')
  }

  function handleBodyLine(i: number, text: string): void {
    if (!current) return skip(i, text, 'Står ikke under noen sak.')
    const typed = caseTypeLabel(text)
    if (typed) {
      current.caseType ??= typed
      return
    }
    // "Sak 10/24" alone, its title on the next line (a slide's heading).
    if (part === 'heading' && !current.title && proposalLabel(text) === null) return continueTitle(i, current, text)
    if (current.inBody && continuesTitle(current, text)) return continueTitle(i, current, text)
    const time = TIME_LINE.exec(text)
    const span = timeSpanOf(time ? time[1] : text)
    if (span && part !== 'proposal') {
      current.plannedStart ??= span.start
      current.plannedEnd ??= span.end
      return
    }
    const label = proposalLabel(text)
    if (label !== null) {
      part = 'proposal'
      if (current.proposal.length) current.proposal.push(null)
      current.labelAt = label ? null : current.proposal.length
      if (label) current.proposal.push(label)
      return
    }
    if (ATTACHMENT.test(text)) part = 'attachment'
    else if (SECTION_HEADING.test(text)) part = 'description'
    if (part === 'proposal') {
      // A numbered point of a Word list keeps its number (the format numbers it, not the text).
      const marker = lines[i].listMarker
      current.proposal.push(marker && !text.startsWith(marker) ? `${marker} ${text}` : text)
      return
    }
    if (part === 'attachment') return skip(i, text, `Vedlegg til sak ${current.number}: tas ikke med i referatet.`)
    part = 'description'
    current.description.push({ index: i, text })
    const why = options.keepBackground ? 'tas med som bakgrunn bare om du velger det' : 'tas ikke med i referatet (bare forslaget til vedtak)'
    skip(i, text, `Saksomtale til sak ${current.number}: ${why}.`)
  }

  /**
   * Rule "label after its text" (slide exports): a bare "Forslag til vedtak" with nothing after it
   * in its sak labels the paragraph before it. That paragraph becomes the proposal, marked unsure.
   */
  function finishSak(item: MutableItem): void {
    if (item.labelAt === null || item.proposal.slice(item.labelAt).some((l) => l !== null)) return
    const lastBlank = item.description.lastIndexOf(null, item.description.length - 2)
    const paragraph = item.description.slice(lastBlank + 1).filter((l) => l !== null)
    if (!paragraph.length) return
    item.description = item.description.slice(0, lastBlank + 1)
    item.proposal.push(...paragraph.map((l) => l.text))
    for (const l of paragraph) {
      const at = unread.findIndex((u) => u.line === l.index + 1)
      if (at >= 0) unread.splice(at, 1)
    }
    item.unsure.push({ field: 'proposal', reason: 'Forslaget stod foran merkelappen «Forslag til vedtak»; sjekk at det er riktig tekst.' })
  }

  return { info, items: items.map((it, index) => finalItem(it, items, index, options)), unread }
}

/** The item as the draft holds it, with what the parser is unsure of. */
function finalItem(it: MutableItem, all: readonly MutableItem[], index: number, options: ParseAgendaOptions): AgendaDraftItem {
  const unsure = [...it.unsure]
  if (!it.caseType && !isEventuelt(it.title) && all.some((other) => other.caseType)) {
    unsure.push({ field: 'caseType', reason: 'Fant ingen sakstype for denne saken, men for andre.' })
  }
  const before = all.slice(0, index).findLast((other) => other.plannedStart)
  if (it.plannedStart && before?.plannedStart && it.plannedStart < before.plannedStart) {
    unsure.push({ field: 'plannedStart', reason: `Planlagt start er før forrige saks (${before.plannedStart}).` })
  }
  if (!it.title) unsure.push({ field: 'title', reason: 'Fant ingen tittel.' })
  const background = options.keepBackground ? joinParagraphs(it.description.map((l) => (l ? l.text : null))) : null
  return {
    number: it.number,
    prefix: it.prefix,
    title: it.title,
    caseType: it.caseType ?? null,
    proposal: joinParagraphs(it.proposal),
    plannedStart: it.plannedStart,
    plannedEnd: it.plannedEnd,
    background,
    unsure,
  }
}
