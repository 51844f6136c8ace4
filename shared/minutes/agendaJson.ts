import type { ErrorDetail } from '../api/errorCodes'
import { AGENDA_NUMBER_PATTERN, AGENDA_PREFIX_PATTERN, CLOCK_TIME_PATTERN, ISO_DATE_PATTERN, MAX_CASE_TYPE_CHARS } from '../schema'
import { draftItem, type AgendaDraft, type AgendaDraftItem } from './innkalling'
import type { JSONContent } from './json'
import { MAX_MEETING_FIELD_CHARS } from './meeting'
import { BOKMAL_TEMPLATE_WORDS, agendaItemJSON, agendaNumber, minutesTemplate, otherBusinessJSON, type MeetingInfo, type TemplateWords } from './template'

/** Most saker one agenda may hold. */
export const MAX_AGENDA_ITEMS = 200
/** Longest sak title, in characters. */
export const MAX_AGENDA_TITLE_CHARS = 500
/** Longest proposed vedtak, in characters. */
export const MAX_PROPOSAL_CHARS = 10_000
/** Longest background (saksomtale) of one sak, in characters. */
export const MAX_BACKGROUND_CHARS = 20_000

/** A JSON agenda that breaks the format: `field` names the bad field ("items[2].caseType"). */
export class AgendaFormatError extends Error {
  override name = 'AgendaFormatError'
  constructor(
    readonly field: string,
    message: string,
    /** The stable code and its params (shared/api/errorCodes.ts), for the API's answer. */
    readonly detail: ErrorDetail,
  ) {
    super(message)
  }
}

const MEETING_FIELDS = ['organ', 'title', 'number', 'date', 'time', 'place'] as const
const ITEM_FIELDS = ['number', 'prefix', 'title', 'caseType', 'proposal', 'plannedStart', 'plannedEnd', 'background'] as const

function objectAt(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AgendaFormatError(field, `«${field}» må være et JSON-objekt.`, { code: 'field-invalid', params: { field } })
  }
  return value as Record<string, unknown>
}

function onlyKnownKeys(obj: Record<string, unknown>, known: readonly string[], prefix: string): void {
  const unknown = Object.keys(obj).find((k) => !known.includes(k))
  if (unknown !== undefined) {
    const at = prefix ? `${prefix}.${unknown}` : unknown
    throw new AgendaFormatError(at, `Ukjent felt «${at}»; kjente felt er ${known.join(', ')}.`, { code: 'field-unknown', params: { field: at } })
  }
}

function optionalText(obj: Record<string, unknown>, key: string, field: string, maxChars: number): string | null {
  const value = obj[key]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw new AgendaFormatError(field, `«${field}» må være tekst.`, { code: 'field-not-text', params: { field } })
  if (value.length > maxChars) throw new AgendaFormatError(field, `«${field}» kan ha høyst ${maxChars} tegn.`, {
      code: 'text-too-long',
      params: { field, max: maxChars },
    })
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
    throw new AgendaFormatError('meeting.date', '«meeting.date» må være en dato ÅÅÅÅ-MM-DD.', { code: 'date-invalid', params: { field: 'meeting.date' } })
  }
  return info
}

function clockField(obj: Record<string, unknown>, key: string, field: string): string | null {
  const value = optionalText(obj, key, field, 5) || null
  if (value !== null && !CLOCK_TIME_PATTERN.test(value)) {
    throw new AgendaFormatError(field, `«${field}» må være et klokkeslett TT:MM.`, { code: 'time-invalid', params: { field } })
  }
  return value && value.replace('.', ':')
}

function parseItem(value: unknown, index: number, seen: Set<string>): AgendaDraftItem {
  const at = `items[${index}]`
  const obj = objectAt(value, at)
  onlyKnownKeys(obj, ITEM_FIELDS, at)
  const number = optionalText(obj, 'number', `${at}.number`, 9)
  if (!number || !AGENDA_NUMBER_PATTERN.test(number)) {
    throw new AgendaFormatError(`${at}.number`, `«${at}.number» må være et saksnummer som «12/20», «034-2024» eller «3».`, {
      code: 'field-invalid',
      params: { field: `${at}.number` },
    })
  }
  const prefix = optionalText(obj, 'prefix', `${at}.prefix`, 4) || null
  if (prefix !== null && !AGENDA_PREFIX_PATTERN.test(prefix)) {
    throw new AgendaFormatError(`${at}.prefix`, `«${at}.prefix» må være en forkortelse med store bokstaver, som «PS» eller «RS».`, {
      code: 'field-invalid',
      params: { field: `${at}.prefix` },
    })
  }
  const key = `${prefix ?? ''} ${number}`
  if (seen.has(key)) {
    throw new AgendaFormatError(`${at}.number`, `Saksnummeret ${prefix ? `${prefix} ` : ''}${number} står to ganger.`, {
      code: 'agenda-number-duplicate',
      params: { number: prefix ? `${prefix} ${number}` : number },
    })
  }
  seen.add(key)
  const title = optionalText(obj, 'title', `${at}.title`, MAX_AGENDA_TITLE_CHARS)
  if (!title) throw new AgendaFormatError(`${at}.title`, `«${at}.title» mangler.`, { code: 'field-required', params: { field: `${at}.title` } })
  const caseType = optionalText(obj, 'caseType', `${at}.caseType`, MAX_CASE_TYPE_CHARS) || null
  if (caseType !== null && /[\r\n]/.test(caseType)) {
    throw new AgendaFormatError(`${at}.caseType`, `«${at}.caseType» må være én linje (høyst ${MAX_CASE_TYPE_CHARS} tegn) eller null.`, {
      code: 'field-invalid',
      params: { field: `${at}.caseType` },
    })
  }
  return draftItem({
    number,
    prefix,
    title,
    caseType,
    proposal: optionalText(obj, 'proposal', `${at}.proposal`, MAX_PROPOSAL_CHARS) || null,
    plannedStart: clockField(obj, 'plannedStart', `${at}.plannedStart`),
    plannedEnd: clockField(obj, 'plannedEnd', `${at}.plannedEnd`),
    background: optionalText(obj, 'background', `${at}.background`, MAX_BACKGROUND_CHARS) || null,
  })
}

/**
 * Checks a JSON agenda (the documented format, see the README):
 * `{ "meeting"?: { organ?, title?, number?, date?, time?, place? }, "items": [{ number, prefix?,
 * title, caseType?, proposal?, plannedStart?, plannedEnd?, background? }] }`. Returns it as an AgendaDraft with no unread lines.
 * Throws AgendaFormatError naming the first bad field (unknown fields are refused, so a misspelt
 * field is not silently ignored).
 */
export function parseAgendaJson(value: unknown): AgendaDraft {
  const root = objectAt(value, 'agenda')
  onlyKnownKeys(root, ['meeting', 'items'], '')
  const info = parseMeeting(root.meeting)
  if (!Array.isArray(root.items)) throw new AgendaFormatError('items', '«items» må være en liste med saker.', { code: 'field-invalid', params: { field: 'items' } })
  if (root.items.length === 0) throw new AgendaFormatError('items', 'Agendaen har ingen saker.', { code: 'agenda-empty' })
  if (root.items.length > MAX_AGENDA_ITEMS) {
    throw new AgendaFormatError('items', `Agendaen kan ha høyst ${MAX_AGENDA_ITEMS} saker.`, {
      code: 'list-too-long',
      params: { field: 'items', max: MAX_AGENDA_ITEMS },
    })
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

/**
 * The number after the last of `numbers`, written the same way: "17/20" after "16/20", "035-2024"
 * after "034-2024", "6" after "5"; null when none is a number.
 */
export function nextAgendaNumber(numbers: readonly string[]): string | null {
  const parsed = numbers.flatMap((n) => {
    const m = /^(\d+)(.*)$/.exec(n)
    return m ? [{ running: Number(m[1]), width: m[1].length, suffix: m[2] }] : []
  })
  const last = parsed.at(-1)
  if (!last) return null
  const next = Math.max(...parsed.map((p) => p.running)) + 1
  return `${String(next).padStart(last.width, '0')}${last.suffix}`
}

/**
 * The minutes a meeting imported from an agenda starts from: the header from `info`, an empty
 * attendance list (as minutesTemplate), one sak per agenda item with its prefix, planned times,
 * background (as the narrative) and proposal (as a marked proposed vedtak), and Eventuelt last: the
 * agenda's own Eventuelt (with its number) when it lists one, else a new one numbered after the
 * last sak; the fixed words in `words`' language. Throws nothing; the caller validates the result
 * against the schema.
 */
export function draftToMinutes(draft: AgendaDraft, info: MeetingInfo, words: TemplateWords = BOKMAL_TEMPLATE_WORDS): JSONContent {
  const base = minutesTemplate(info, words)
  const frame = (base.content ?? []).filter((n) => n.type === 'meetingHeader' || n.type === 'attendance')
  const eventuelt = [...draft.items].reverse().find((it) => /^eventuelt\b/i.test(it.title.trim()))
  const saker = draft.items.filter((it) => it !== eventuelt)
  const otherNumber = eventuelt ? eventuelt.number : nextAgendaNumber(draft.items.map((it) => it.number))
  const content: JSONContent[] = [
    ...frame,
    ...saker.map((it) =>
      agendaItemJSON({
        number: it.number,
        prefix: it.prefix,
        title: it.title,
        caseType: it.caseType,
        narrative: normaliseProposal(it.background) ?? undefined,
        proposal: normaliseProposal(it.proposal),
        plannedStart: it.plannedStart,
        plannedEnd: it.plannedEnd,
      }),
    ),
  ]
  const times = eventuelt ? { prefix: eventuelt.prefix, plannedStart: eventuelt.plannedStart, plannedEnd: eventuelt.plannedEnd } : {}
  content.push(otherBusinessJSON(otherNumber ?? agendaNumber(info.firstAgendaNumber ?? 1, info.date), undefined, times, words.otherBusiness))
  return { type: 'minutes', content }
}
