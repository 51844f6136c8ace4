import type { MeetingInfo } from '../minutes/template'

/** The meeting details found so far, as the parser fills them in. */
export type MutableInfo = { -readonly [K in keyof MeetingInfo]?: MeetingInfo[K] }

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

// "Agenda for møte i NUIT", "Innkalling til styremøte i Helse Vestfjord HF", "Møteinnkalling – Formannskapet".
const TITLE_LINES: readonly RegExp[] = [
  /^(?:agenda|innkalling|møteinnkalling|dagsorden)\s+(?:for|til)\s+(?:(\S+)\s+)?møte\s+i\s+(.+)$/i,
  /^(?:agenda|innkalling|møteinnkalling)\s+(?:for|til)\s+(styremøte|arbeidsmøte|fellesmøte)\s+i\s+(.+)$/i,
  /^(?:møteinnkalling|innkalling)()\s*[-–:]\s*(.+)$/i,
]
const LABEL = /^(møte|møtenr\.?|møtenummer|dato|møtedato|tid|tidspunkt|møtetid|klokkeslett|kl\.|sted|stad|møtested|møtestad|organ|utvalg|utval|styre)\s*:?\s+(.+)$/i
const PEOPLE_LABEL =
  /^(medlemmer|medlemar|observatører|observatørar|til stede|forfall|kopi|varamedlemmer|varamedlemar|deltakere|deltakarar|sekretariat|møteleder|møteleiar|referent|inviterte)\b\s*:?\s*(.*)$/i

/** What a header line was: a title, a label with its value, the start of a people list, or nothing known. */
export type HeaderLine =
  | { readonly kind: 'title' }
  | { readonly kind: 'label' }
  | { readonly kind: 'people'; readonly label: string; readonly rest: string }
  | { readonly kind: 'unknown'; readonly reason: string }

/**
 * Rule "header": reads one line before the saksliste into `info` (title and organ, Møte, Dato,
 * Tid, Sted in bokmål and nynorsk, with or without a colon). Says what the line was.
 */
export function readHeaderLine(line: string, info: MutableInfo): HeaderLine {
  for (const rule of TITLE_LINES) {
    const title = rule.exec(line)
    if (title && !info.organ) {
      info.organ = title[2].trim()
      const kind = title[1] ? `${title[1].trim()} ` : ''
      info.title = /styremøte/i.test(kind) ? `Referat fra styremøte i ${info.organ}` : `Referat fra ${kind}møte i ${info.organ}`
      return { kind: 'title' }
    }
  }
  const people = PEOPLE_LABEL.exec(line)
  if (people) return { kind: 'people', label: people[1].toLowerCase(), rest: people[2] }
  const label = LABEL.exec(line)
  // A date alone on its line (a title slide's "14. juni 2024").
  if (!label && !info.date && line.split(' ').length <= 4 && /^\d/.test(line) && parseNorwegianDate(line)) {
    info.date = parseNorwegianDate(line)!
    return { kind: 'label' }
  }
  if (!label) return { kind: 'unknown', reason: 'Forsto ikke linjen; den står før sakslisten og er ingen kjent overskrift (Møte, Dato, Tid, Sted).' }
  const key = label[1].toLowerCase().replace(/\.$/, '')
  const value = label[2].trim()
  if (/^møte(nr|nummer)?$/.test(key) && /^\d{1,3}\/\d{4}$/.test(value)) info.number = value
  else if ((key === 'dato' || key === 'møtedato') && parseNorwegianDate(value)) info.date = parseNorwegianDate(value)!
  else if (/^(tid|tidspunkt|møtetid|klokkeslett|kl)$/.test(key)) info.time = value
  else if (/^(sted|stad|møtested|møtestad)$/.test(key)) info.place = value
  else if (/^(organ|utvalg|utval|styre)$/.test(key)) info.organ ??= value
  else return { kind: 'unknown', reason: 'Forsto ikke verdien i denne linjen.' }
  return { kind: 'label' }
}
