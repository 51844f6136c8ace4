import type { ErrorDetail } from '../api/errorCodes'
import { ISO_DATE_PATTERN } from '../schema'
import type { MeetingInfo } from './template'

/** A meeting as the meeting list shows it (`GET /api/meetings`). */
export interface MeetingSummary extends MeetingInfo {
  /** Also the document name on the sync endpoint. */
  readonly id: string
  /** ISO timestamp of creation. */
  readonly createdAt: string
}

/** Longest value of one meeting field, in characters. */
export const MAX_MEETING_FIELD_CHARS = 200

/** A field of a meeting that failed validation; `field` names it, `message` is Norwegian, `detail` its code. */
export class MeetingValidationError extends Error {
  override name = 'MeetingValidationError'
  constructor(
    readonly field: string,
    message: string,
    /** The stable code and its params (shared/api/errorCodes.ts), for the API's answer. */
    readonly detail: ErrorDetail,
  ) {
    super(message)
  }
}

/** True when `value` holds a C0 control character (tab, newline, NUL, ...). */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20) return true
  return false
}

const TEXT_FIELDS = ['organ', 'title', 'number', 'date', 'time', 'place'] as const

/**
 * Checks untrusted input (a parsed JSON body or a form) and returns a clean MeetingInfo.
 * Throws MeetingValidationError naming the first bad field.
 */
export function parseMeetingInfo(input: unknown): MeetingInfo {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new MeetingValidationError('body', 'Forventet et JSON-objekt med møtets felt.', { code: 'body-not-object' })
  }
  const raw = input as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const field of TEXT_FIELDS) {
    const value = raw[field] ?? ''
    if (typeof value !== 'string') throw new MeetingValidationError(field, `Feltet «${field}» må være tekst.`, { code: 'field-not-text', params: { field } })
    const trimmed = value.trim()
    if (trimmed.length > MAX_MEETING_FIELD_CHARS) {
      throw new MeetingValidationError(field, `Feltet «${field}» kan ha høyst ${MAX_MEETING_FIELD_CHARS} tegn.`, {
        code: 'text-too-long',
        params: { field, max: MAX_MEETING_FIELD_CHARS },
      })
    }
    if (hasControlCharacter(trimmed)) {
      throw new MeetingValidationError(field, `Feltet «${field}» inneholder kontrolltegn.`, { code: 'text-control-characters', params: { field } })
    }
    out[field] = trimmed
  }
  if (!out.organ) throw new MeetingValidationError('organ', 'Oppgi hvilket organ møtet gjelder.', { code: 'field-required', params: { field: 'organ' } })
  if (!ISO_DATE_PATTERN.test(out.date)) throw new MeetingValidationError('date', 'Oppgi datoen som ÅÅÅÅ-MM-DD.', { code: 'date-invalid', params: { field: 'date' } })
  const first = raw.firstAgendaNumber ?? 1
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > 999) {
    throw new MeetingValidationError('firstAgendaNumber', 'Første saksnummer må være et heltall fra 1 til 999.', {
      code: 'number-out-of-range',
      params: { field: 'firstAgendaNumber', min: 1, max: 999 },
    })
  }
  return {
    organ: out.organ,
    title: out.title,
    number: out.number,
    date: out.date,
    time: out.time,
    place: out.place,
    firstAgendaNumber: first,
  }
}
