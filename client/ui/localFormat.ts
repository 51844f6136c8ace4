import { intlLocale } from '../i18n'

/**
 * Dates, times and numbers of the admin pages, in the interface language (Intl with intlLocale()): never
 * hand-written month names. Bokmål reads as before: "4. oktober 2023".
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** "4. oktober 2023" ("4 October 2023") for "2023-10-04"; the input unchanged when it is not an ISO date. */
export function formatDate(iso: string): string {
  const m = ISO_DATE.exec(iso)
  if (!m) return iso
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  if (Number.isNaN(at)) return iso
  return new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at)
}

/** "08:05" today, "4. oktober 2023 kl. 08:05" another day (local time); '' for no or a bad instant. */
export function formatInstant(iso: string | null, now: Date = new Date()): string {
  if (!iso) return ''
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate()
  const options: Intl.DateTimeFormatOptions = sameDay ? { timeStyle: 'short' } : { dateStyle: 'long', timeStyle: 'short' }
  return new Intl.DateTimeFormat(intlLocale(), options).format(at)
}

/** "4. okt., 08:05": a short date and time (local time); '' for a bad instant. */
export function formatShortInstant(iso: string): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  return new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(at)
}
