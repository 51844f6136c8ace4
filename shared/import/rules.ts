import { KNOWN_CASE_TYPES, MAX_CASE_TYPE_CHARS } from '../schema'

/**
 * The layout rules of the agenda parser, each small and named: how a sak reference, a planned
 * time, a sakstype, a proposal label, a table head or page furniture looks in the layouts
 * secretariats use. A new body's layout should be a new rule here (and a fixture), not a rewrite
 * of parseAgenda. All pure; none throws.
 */

/** A planned start and end, "HH:MM"; either may be null. */
export interface TimeSpan {
  readonly start: string | null
  readonly end: string | null
}

/** "9.5" / "09:05" / "0905"? no: "9.05" or "09:05" → "09:05"; null when not a clock time. */
export function clock(value: string): string | null {
  const m = /^(\d{1,2})[.:](\d{2})$/.exec(value.trim())
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null
  return `${m[1].padStart(2, '0')}:${m[2]}`
}

const T = String.raw`\d{1,2}[.:]\d{2}`
const SPAN = String.raw`(?:kl\.?\s*)?(${T})(?:\s*(?:[–—-]|til)\s*(?:kl\.?\s*)?(${T}))?`

/** Rule "time span": a cell or line that is only a time or a range ("kl. 13.05", "13.00–13.20"). */
export function timeSpanOf(text: string): TimeSpan | null {
  const m = new RegExp(String.raw`^${SPAN}$`, 'i').exec(text.trim())
  return m ? { start: clock(m[1]), end: m[2] ? clock(m[2]) : null } : null
}

/** Rule "leading time": "09.00 12/20 …", "kl. 10.00–10.30 Sak 3 …". */
export function leadingTime(text: string): { span: TimeSpan; rest: string } | null {
  const m = new RegExp(String.raw`^${SPAN}\s+(.*)$`, 'i').exec(text)
  return m ? { span: { start: clock(m[1]), end: m[2] ? clock(m[2]) : null }, rest: m[3] } : null
}

/** Rule "trailing time": "… Beslutning 09.30", "… (kl. 10.15–10.45)". */
export function trailingTime(text: string): { span: TimeSpan; rest: string } | null {
  const m = new RegExp(String.raw`^(.*?)\s*[(,]?\s*${SPAN}\s*\)?$`, 'i').exec(text)
  if (!m || !m[1].trim()) return null
  return { span: { start: clock(m[2]), end: m[3] ? clock(m[3]) : null }, rest: m[1].trim() }
}

/** A sak reference at the start of a line: "PS 12/24", "Sak 9/21:", "Sak9/21", "9/21", "Sak 1", "Styresak 034-2024". */
export interface SakRef {
  readonly prefix: string | null
  readonly number: string
  readonly rest: string
}

// A series code (PS, RS …) or a word for "sak", then the number, then an optional ":" / "." / "–".
const SAK_REF = new RegExp(
  String.raw`^(?:([A-ZÆØÅ]{2})\s*|(?:styresak|sak\s*nr\.?|saksnr\.?|saksnummer|sak)\s*)?` +
    String.raw`(\d{1,4}(?:\s?[/-]\s?(?:\d{4}|\d{2}))?)(?=$|[\s:.)–—-](?!\d))[:.)]?\s*(?:[–—-]\s+)?(.*)$`,
  'i',
)
const SERIES = /^[A-ZÆØÅ]{2}$/

/**
 * Rule "sak reference". A number without a year needs "Sak", "Styresak" or a series code before
 * it (a bare "3" is a page number, "3." a list item); a series code must be upper case and is
 * kept as the prefix ("PS", "RS"). Returns null when the line does not start with a sak.
 */
export function sakRefOf(text: string): SakRef | null {
  const m = SAK_REF.exec(text)
  if (!m) return null
  const [whole, series, rawNumber, rest] = m
  const number = rawNumber.replace(/\s/g, '')
  const hasYear = /[/-]/.test(number)
  const hasWord = !series && /^\D/.test(whole)
  if (series && !SERIES.test(series)) return null
  if (series && !hasYear && !/^(PS|RS)$/.test(series)) return null
  if (!hasYear && !series && !hasWord) return null
  return { prefix: series ?? null, number, rest: rest.trim() }
}

const known = new Map(KNOWN_CASE_TYPES.map((t) => [t.toLowerCase(), t]))

/** "orientering" / "Orienteringssak" / "Til orientering": the word kept as written, first letter upper case. */
function asWritten(word: string): string {
  const w = word.trim()
  return w.charAt(0).toUpperCase() + w.slice(1)
}

/** Rule "known sakstype": the word is one of KNOWN_CASE_TYPES (any case), or a known word + "sak". */
export function knownCaseType(word: string): string | null {
  const w = word.trim().replace(/[.:]$/, '').toLowerCase()
  if (!w || w.length > MAX_CASE_TYPE_CHARS) return null
  if (known.has(w)) return asWritten(word.trim().replace(/[.:]$/, ''))
  const stem = w.replace(/s?sak$/, '')
  return stem !== w && known.has(stem) ? asWritten(word.trim().replace(/[.:]$/, '')) : null
}

/** A sakstype from a table's type column: any short single word or phrase, kept as written. */
export function caseTypeCell(text: string): string | null {
  const t = text.trim()
  return t && t.length <= MAX_CASE_TYPE_CHARS ? asWritten(t) : null
}

/**
 * Rule "trailing sakstype": "Tittel Orientering", "Tittel (orienteringssak)", "Tittel – Drøfting".
 * Without brackets or a dash the word must be capitalised, so "Budsjett til godkjenning" keeps its
 * title whole.
 */
export function trailingCaseType(rest: string): { title: string; caseType: string | null } {
  const bracketed = /^(.*?)\s*\(([^()]+)\)$/.exec(rest)
  if (bracketed && knownCaseType(bracketed[2])) return { title: bracketed[1].trim(), caseType: knownCaseType(bracketed[2]) }
  const dashed = /^(.*?)\s+[–—-]\s+(\S+)$/.exec(rest)
  if (dashed && knownCaseType(dashed[2])) return { title: dashed[1].trim(), caseType: knownCaseType(dashed[2]) }
  const two = /^(.*?)\s+(\S+\s+\S+)$/.exec(rest)
  if (two && /^\p{Lu}/u.test(two[2]) && known.has(two[2].toLowerCase())) return { title: two[1].trim(), caseType: known.get(two[2].toLowerCase())! }
  const last = /^(.*?)\s+(\S+)$/.exec(rest)
  if (last && /^\p{Lu}/u.test(last[2]) && knownCaseType(last[2])) return { title: last[1].trim(), caseType: knownCaseType(last[2]) }
  return { title: rest.trim(), caseType: null }
}

/** Rule "sakstype label": "Sakstype: Orientering", "Saktype: Vedtakssak". */
export function caseTypeLabel(text: string): string | null {
  const m = /^sa[kc]s?type\s*:\s*(.+)$/i.exec(text)
  return m ? caseTypeCell(m[1]) : null
}

// "Forslag til vedtak", "Framlegg til vedtak", "Kommunedirektørens innstilling", "Administrerende
// direktørs forslag til vedtak", "Fylkesdirektøren sitt framlegg til vedtak", "Innstilling til vedtak".
// Up to three words before the label, the first capitalised: whose proposal it is.
const PROPOSAL_LABEL = new RegExp(
  String.raw`^(?:\p{Lu}[\p{L}.]*(?:\s+[\p{L}.]+){0,2}\s+)?` +
    String.raw`(forslag til vedtak|framlegg til vedtak|forslag til innstilling|framlegg til innstilling|vedtaksforslag|innstilling til vedtak|innstilling|tilråding)` +
    String.raw`\s*(?::\s*(.*)|[–—]\s+(.*)|$)`,
  'iu',
)

/**
 * Rule "proposal label": the label as a heading (nothing after it), or inline with its text after
 * ":" or a dash. Returns the text after the label ('' for a heading); null when not a label.
 */
export function proposalLabel(text: string): string | null {
  const m = PROPOSAL_LABEL.exec(text)
  if (!m) return null
  return (m[2] ?? m[3] ?? '').trim()
}

/** Rule "Markdown markup": a heading's "## " and bold "**" around a label are not text. */
export function withoutMarkdown(text: string): string {
  return text.replace(/^#{1,6}\s+/, '').replace(/\*\*|__/g, '').trim()
}

/** Rule "section heading": a part of a saksframlegg that is not the proposal. */
export const SECTION_HEADING =
  /^(bakgrunn|saksopplysninger|saksopplysningar|saksutredning|saksutgreiing|saksframstilling|vurdering|vurdering og konklusjon|konklusjon|sammendrag|samandrag|økonomiske konsekvenser|økonomiske konsekvensar|saksgang|behandling|handsaming|hva saken gjelder|kva saka gjeld|innledning|innleiing|formål|formål med saken|dokumenter i saken|saksbehandler|sakshandsamar|arkivsak|arkivsaksnr\.?|ansvarlig|ansvarleg|innleder|innleiar|saksordfører)\b\s*:?/i

/** Rule "attachment": a line that lists the sak's attachments. */
export const ATTACHMENT = /^(vedlegg|saksunderlag|saksdokument(er)?|trykte vedlegg|utrykte vedlegg|lenke til)\b/i

/** Rule "referat starts": a referat after the innkalling in the same text. */
export const REFERAT_START = /^referat fra (\S+ )?møte/i

/** Rule "closing slide": the last slide's greeting, not part of any sak. */
export const CLOSING_PHRASE = /^(takk for (i dag|no|nå|oppmerksomheten|møtet)|spørsmål|slutt|neste møte)\s*[!?.]?$/i

/** Rule "page furniture": page numbers ("Side 13", "Side 1 av 3", "- 3 -", "3"). */
export const PAGE_NUMBER = /^((side|s\.|page)\s*\d+(\s*(av|\/|of)\s*\d+)?|\d{1,3}|[-–]\s*\d{1,3}\s*[-–])$/i

/** Rule "saksliste heading": a heading that starts the list of saker. */
export const LIST_HEADING = /^(saksliste|sakliste|sakskart|dagsorden|agenda|saker til (behandling|handsaming)|politiske saker|referatsaker|orienteringssaker)\s*:?$/i

/** What a column of the saksliste table holds. */
export type ColumnRole = 'number' | 'title' | 'type' | 'time' | 'ignore'

const HEAD_NUMBER = /^(nr\.?|saksnr\.?|sak\s*nr\.?|saksnummer|ps\/rs|sak)$/i
const HEAD_TITLE = /^(tema|tittel|sakstittel|innhold|innhald|overskrift|sak|saken|saker|beskrivelse|emne)$/i
const HEAD_TYPE = /^(sakstype|saktype|type|behandling|handsaming|behandlingsform)$/i
const HEAD_TIME = /^(tid|kl\.?|klokkeslett|tidspunkt|start|tidsrom)$/i

/**
 * Rule "table head": "Sak Tema Sakstype", "Tid | Sak | Tema | Ansvarleg". With cells, the role of
 * each column; without, the words (one word a column). Null when the line is not a head.
 */
export function tableHead(text: string, cells: readonly string[] | undefined): ColumnRole[] | null {
  const words = cells && cells.length > 1 ? cells.map((c) => c.trim()) : text.split(/\s+/)
  if (words.length < 2 || words.length > 8) return null
  const isHeadWord = (w: string) => HEAD_NUMBER.test(w) || HEAD_TITLE.test(w) || HEAD_TYPE.test(w) || HEAD_TIME.test(w)
  const headWords = words.filter(isHeadWord).length
  // "Sak Tema Saksunderlag": every word but one a head word; never a line of prose.
  if (headWords < 2 || headWords < words.length - 1) return null
  if (!words.some((w) => HEAD_NUMBER.test(w))) return null
  const roles: ColumnRole[] = words.map((w) => (HEAD_TYPE.test(w) ? 'type' : HEAD_TIME.test(w) ? 'time' : 'ignore'))
  const numberAt = words.findIndex((w) => HEAD_NUMBER.test(w) && !/^sak$/i.test(w))
  const at = numberAt >= 0 ? numberAt : words.findIndex((w) => /^sak$/i.test(w))
  roles[at] = 'number'
  words.forEach((w, i) => {
    if (i !== at && roles[i] === 'ignore' && HEAD_TITLE.test(w)) roles[i] = 'title'
  })
  return roles
}

/** Rule "markdown table row": "| 12/20 | Tittel | Orientering |" as cells; null for other lines, [] for "|---|". */
export function markdownCells(text: string): string[] | null {
  if (!/^\|.*\|$/.test(text.trim())) return null
  const cells = text.trim().slice(1, -1).split('|').map((c) => c.trim())
  return cells.every((c) => /^:?-{2,}:?$/.test(c)) ? [] : cells
}

/**
 * Rule "line-end hyphenation": joins wrapped lines into one text. A word broken at a line end
 * ("mel-" + "ding") is joined without its hyphen; a hyphen that belongs to the word ("e-" +
 * "helsestyre", "Sør-" + "Øst", "IKT-" + "drift", "2020-" + "2021") is kept, and so is a
 * compound's ("helse-" + "og omsorg").
 */
export function joinWrapped(lines: readonly string[]): string {
  let out = ''
  for (const raw of lines) {
    const line = raw.trim()
    if (!line) continue
    const broken = /(\S+)-$/.exec(out)
    if (!broken || !/\p{L}-$/u.test(out)) {
      out = out ? `${out} ${line}` : line
      continue
    }
    const head = broken[1]
    // "helse- og omsorg": the hyphen shortens a compound, and the next word stands apart.
    if (/^(og|eller|og\/eller)\b/.test(line)) {
      out = `${out} ${line}`
      continue
    }
    const keepsHyphen = head.length === 1 || /^[\p{Lu}\d]+$/u.test(head) || /\d/.test(head) || /^\p{Lu}/u.test(line) || /^\d/.test(line)
    out = keepsHyphen ? out + line : out.slice(0, -1) + line
  }
  return out
}

/**
 * Lines as paragraphs (null for a blank line): a blank line after a sentence's end, or a numbered
 * or bulleted point, starts a new paragraph;
 * other lines are wrapped text, joined with joinWrapped. Paragraphs joined by a blank line.
 */
export function joinParagraphs(lines: readonly (string | null)[]): string | null {
  const paragraphs: string[] = []
  let current: string[] = []
  const flush = () => {
    const text = joinWrapped(current)
    if (text) paragraphs.push(text)
    current = []
  }
  let blankBefore = false
  for (const line of lines) {
    if (line === null) {
      blankBefore = true
      continue
    }
    // A blank line after a finished sentence ends a paragraph; in the middle of a sentence it is
    // a PDF's line spacing.
    const sentenceEnded = /[.!?:;]["»)]?$/.test(current.at(-1) ?? '')
    if (current.length && ((blankBefore && sentenceEnded) || /^(\d+[.)]|[a-z][.)]|[-•–*])\s/.test(line))) flush()
    current.push(line)
    blankBefore = false
  }
  flush()
  return paragraphs.length ? paragraphs.join('\n\n') : null
}
