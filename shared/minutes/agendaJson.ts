import { AGENDA_NUMBER_PATTERN, CASE_TYPES, CLOCK_TIME_PATTERN, ISO_DATE_PATTERN, type CaseType } from '../schema'
import type { AgendaDraft, AgendaDraftItem } from './innkalling'
import type { JSONContent } from './json'
import { MAX_MEETING_FIELD_CHARS } from './meeting'
import { agendaItemJSON, agendaNumber, minutesTemplate, otherBusinessJSON, type MeetingInfo } from './template'

/** Most saker one agenda may hold. */
export const MAX_AGENDA_ITEMS = 200
/** Longest sak title, in characters. */
export const MAX_AGENDA_TITLE_CHARS = 500
/** Longest proposed vedtak, in characters. */
export const MAX_PROPOSAL_CHARS = 10_000

/** A JSON agenda that breaks the format: `field` names the bad field ("items[2].caseType"). */
export class AgendaFormatError extends Error {
  override name = 'AgendaFormatError'
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

const MEETING_FIELDS = ['organ', 'title', 'number', 'date', 'time', 'place'] as const
const ITEM_FIELDS = ['number', 'title', 'caseType', 'proposal', 'plannedStart'] as const

function objectAt(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AgendaFormatError(field, `«${field}» må være et JSON-objekt.`)
  }
  return value as Record<string, unknown>
}

function onlyKnownKeys(obj: Record<string, unknown>, known: readonly string[], prefix: string): void {
  const unknown = Object.keys(obj).find((k) => !known.includes(k))
  if (unknown !== undefined) {
    const at = prefix ? `${prefix}.${unknown}` : unknown
    throw new AgendaFormatError(at, `Ukjent felt «${at}»; kjente felt er ${known.join(', ')}.`)
  }
}

function optionalText(obj: Record<string, unknown>, key: string, field: string, maxChars: number): string | null {
  const value = obj[key]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw new AgendaFormatError(field, `«${field}» må være tekst.`)
  if (value.length > maxChars) throw new AgendaFormatError(field, `«${field}» kan ha høyst ${maxChars} tegn.`)
  return value.trim()
}

function parseMeeting(value: unknown): Partial<MeetingInfo> {
  if (value === undefined || value === null) return {}
  const obj = objectAt(value, 'meeting')
  onlyKnownKeys(obj, MEETING_FIELDS, 'meeting')
  const info: Record<string, string> = {}
  for (const key of MEETING_FIELDS) {
    const text = optionalText(obj, key, `meeting.${key}`, MAX_MEETING_FIELD_CHARS)
    if (text) info[key] = text
  }
  if (info.date !== undefined && !ISO_DATE_PATTERN.test(info.date)) {
    throw new AgendaFormatError('meeting.date', '«meeting.date» må være en dato ÅÅÅÅ-MM-DD.')
  }
  return info
}

function parseItem(value: unknown, index: number, seen: Set<string>): AgendaDraftItem {
  const at = `items[${index}]`
  const obj = objectAt(value, at)
  onlyKnownKeys(obj, ITEM_FIELDS, at)
  const number = optionalText(obj, 'number', `${at}.number`, 6)
  if (!number || !AGENDA_NUMBER_PATTERN.test(number)) {
    throw new AgendaFormatError(`${at}.number`, `«${at}.number» må være et saksnummer som «12/20».`)
  }
  if (seen.has(number)) throw new AgendaFormatError(`${at}.number`, `Saksnummeret ${number} står to ganger.`)
  seen.add(number)
  const title = optionalText(obj, 'title', `${at}.title`, MAX_AGENDA_TITLE_CHARS)
  if (!title) throw new AgendaFormatError(`${at}.title`, `«${at}.title» mangler.`)
  const caseType = optionalText(obj, 'caseType', `${at}.caseType`, 40) || null
  if (caseType !== null && !(CASE_TYPES as readonly string[]).includes(caseType)) {
    throw new AgendaFormatError(`${at}.caseType`, `«${at}.caseType» må være én av ${CASE_TYPES.join(', ')} eller null.`)
  }
  const proposal = optionalText(obj, 'proposal', `${at}.proposal`, MAX_PROPOSAL_CHARS) || null
  const start = optionalText(obj, 'plannedStart', `${at}.plannedStart`, 5) || null
  if (start !== null && !CLOCK_TIME_PATTERN.test(start)) {
    throw new AgendaFormatError(`${at}.plannedStart`, `«${at}.plannedStart» må være et klokkeslett TT:MM.`)
  }
  return { number, title, caseType: caseType as CaseType | null, proposal, plannedStart: start && start.replace('.', ':') }
}

/**
 * Checks a JSON agenda (the documented format, see the README):
 * `{ "meeting"?: { organ?, title?, number?, date?, time?, place? }, "items": [{ number, title,
 * caseType?, proposal?, plannedStart? }] }`. Returns it as an AgendaDraft with no unread lines.
 * Throws AgendaFormatError naming the first bad field (unknown fields are refused, so a misspelt
 * field is not silently ignored).
 */
export function parseAgendaJson(value: unknown): AgendaDraft {
  const root = objectAt(value, 'agenda')
  onlyKnownKeys(root, ['meeting', 'items'], '')
  const info = parseMeeting(root.meeting)
  if (!Array.isArray(root.items)) throw new AgendaFormatError('items', '«items» må være en liste med saker.')
  if (root.items.length === 0) throw new AgendaFormatError('items', 'Agendaen har ingen saker.')
  if (root.items.length > MAX_AGENDA_ITEMS) {
    throw new AgendaFormatError('items', `Agendaen kan ha høyst ${MAX_AGENDA_ITEMS} saker.`)
  }
  const seen = new Set<string>()
  return { info, items: root.items.map((item, i) => parseItem(item, i, seen)), unread: [] }
}

/** A proposal as the vedtak holds it: paragraphs split at blank lines, lines within one rejoined. */
function normaliseProposal(text: string | null): string | null {
  if (!text) return null
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
  return paragraphs.length ? paragraphs.join('\n\n') : null
}

const runningNumber = (number: string) => Number(number.split('/')[0])

/**
 * The minutes a meeting imported from an agenda starts from: the header from `info`, an empty
 * attendance list (as minutesTemplate), one sak per agenda item with its proposal as a marked
 * proposed vedtak, and Eventuelt last: the agenda's own Eventuelt (with its number) when it lists
 * one, else a new one numbered after the last sak. Throws nothing; the caller validates the
 * result against the schema.
 */
export function draftToMinutes(draft: AgendaDraft, info: MeetingInfo): JSONContent {
  const base = minutesTemplate(info)
  const frame = (base.content ?? []).filter((n) => n.type === 'meetingHeader' || n.type === 'attendance')
  const eventuelt = [...draft.items].reverse().find((it) => /^eventuelt\b/i.test(it.title.trim()))
  const saker = draft.items.filter((it) => it !== eventuelt)
  const last = draft.items.at(-1)
  const otherNumber = eventuelt
    ? eventuelt.number
    : last
      ? `${Math.max(...draft.items.map((it) => runningNumber(it.number))) + 1}/${last.number.split('/')[1]}`
      : null
  const content: JSONContent[] = [
    ...frame,
    ...saker.map((it) =>
      agendaItemJSON({
        number: it.number,
        title: it.title,
        caseType: it.caseType,
        proposal: normaliseProposal(it.proposal),
        plannedStart: it.plannedStart,
      }),
    ),
  ]
  content.push(otherBusinessJSON(otherNumber ?? agendaNumber(info.firstAgendaNumber ?? 1, info.date)))
  return { type: 'minutes', content }
}
