import type { Actor, FlagStatus } from '../../shared'
import { intlLocale, t, currentLanguage } from '../i18n'
import { roleLabel } from '../i18n/minutesLabels'

/** Words for things the register records, in the interface language at call time. */

const pad = (n: number) => String(n).padStart(2, '0')

/** "10.12" (Norwegian) or "10:12" (English): the hours and minutes of Intl, joined as the language writes them. */
export function formatTime(at: Date): string {
  const parts = new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('hour')}${currentLanguage() === 'en' ? ':' : '.'}${part('minute')}`
}

/** "4. oktober 2023" (nb, nn), "4 October 2023" (en). */
export function formatDate(at: Date): string {
  return new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'long', year: 'numeric' }).format(at)
}

/** "kl. 10.12" today, "4. oktober 2023 kl. 10.12" another day (local time). '' for a bad date. */
export function formatMoment(iso: string | null, now: Date = new Date()): string {
  if (!iso) return ''
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  const time = formatTime(at)
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate()
  if (sameDay) return t('common.time.today', { time })
  return t('common.time.dateAt', { date: formatDate(at), time })
}

/** Who did it: the token's name, or the role ("Møteleder") for a shared role invitation. */
export function actorName(actor: Actor | null): string {
  if (!actor) return t('common.actor.unknown')
  return actor.name ?? roleLabel(actor.role)
}

/** " (innlogget)" after the name of someone who did it signed in with the identity provider, else "". */
export function signedInMark(actor: Actor | null): string {
  return actor?.verified === true ? ` ${t('common.actor.signedIn')}` : ''
}

/** The catalogue key of a flag's status. */
export const FLAG_STATUS_KEY: Readonly<Record<FlagStatus, string>> = {
  open: 'common.flag.status.open',
  accepted: 'common.flag.status.accepted',
  resolved: 'common.flag.status.resolved',
  rejected: 'common.flag.status.rejected',
}

/** The status of a flag, as a word ("Åpent", "Ope", "Open"). */
export function flagStatusLabel(status: FlagStatus): string {
  return t(FLAG_STATUS_KEY[status])
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
