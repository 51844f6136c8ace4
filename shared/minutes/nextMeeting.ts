import { draftItem, type AgendaDraft, type AgendaDraftItem } from './innkalling'
import type { MeetingSummary } from './meeting'
import { formatNorwegianDate } from './template'

/** Title of the sak that lists the organ's open aksjonspunkter. */
export const FOLLOW_UP_SAK_TITLE = 'Oppfølging av aksjonspunkter'

/** An open aksjonspunkt from an earlier meeting, as the next meeting's proposal and the editor list it. */
export interface OpenActionLine {
  readonly text: string
  readonly owner: string | null
  readonly dueDate: string | null
  /** The meeting it was recorded in: its number ("3/2026") and ISO date. */
  readonly meetingNumber: string
  readonly meetingDate: string
}

/** "Ola Nordmann sender notatet (ansvarlig: Kari, frist 1. mars 2026; fra møte 3/2026, 4. februar 2026)". */
export function openActionLine(item: OpenActionLine): string {
  const who = [item.owner ? `ansvarlig: ${item.owner}` : null, item.dueDate ? `frist ${formatNorwegianDate(item.dueDate)}` : null].filter(Boolean)
  const from = `fra møte ${item.meetingNumber || 'uten nummer'}, ${formatNorwegianDate(item.meetingDate)}`
  return `${item.text} (${[...who, from].join('; ')})`
}

/**
 * The number of the meeting after one numbered `last`, in the same pattern: "3/2026" → "4/2026",
 * "3/26" → "4/26", "2026-3" stays a year first pattern ("2026-4"), "7" → "8", "Møte 7" → "Møte 8".
 * When the next meeting falls in a later year than the number names (`year`, e.g. 2027 for
 * "9/2026"), the count starts again at 1 in that year. Null when `last` holds no number.
 */
export function nextMeetingNumber(last: string, year: number): string | null {
  const trimmed = last.trim()
  const numberYear = /^(.*?)(\d{1,4})([/.-])(\d{4}|\d{2})$/.exec(trimmed)
  if (numberYear) {
    const [, before, running, sep, y] = numberYear
    const lastYear = y.length === 2 ? 2000 + Number(y) : Number(y)
    if (year > lastYear) return `${before}1${sep}${y.length === 2 ? String(year).slice(2) : String(year)}`
    return `${before}${Number(running) + 1}${sep}${y}`
  }
  const yearFirst = /^(.*?)(\d{4})([/.-])(\d{1,4})$/.exec(trimmed)
  if (yearFirst) {
    const [, before, y, sep, running] = yearFirst
    if (year > Number(y)) return `${before}${year}${sep}1`
    return `${before}${y}${sep}${Number(running) + 1}`
  }
  const plain = /^(.*?)(\d+)(\D*)$/.exec(trimmed)
  if (!plain) return null
  return `${plain[1]}${String(Number(plain[2]) + 1).padStart(plain[2].length, '0')}${plain[3]}`
}

/**
 * The first saksnummer of the meeting after one whose saker were numbered `lastNumbers` (in
 * order): the running number after the highest, in the same pattern ("12/26" → "13/26",
 * "034-2024" → "035-2024", "5" → "6"); with a year in the number and the next meeting in a later
 * year, "1/27". "1/YY" of `year` when none of them is a number.
 */
export function nextFirstSakNumber(lastNumbers: readonly string[], year: number): string {
  const parsed = lastNumbers.flatMap((n) => {
    const m = /^(\d+)(?:([/-])(\d{2}|\d{4}))?$/.exec(n.trim())
    return m ? [{ running: Number(m[1]), width: m[1].startsWith('0') ? m[1].length : 1, sep: m[2] ?? null, year: m[3] ?? null }] : []
  })
  const last = parsed.at(-1)
  if (!last) return `1/${String(year).slice(2)}`
  if (last.sep && last.year) {
    const lastYear = last.year.length === 2 ? 2000 + Number(last.year) : Number(last.year)
    if (year > lastYear) return `${'1'.padStart(last.width, '0')}${last.sep}${last.year.length === 2 ? String(year).slice(2) : String(year)}`
  }
  const next = Math.max(...parsed.filter((p) => p.year === last.year).map((p) => p.running)) + 1
  return `${String(next).padStart(last.width, '0')}${last.sep ?? ''}${last.year ?? ''}`
}

/** The saksnummer `n` places after `first`, in its pattern ("13/26", 2 → "15/26"). */
export function sakNumberAfter(first: string, n: number): string {
  const m = /^(\d+)(.*)$/.exec(first)
  if (!m) return first
  return `${String(Number(m[1]) + n).padStart(m[1].length, '0')}${m[2]}`
}

/** What the proposal for an organ's next meeting is built from. */
export interface NextMeetingBasis {
  readonly organ: string
  /** The organ's last meeting (by date), or null for its first. */
  readonly last: MeetingSummary | null
  /** The saksnumre of the last meeting's minutes, in order (empty when unknown). */
  readonly lastSakNumbers: readonly string[]
  /** The open aksjonspunkter of the organ's meetings. */
  readonly openActions: readonly OpenActionLine[]
  /** Today's ISO date (the year decides whether numbering starts again). */
  readonly today: string
}

/**
 * The proposed agenda of an organ's next meeting, as the innkalling import's draft (the secretary
 * edits it in the same preview, and creating it goes through the import route): the next meeting
 * number, saksnumre continuing the last meeting's, the standing saker "Godkjenning av innkalling
 * og dagsorden" and "Godkjenning av referat fra møte <nr> <dato>" with their proposed vedtak,
 * "Oppfølging av aksjonspunkter" listing the open ones (when there are any), and "Eventuelt". The
 * date, time and place are left for the secretary. Pure.
 */
export function nextMeetingDraft(basis: NextMeetingBasis): AgendaDraft {
  const year = Number(basis.today.slice(0, 4))
  const { last, organ } = basis
  const number = last ? (nextMeetingNumber(last.number, year) ?? '') : `1/${year}`
  const first = nextFirstSakNumber(basis.lastSakNumbers, year)
  const lastName = last ? `${last.number ? `${last.number} ` : ''}${formatNorwegianDate(last.date)}`.trim() : ''
  const items: AgendaDraftItem[] = [
    draftItem({ number: first, title: 'Godkjenning av innkalling og dagsorden', caseType: 'Godkjenning', proposal: `${organ} godkjenner innkalling og dagsorden.` }),
  ]
  if (last) {
    items.push(
      draftItem({
        number: sakNumberAfter(first, items.length),
        title: `Godkjenning av referat fra møte ${lastName}`,
        caseType: 'Godkjenning',
        proposal: `Referatet fra møte ${lastName} godkjennes.`,
      }),
    )
  }
  if (basis.openActions.length > 0) {
    items.push(
      draftItem({
        number: sakNumberAfter(first, items.length),
        title: FOLLOW_UP_SAK_TITLE,
        caseType: 'Orientering',
        background: basis.openActions.map(openActionLine).join('\n\n'),
      }),
    )
  }
  items.push(draftItem({ number: sakNumberAfter(first, items.length), title: 'Eventuelt' }))
  const info: Record<string, string> = { organ, number }
  // The same title, time and place as last time are the likeliest; the date is the secretary's.
  for (const key of ['title', 'time', 'place'] as const) if (last?.[key]) info[key] = last[key]
  return { info, items, unread: [] }
}
