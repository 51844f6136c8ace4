import { ROLE_INFO, formatNorwegianDate, type Actor, type FlagStatus } from '../../shared'

/** Norwegian words for things the register records. Pure. */

const pad = (n: number) => String(n).padStart(2, '0')

/** "kl. 10.12" today, "4. oktober 2023 kl. 10.12" another day (local time). '' for a bad date. */
export function formatMoment(iso: string | null, now: Date = new Date()): string {
  if (!iso) return ''
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  const time = `kl. ${pad(at.getHours())}.${pad(at.getMinutes())}`
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate()
  if (sameDay) return time
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
  return `${formatNorwegianDate(date)} ${time}`
}

/** Who did it: the token's name, or the role ("Møteleder") for a shared role invitation. */
export function actorName(actor: Actor | null): string {
  if (!actor) return 'ukjent'
  return actor.name ?? ROLE_INFO[actor.role].label
}

/** " (innlogget)" after the name of someone who did it signed in with the identity provider, else "". */
export function signedInMark(actor: Actor | null): string {
  return actor?.verified === true ? ' (innlogget)' : ''
}

/** The status of a flag, as a word. */
export const FLAG_STATUS_LABEL: Readonly<Record<FlagStatus, string>> = {
  open: 'Åpent',
  accepted: 'Forslaget er godtatt',
  resolved: 'Løst',
  rejected: 'Avvist',
}

/** A `datetime-local` value ("2023-10-04T15:00") as an ISO instant; null when empty or invalid. */
export function localDateTimeToIso(value: string): string | null {
  if (!value) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** The `datetime-local` value of a date (local time, minutes). */
export function toLocalDateTimeValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** True while flags may still be filed: the meeting is open, or its comment deadline is ahead. */
export function flagsAllowed(closedAt: string | null, commentDeadline: string | null, nowMs: number): boolean {
  if (!closedAt) return true
  if (!commentDeadline) return false
  const deadline = Date.parse(commentDeadline)
  return Number.isFinite(deadline) && nowMs < deadline
}
