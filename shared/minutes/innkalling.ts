import { AGENDA_NUMBER_PATTERN, CASE_TYPES, type CaseType } from '../schema'
import type { MeetingInfo } from './template'

/**
 * Reading an innkalling (the agenda sent before a meeting) into an AgendaDraft: the meeting's
 * details, its saker with their "Forslag til vedtak", and every line that could not be placed.
 * Pure: no Node or DOM API, so the browser previews exactly what the server imports.
 * The JSON agenda format (parseAgendaJson) and the minutes built from a draft (draftToMinutes)
 * live in agendaJson.ts.
 */

/** One sak of an agenda. */
export interface AgendaDraftItem {
  /** "12/20" */
  readonly number: string
  readonly title: string
  readonly caseType: CaseType | null
  /** The "Forslag til vedtak", paragraphs separated by a blank line; null when there is none. */
  readonly proposal: string | null
  /** Planned start "HH:MM" from the agenda table; null when the agenda gives none. */
  readonly plannedStart: string | null
}

/** A line of the pasted text the parser did not use, and why (Norwegian, for the secretary). */
export interface UnreadLine {
  /** 1-based line number in the pasted text. */
  readonly line: number
  readonly text: string
  readonly reason: string
}

/** What an innkalling or a JSON agenda says: meeting details found, saker, unread lines. */
export interface AgendaDraft {
  readonly info: Partial<MeetingInfo>
  readonly items: AgendaDraftItem[]
  readonly unread: UnreadLine[]
}

const MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember']

/** "13. mai 2020", "onsdag 13. mai 2020", "13.05.2020" → "2020-05-13"; null when not a date. */
export function parseNorwegianDate(value: string): string | null {
  const pad = (n: number) => String(n).padStart(2, '0')
  const valid = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1900 && y <= 2999
  const named = /(\d{1,2})\.\s*([a-zæøå]+)\s+(\d{4})/i.exec(value)
  if (named) {
    const month = MONTHS.indexOf(named[2].toLowerCase()) + 1
    const [y, d] = [Number(named[3]), Number(named[1])]
    if (month > 0 && valid(y, month, d)) return `${y}-${pad(month)}-${pad(d)}`
  }
  const numeric = /(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(value)
  if (numeric) {
    const [d, m, y] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])]
    if (valid(y, m, d)) return `${y}-${pad(m)}-${pad(d)}`
  }
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(value)
  if (iso && valid(Number(iso[1]), Number(iso[2]), Number(iso[3]))) return iso[0]
  return null
}

/** The sakstype a word names ("Orientering", "orienteringssak"); null for anything else. */
export function caseTypeOf(word: string): CaseType | null {
  const w = word.trim().toLowerCase().replace(/s?sak$/, '')
  return CASE_TYPES.find((t) => t.toLowerCase() === w) ?? null
}

/** "9.5" / "09:05" → "09:05"; null when not a clock time. */
function clock(value: string): string | null {
  const m = /^(\d{1,2})[.:](\d{2})$/.exec(value)
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null
  return `${m[1].padStart(2, '0')}:${m[2]}`
}

const normalise = (line: string): string => line.replace(/[\s\u00a0]+/g, ' ').trim()

const TIME = String.raw`(?:kl\.?\s*)?(\d{1,2}[.:]\d{2})(?:\s*[–-]\s*\d{1,2}[.:]\d{2})?`
/** A sak heading or agenda row: optional time, "12/20", the rest. */
const SAK_LINE = new RegExp(String.raw`^(?:${TIME}\s+)?(\d{1,3}/\d{2})(?:\s+(.*))?$`, 'i')
const TRAILING_TIME = new RegExp(String.raw`^(.*?)\s+${TIME}$`, 'i')
const TABLE_HEAD = /^(sak|saksnr\.?)\s+(tema|sak|tittel|saken)\b/i
const PROPOSAL = /^(forslag til vedtak|forslag til innstilling|vedtaksforslag|innstilling)\s*:?\s*(.*)$/i
const ATTACHMENT = /^(vedlegg|saksunderlag|saksdokument(er)?)\b/i
const REFERAT_START = /^referat fra (\S+ )?møte/i
const FURNITURE = /^((side|s\.)\s*\d+(\s*(av|\/)\s*\d+)?|\d{1,3}|\f)$/i
const TITLE_LINE = /^(agenda|innkalling|møteinnkalling|dagsorden)\s+(for|til)\s+(\S+\s+)?møte\s+i\s+(.+)$/i
const LABEL = /^(møte|møtenr\.?|dato|møtedato|tid|tidspunkt|kl\.|sted|møtested|organ)\s*:?\s+(.+)$/i
const PEOPLE_LABEL = /^(medlemmer|observatører|til stede|forfall|kopi|varamedlemmer|deltakere|sekretariat|møteleder|referent)\b\s*:?\s*(.*)$/i

type Mode = 'header' | 'people' | 'table' | 'body'
type Part = 'heading' | 'description' | 'proposal' | 'attachment'

interface MutableItem {
  number: string
  title: string
  caseType: CaseType | null
  proposalLines: string[]
  plannedStart: string | null
}

/** Splits "Tittel Orientering" into its title and sakstype (the last word, when it is one). */
function splitCaseType(rest: string): { title: string; caseType: CaseType | null } {
  const m = /^(.*?)\s+(\S+)$/.exec(rest)
  const caseType = m ? caseTypeOf(m[2]) : null
  return caseType && m ? { title: m[1].trim(), caseType } : { title: rest.trim(), caseType: null }
}

/** Lines of a proposal joined into text: wrapped lines rejoined, hyphenation ("e-\nhelse") kept. */
function joinProposal(lines: string[]): string | null {
  const paragraphs: string[] = []
  let current = ''
  for (const line of lines) {
    // A numbered or bulleted point starts a paragraph of its own; other lines are wrapped text.
    if (current && /^(\d+[.)]|[-•–])\s/.test(line)) {
      paragraphs.push(current)
      current = line
    } else if (/\p{L}-$/u.test(current)) current += line
    else current = current ? `${current} ${line}` : line
  }
  if (current) paragraphs.push(current)
  return paragraphs.length ? paragraphs.join('\n\n') : null
}

const isEventuelt = (title: string) => /^eventuelt\b/i.test(title.trim())

/**
 * Reads the pasted text of an innkalling: the header lines (title "Agenda for møte i X", Møte,
 * Dato, Tid, Sted), the agenda table (Sak / Tema / Sakstype, optionally a time), and each sak's
 * section with its "Forslag til vedtak". Everything else that is not blank or page furniture is
 * listed in `unread` with a Norwegian reason, one entry per line; text after the innkalling that
 * starts a referat ("Referat fra møte i …") is reported once and not read. Never throws.
 */
export function parseInnkalling(text: string): AgendaDraft {
  const info: { -readonly [K in keyof MeetingInfo]?: MeetingInfo[K] } = {}
  const items: MutableItem[] = []
  const unread: UnreadLine[] = []
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  // Also changed inside the line handlers below, hence the widened type.
  let mode = 'header' as Mode
  let part: Part = 'heading'
  let current: MutableItem | null = null
  let peopleLabel = ''
  const skip = (index: number, line: string, reason: string) => unread.push({ line: index + 1, text: line, reason })

  for (let i = 0; i < lines.length; i++) {
    const line = normalise(lines[i])
    if (!line || FURNITURE.test(line)) continue
    if (mode === 'body' && REFERAT_START.test(line)) {
      const lastLine = lines.findLastIndex((l) => normalise(l) !== '') + 1
      skip(i, line, `Her begynner et referat, ikke en del av innkallingen; resten av teksten (linje ${i + 1}–${lastLine}) er ikke lest.`)
      break
    }
    if (TABLE_HEAD.test(line)) {
      // The first table head is the agenda; a second one ("Sak Tema Saksunderlag") heads the sak sections.
      mode = items.length ? 'body' : 'table'
      current = null
      continue
    }
    const sak = SAK_LINE.exec(line)
    if (sak && (mode === 'table' || mode === 'body')) {
      const [, startTime, number, restRaw = ''] = sak
      if (!AGENDA_NUMBER_PATTERN.test(number)) {
        skip(i, line, 'Saksnummeret har for mange sifre.')
        continue
      }
      let rest = restRaw
      let start = startTime ? clock(startTime) : null
      const trailing = TRAILING_TIME.exec(rest)
      if (!start && trailing) {
        rest = trailing[1]
        start = clock(trailing[2])
      }
      const { title, caseType } = splitCaseType(rest)
      const known = items.find((it) => it.number === number)
      if (known) {
        // The sak's own section, after the agenda table: its heading repeats number and title.
        mode = 'body'
        current = known
        part = 'heading'
        if (!known.title && title) known.title = title
        if (!known.caseType && caseType) known.caseType = caseType
        continue
      }
      current = { number, title, caseType, proposalLines: [], plannedStart: start }
      items.push(current)
      part = 'heading'
      if (mode === 'table' && title && !caseType && !isEventuelt(title)) {
        skip(i, line, `Fant ingen kjent sakstype (${CASE_TYPES.join(', ')}) i linjen; sak ${number} får ingen sakstype.`)
      }
      continue
    }
    if (mode === 'header' || mode === 'people') {
      handleHeaderLine(i, line)
      continue
    }
    if (mode === 'table') {
      handleTableLine(i, line)
      continue
    }
    handleBodyLine(i, line)
  }

  function handleHeaderLine(i: number, line: string): void {
    const title = TITLE_LINE.exec(line)
    if (title && !info.organ) {
      info.organ = title[4].trim()
      info.title = `Referat fra ${title[3] ? title[3].trim() + ' ' : ''}møte i ${info.organ}`
      mode = 'header'
      return
    }
    const people = PEOPLE_LABEL.exec(line)
    if (people) {
      mode = 'people'
      peopleLabel = people[1].toLowerCase()
      if (people[2]) skip(i, line, `Deltakerliste (${peopleLabel}): fyll inn oppmøtet i referatet.`)
      return
    }
    const label = LABEL.exec(line)
    if (label) {
      const key = label[1].toLowerCase().replace(/\.$/, '')
      const value = label[2].trim()
      mode = 'header'
      if ((key === 'møte' || key === 'møtenr') && /^\d{1,3}\/\d{4}$/.test(value)) info.number = value
      else if ((key === 'dato' || key === 'møtedato') && parseNorwegianDate(value)) info.date = parseNorwegianDate(value)!
      else if (key === 'tid' || key === 'tidspunkt' || key === 'kl') info.time = value
      else if (key === 'sted' || key === 'møtested') info.place = value
      else if (key === 'organ') info.organ = value
      else skip(i, line, 'Forsto ikke verdien i denne linjen.')
      return
    }
    if (mode === 'people') skip(i, line, `Deltakerliste (${peopleLabel}): fyll inn oppmøtet i referatet.`)
    else skip(i, line, 'Forsto ikke linjen; den står før saklisten og er ingen kjent overskrift (Møte, Dato, Tid, Sted).')
  }

  function handleTableLine(i: number, line: string): void {
    // A title wrapped onto the next line of the table: it continues the row above.
    if (current && !current.caseType && !isEventuelt(current.title)) {
      const trailing = TRAILING_TIME.exec(line)
      if (trailing && !current.plannedStart) current.plannedStart = clock(trailing[2])
      const { title, caseType } = splitCaseType(trailing ? trailing[1] : line)
      current.title = current.title ? `${current.title} ${title}` : title
      current.caseType = caseType
      if (caseType) {
        const first = unread.findIndex((u) => u.reason.startsWith('Fant ingen kjent sakstype') && u.reason.includes(` ${current!.number} `))
        if (first >= 0) unread.splice(first, 1)
      }
      return
    }
    skip(i, line, 'Forsto ikke linjen i sakslisten (forventet «Saksnr. Tittel Sakstype»).')
  }

  function handleBodyLine(i: number, line: string): void {
    if (!current) {
      skip(i, line, 'Står ikke under noen sak.')
      return
    }
    const proposal = PROPOSAL.exec(line)
    if (proposal) {
      part = 'proposal'
      if (proposal[2]) current.proposalLines.push(proposal[2])
      return
    }
    if (ATTACHMENT.test(line)) part = 'attachment'
    if (part === 'proposal') {
      current.proposalLines.push(line)
      return
    }
    if (part === 'attachment') {
      skip(i, line, `Vedlegg til sak ${current.number}: tas ikke med i referatet.`)
      return
    }
    part = 'description'
    skip(i, line, `Saksomtale til sak ${current.number}: tas ikke med i referatet (bare forslaget til vedtak).`)
  }

  return {
    info,
    items: items.map((it) => ({
      number: it.number,
      title: it.title,
      caseType: it.caseType,
      proposal: joinProposal(it.proposalLines),
      plannedStart: it.plannedStart,
    })),
    unread,
  }
}
