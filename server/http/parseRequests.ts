import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, isRole, type Role } from '../../shared/auth'
import type { CreateFlagRequest, DecideFlagRequest } from '../../shared/api'
import { MAX_FLAG_TEXT_CHARS, type Actor } from '../../shared/register'
import { ApiError, badField } from './ApiError'

/** Longest name or organisation on a personal token, in characters. */
export const MAX_PERSON_FIELD_CHARS = 200
/** Longest encoded relative position of a flag's anchor, in characters. */
export const MAX_ANCHOR_CHARS = 2048

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]*={0,2}$/
const HASH_PATTERN = /^[0-9a-f]{64}$/

const bad = badField

function objectBody(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw bad('body', 'Forventet et JSON-objekt.', { code: 'body-not-object' })
  }
  return input as Record<string, unknown>
}

function hasControlCharacter(value: string, allowNewlines: boolean): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0)
    if (allowNewlines && (char === '\n' || char === '\t' || char === '\r')) continue
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

/** An optional text field: trimmed, '' → null; 400 naming the field when it is not text or too long. */
function optionalText(raw: Record<string, unknown>, field: string, maxChars: number, allowNewlines: boolean): string | null {
  const value = raw[field]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw bad(field, `Feltet «${field}» må være tekst.`, { code: 'field-not-text', params: { field } })
  const trimmed = value.trim()
  if (trimmed.length > maxChars) throw bad(field, `Feltet «${field}» kan ha høyst ${maxChars} tegn.`, { code: 'text-too-long', params: { field, max: maxChars } })
  if (hasControlCharacter(trimmed, allowNewlines)) throw bad(field, `Feltet «${field}» inneholder kontrolltegn.`, { code: 'text-control-characters', params: { field } })
  return trimmed === '' ? null : trimmed
}

/** Longest e-mail or subject on a personal invitation, in characters. */
export const MAX_PERSON_KEY_CHARS = 254

/** A checked CreateTokenRequest. */
export interface TokenRequest {
  readonly role: Role
  readonly name: string | null
  readonly org: string | null
  readonly days: number
  /** Lower case. */
  readonly personEmail: string | null
  readonly personSubject: string | null
}

/** Checks the body of PUT /api/meetings/:id/sign-in: `{ roles }`, each a role, no repeats. */
export function parseSignInRoles(input: unknown): Role[] {
  const raw = objectBody(input)
  const roles = raw.roles
  if (!Array.isArray(roles) || !roles.every(isRole) || new Set(roles).size !== roles.length) {
    throw bad('roles', 'Rollene må være en liste med sekretær, møteleder, medlem og/eller observatør, hver bare én gang.')
  }
  return roles
}

/** Checks a CreateTokenRequest body. Throws ApiError(400) naming the bad field. */
export function parseCreateTokenRequest(input: unknown): TokenRequest {
  const raw = objectBody(input)
  if (!isRole(raw.role)) throw bad('role', 'Rollen må være sekretær, møteleder, medlem eller observatør.')
  const days = raw.expiresInDays ?? DEFAULT_TOKEN_DAYS
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw bad('expiresInDays', `Gyldighet må være et helt antall dager fra 1 til ${MAX_TOKEN_DAYS}.`, {
      code: 'number-out-of-range',
      params: { field: 'expiresInDays', min: 1, max: MAX_TOKEN_DAYS },
    })
  }
  const personEmail = optionalText(raw, 'email', MAX_PERSON_KEY_CHARS, false)
  if (personEmail !== null && !/^[^\s@]+@[^\s@]+$/.test(personEmail)) throw bad('email', 'Skriv en gyldig e-postadresse.', { code: 'email-invalid', params: { field: 'email' } })
  const personSubject = optionalText(raw, 'subject', MAX_PERSON_KEY_CHARS, false)
  if (personEmail !== null && personSubject !== null) {
    throw bad('subject', 'Oppgi enten e-postadresse eller subject, ikke begge.', { code: 'fields-exclusive', params: { field: 'subject', other: 'email' } })
  }
  return {
    role: raw.role,
    name: optionalText(raw, 'name', MAX_PERSON_FIELD_CHARS, false),
    org: optionalText(raw, 'org', MAX_PERSON_FIELD_CHARS, false),
    days,
    personEmail: personEmail?.toLowerCase() ?? null,
    personSubject,
  }
}

/** Fields a body might use to claim who wrote it, and the part of the token's Actor each means. */
const IDENTITY_FIELDS: Record<string, keyof Actor | 'actor'> = {
  author: 'actor',
  by: 'actor',
  createdBy: 'actor',
  decidedBy: 'actor',
  closedBy: 'actor',
  authorName: 'name',
  name: 'name',
  authorTokenId: 'tokenId',
  authorId: 'tokenId',
  tokenId: 'tokenId',
  authorRole: 'role',
  role: 'role',
  authorOrg: 'org',
  org: 'org',
}

function matchesActor(value: unknown, part: keyof Actor | 'actor', actor: Actor): boolean {
  if (part !== 'actor') return value === actor[part]
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  return Object.entries(value).every(([key, v]) => key in actor && v === actor[key as keyof Actor])
}

/**
 * Refuses (403) a body that claims an identity other than the token's: who did something is
 * always the token's Actor, never what the body says. A claim equal to the token is ignored.
 */
export function refuseForeignIdentity(input: unknown, actor: Actor): void {
  if (typeof input !== 'object' || input === null) return
  for (const [field, part] of Object.entries(IDENTITY_FIELDS)) {
    if (!(field in input)) continue
    if (!matchesActor((input as Record<string, unknown>)[field], part, actor)) {
      throw new ApiError(403, 'identity-foreign', 'Du kan bare handle i eget navn: avsender er alltid den invitasjonen gjelder.', { field })
    }
  }
}

/** Checks a CreateFlagRequest body. Throws ApiError(400) naming the bad field. */
export function parseCreateFlagRequest(input: unknown): Required<CreateFlagRequest> {
  const raw = objectBody(input)
  const agendaItemId = raw.agendaItemId ?? null
  if (agendaItemId !== null && (typeof agendaItemId !== 'string' || !ID_PATTERN.test(agendaItemId))) {
    throw bad('agendaItemId', 'Ugyldig sak.')
  }
  const anchor = raw.anchor as Record<string, unknown> | null | undefined
  const anchorPart = (key: 'start' | 'end'): string => {
    const value = typeof anchor === 'object' && anchor !== null ? anchor[key] : undefined
    if (typeof value !== 'string' || value === '' || value.length > MAX_ANCHOR_CHARS || !BASE64_PATTERN.test(value)) {
      throw bad('anchor', 'Ugyldig plassering av merknaden.')
    }
    return value
  }
  const start = anchorPart('start')
  const end = anchorPart('end')
  const comment = optionalText(raw, 'comment', MAX_FLAG_TEXT_CHARS, true)
  if (comment === null) throw bad('comment', 'Skriv hva som bør rettes.', { code: 'field-required', params: { field: 'comment' } })
  const nameMe = raw.nameMe ?? false
  if (typeof nameMe !== 'boolean') throw bad('nameMe', 'Feltet «nameMe» må være true eller false.')
  return {
    agendaItemId,
    anchor: { start, end },
    quote: optionalText(raw, 'quote', MAX_FLAG_TEXT_CHARS, true) ?? '',
    comment,
    proposedText: optionalText(raw, 'proposedText', MAX_FLAG_TEXT_CHARS, true),
    nameMe,
  }
}

/** Checks a DecideFlagRequest body. Throws ApiError(400) naming the bad field. */
export function parseDecideFlagRequest(input: unknown): { status: DecideFlagRequest['status']; reply: string | null } {
  const raw = objectBody(input)
  const status = raw.status
  if (status !== 'accepted' && status !== 'resolved' && status !== 'rejected') {
    throw bad('status', 'Status må være accepted, resolved eller rejected.')
  }
  return { status, reply: optionalText(raw, 'reply', MAX_FLAG_TEXT_CHARS, true) }
}

/** Checks a ConfirmDecisionRequest body. Throws ApiError(400) naming the bad field. */
export function parseConfirmDecisionRequest(input: unknown): { agendaItemId: string; textHash: string } {
  const raw = objectBody(input)
  if (typeof raw.agendaItemId !== 'string' || !ID_PATTERN.test(raw.agendaItemId)) throw bad('agendaItemId', 'Ugyldig sak.')
  if (typeof raw.textHash !== 'string' || !HASH_PATTERN.test(raw.textHash)) {
    throw bad('textHash', 'textHash må være SHA-256 av vedtaksteksten (64 små heksadesimale tegn).')
  }
  return { agendaItemId: raw.agendaItemId, textHash: raw.textHash }
}

/**
 * Checks a CloseMeetingRequest body: commentDeadline null (or absent) or an ISO date-time after
 * `nowMs`, returned normalised (`toISOString`). Throws ApiError(400).
 */
export function parseCloseMeetingRequest(input: unknown, nowMs: number): { commentDeadline: string | null } {
  const raw = objectBody(input)
  const deadline = raw.commentDeadline ?? null
  if (deadline === null) return { commentDeadline: null }
  const ms = typeof deadline === 'string' ? Date.parse(deadline) : NaN
  if (!Number.isFinite(ms)) throw bad('commentDeadline', 'Fristen må være et tidspunkt (ISO 8601), eller null.', { code: 'datetime-invalid', params: { field: 'commentDeadline' } })
  if (ms <= nowMs) throw bad('commentDeadline', 'Fristen for merknader må være etter nå.', { code: 'deadline-past', params: { field: 'commentDeadline' } })
  return { commentDeadline: new Date(ms).toISOString() }
}
