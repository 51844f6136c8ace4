import type { ErrorDetail } from './errorCodes'
import { ATTENDANCE_GROUPS, type AttendanceGroupName } from '../schema'

/** Most members one organ's roster may hold. */
export const MAX_ROSTER_MEMBERS = 200
/** Longest name or organisation of a roster member, in characters. */
export const MAX_ROSTER_TEXT_CHARS = 120
/** Longest organ name in a roster URL (as for a meeting's organ). */
export const MAX_ROSTER_ORGAN_CHARS = 200

/** The attendance groups a member may be ticked into by default. */
export const ROSTER_GROUPS: readonly AttendanceGroupName[] = ATTENDANCE_GROUPS.map((g) => g.name)

/** One member of an organ's roster (`GET /api/rosters/:organ`, `GET /api/meetings/:id/roster`). */
export interface RosterMemberInfo {
  readonly id: string
  readonly name: string
  readonly org: string
  readonly defaultGroup: AttendanceGroupName
}

/** `GET /api/rosters/:organ` and `GET /api/meetings/:id/roster`. */
export interface RosterResponse {
  readonly organ: string
  readonly members: RosterMemberInfo[]
}

/** One member as sent in `PUT /api/rosters/:organ` (ids are the server's). */
export interface RosterMemberInput {
  readonly name: string
  readonly org: string
  readonly defaultGroup: AttendanceGroupName
}

/** A roster request that failed validation; `field` names it (`members[2].name`). */
export class RosterValidationError extends Error {
  override name = 'RosterValidationError'
  constructor(
    readonly field: string,
    message: string,
    /** The stable code and its params (shared/api/errorCodes.ts), for the API's answer. */
    readonly detail: ErrorDetail,
  ) {
    super(message)
  }
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return true
  }
  return false
}

function cleanText(value: unknown, field: string, label: string, required: boolean): string {
  if (value === undefined && !required) return ''
  if (typeof value !== 'string') throw new RosterValidationError(field, `${label} må være tekst.`, { code: 'field-not-text', params: { field } })
  const trimmed = value.trim()
  if (required && !trimmed) throw new RosterValidationError(field, `${label} mangler.`, { code: 'field-required', params: { field } })
  if (trimmed.length > MAX_ROSTER_TEXT_CHARS) throw new RosterValidationError(field, `${label} kan ha høyst ${MAX_ROSTER_TEXT_CHARS} tegn.`, {
      code: 'text-too-long',
      params: { field, max: MAX_ROSTER_TEXT_CHARS },
    })
  if (hasControlCharacter(trimmed)) throw new RosterValidationError(field, `${label} inneholder kontrolltegn.`, { code: 'text-control-characters', params: { field } })
  return trimmed
}

/** Checks an organ name taken from a URL; returns it trimmed. Throws RosterValidationError ('organ'). */
export function parseRosterOrgan(organ: string): string {
  const trimmed = organ.trim()
  if (!trimmed) throw new RosterValidationError('organ', 'Oppgi organet.', { code: 'field-required', params: { field: 'organ' } })
  if (trimmed.length > MAX_ROSTER_ORGAN_CHARS) throw new RosterValidationError('organ', `Organet kan ha høyst ${MAX_ROSTER_ORGAN_CHARS} tegn.`, {
      code: 'text-too-long',
      params: { field: 'organ', max: MAX_ROSTER_ORGAN_CHARS },
    })
  if (hasControlCharacter(trimmed)) throw new RosterValidationError('organ', 'Organet inneholder kontrolltegn.', { code: 'text-control-characters', params: { field: 'organ' } })
  return trimmed
}

/**
 * Checks untrusted input `{ members: [{ name, org, defaultGroup }] }` and returns clean members.
 * Throws RosterValidationError naming the first bad field.
 */
export function parseRosterRequest(input: unknown): RosterMemberInput[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RosterValidationError('body', 'Forventet et JSON-objekt med «members».', { code: 'body-not-object' })
  }
  const members = (input as Record<string, unknown>).members
  if (!Array.isArray(members)) throw new RosterValidationError('members', '«members» må være en liste.', { code: 'field-invalid', params: { field: 'members' } })
  if (members.length > MAX_ROSTER_MEMBERS) {
    throw new RosterValidationError('members', `Medlemslisten kan ha høyst ${MAX_ROSTER_MEMBERS} personer.`, {
      code: 'list-too-long',
      params: { field: 'members', max: MAX_ROSTER_MEMBERS },
    })
  }
  return members.map((raw: unknown, i): RosterMemberInput => {
    const at = `members[${i}]`
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new RosterValidationError(at, `Person ${i + 1} må være et JSON-objekt.`, { code: 'field-invalid', params: { field: at } })
    }
    const m = raw as Record<string, unknown>
    const name = cleanText(m.name, `${at}.name`, `Navnet til person ${i + 1}`, true)
    const org = cleanText(m.org, `${at}.org`, `Organisasjonen til person ${i + 1}`, false)
    const group = m.defaultGroup ?? 'presentList'
    if (typeof group !== 'string' || !(ROSTER_GROUPS as readonly string[]).includes(group)) {
      throw new RosterValidationError(`${at}.defaultGroup`, `Ukjent standardgruppe for person ${i + 1}.`, {
        code: 'field-invalid',
        params: { field: `${at}.defaultGroup` },
      })
    }
    return { name, org, defaultGroup: group as AttendanceGroupName }
  })
}
