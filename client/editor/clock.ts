import { intlLocale } from '../i18n'

// The clock times of a sak as the Saksliste and the timeline print them, without ProseMirror
// (timing.ts holds the commands that set them), so the light reader can show them too. Formatted
// with Intl in the interface's locale; Norwegian writes the clock with a full stop ("13.07").

/** True for a sak that was started and not yet ended. */
export function isRunning(timing: { readonly startedAt: string | null; readonly endedAt: string | null }): boolean {
  return timing.startedAt !== null && timing.endedAt === null
}

const formats = new Map<string, Intl.DateTimeFormat>()

function format(locale: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formats.get(`${locale} ${key}`)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options)
    formats.set(`${locale} ${key}`, f)
  }
  return f
}

/** The separator of hours and minutes: "13.07" in Norwegian, "13:07" otherwise. */
const clockSeparator = (locale: string): string => (/-NO$/.test(locale) ? '.' : ':')

/** "13.07" (local time; "13:07" in English) for an ISO timestamp; '' for a bad one. */
export function formatClock(iso: string | null, locale: string = intlLocale()): string {
  if (!iso) return ''
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  const parts = format(locale, 'clock', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('hour')}${clockSeparator(locale)}${part('minute')}`
}

/** A planned start as written ("13:05" or "13.05") in the locale's form ("13.05", "13:05" in English). */
export function formatPlanned(planned: string | null, locale: string = intlLocale()): string {
  return planned ? planned.replace(/[:.]/, clockSeparator(locale)) : ''
}

/** A calendar date "2023-11-01" as "1. november 2023" ("1 November 2023"); other text as it is. */
export function formatDay(isoDate: string, locale: string = intlLocale()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate)
  if (!m) return isoDate
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  if (Number.isNaN(at.getTime())) return isoDate
  return format(locale, 'day', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at)
}
