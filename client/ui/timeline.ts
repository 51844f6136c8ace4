import { formatClock, formatPlanned, type SakTiming } from '../editor'
import { intlLocale, t } from '../i18n'

/** Planned versus actual time per sak, for the "Tidslinje" dialog. Pure. */

/** One sak as the timeline needs it. */
export interface TimelineInput {
  readonly number: string | null
  readonly title: string
  readonly timing: SakTiming
}

/** One row: times in ms since the epoch; null where unknown. */
export interface TimelineRow {
  readonly label: string
  readonly plannedStart: string
  readonly plannedStartMs: number | null
  /** The next sak's planned start (the last sak has none). */
  readonly plannedEndMs: number | null
  readonly startedMs: number | null
  /** When it ended, or `now` while it runs. */
  readonly endedMs: number | null
  readonly running: boolean
  /** Actual start minus planned start, in whole minutes (positive: late). */
  readonly deviationMin: number | null
}

const MINUTE_MS = 60_000

function parseMs(iso: string | null): number | null {
  if (!iso) return null
  const ms = new Date(iso).getTime()
  return Number.isNaN(ms) ? null : ms
}

/** A planned "13:05"/"13.05" on the local calendar day of `day`. */
function plannedMs(planned: string | null, day: Date): number | null {
  const m = /^(\d{2})[.:](\d{2})$/.exec(planned ?? '')
  if (!m) return null
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), Number(m[1]), Number(m[2])).getTime()
}

/**
 * The rows of the timeline. Planned times are clock times; they are placed on the day the
 * meeting actually started (the first recorded start), or on `now`'s day before that.
 */
export function timelineRows(items: readonly TimelineInput[], now: Date): TimelineRow[] {
  const firstStart = items.map((i) => parseMs(i.timing.startedAt)).find((ms) => ms !== null)
  const day = firstStart != null ? new Date(firstStart) : now
  const planned = items.map((i) => plannedMs(i.timing.plannedStart, day))
  return items.map((item, index) => {
    const startedMs = parseMs(item.timing.startedAt)
    const running = startedMs !== null && item.timing.endedAt === null
    const endedMs = running ? now.getTime() : parseMs(item.timing.endedAt)
    const plannedStartMs = planned[index]
    // The agenda's own planned end when it gave one, else the next planned start.
    const plannedEndMs = plannedMs(item.timing.plannedEnd ?? null, day) ?? planned.slice(index + 1).find((ms) => ms !== null) ?? null
    return {
      label: [item.number, item.title || t('editor.timeline.untitled')].filter(Boolean).join(' '),
      plannedStart: formatPlanned(item.timing.plannedStart),
      plannedStartMs,
      plannedEndMs: plannedEndMs !== null && plannedStartMs !== null && plannedEndMs > plannedStartMs ? plannedEndMs : null,
      startedMs,
      endedMs,
      running,
      deviationMin:
        startedMs !== null && plannedStartMs !== null ? Math.round((startedMs - plannedStartMs) / MINUTE_MS) : null,
    }
  })
}

/** The time axis: from the earliest to the latest time shown, with ticks on whole quarters. */
export interface TimelineScale {
  readonly startMs: number
  readonly endMs: number
  readonly ticks: readonly number[]
}

/** The axis for `rows`, or null when no row has any time. */
export function timelineScale(rows: readonly TimelineRow[]): TimelineScale | null {
  const times = rows.flatMap((r) => [r.plannedStartMs, r.plannedEndMs, r.startedMs, r.endedMs]).filter((t): t is number => t !== null)
  if (times.length === 0) return null
  const spanMin = (Math.max(...times) - Math.min(...times)) / MINUTE_MS
  const stepMs = (spanMin <= 90 ? 15 : spanMin <= 240 ? 30 : 60) * MINUTE_MS
  // Floors and ceilings in local time, so ticks fall on 13.00, 13.15 … where the clock shows them.
  const offsetMs = new Date(Math.min(...times)).getTimezoneOffset() * MINUTE_MS
  const startMs = Math.floor((Math.min(...times) - offsetMs) / stepMs) * stepMs + offsetMs
  const endMs = Math.max(startMs + stepMs, Math.ceil((Math.max(...times) - offsetMs) / stepMs) * stepMs + offsetMs)
  const ticks: number[] = []
  for (let t = startMs; t <= endMs && ticks.length <= 48; t += stepMs) ticks.push(t)
  return { startMs, endMs, ticks }
}

/** "+2 min", "−5 min", "0 min" (Intl, in the interface's locale) or '' when unknown. */
export function formatDeviation(minutes: number | null): string {
  if (minutes === null) return ''
  return new Intl.NumberFormat(intlLocale(), { style: 'unit', unit: 'minute', unitDisplay: 'short', signDisplay: 'exceptZero' }).format(minutes)
}

/** A clock time of an ms instant ("13.07"). */
export function clockOf(ms: number | null): string {
  return ms === null ? '' : formatClock(new Date(ms).toISOString())
}

/** One sentence for screen readers: how the meeting runs against the plan. */
export function timelineSummary(rows: readonly TimelineRow[]): string {
  const started = rows.filter((r) => r.startedMs !== null)
  const planned = rows.filter((r) => r.plannedStartMs !== null)
  if (started.length === 0) return t('editor.timeline.summary.noneStarted', { planned: planned.length, total: rows.length })
  const running = rows.find((r) => r.running)
  const last = [...started].reverse().find((r) => r.deviationMin !== null)
  const parts = [t('editor.timeline.summary.started', { started: started.length, total: rows.length })]
  if (running) parts.push(t('editor.timeline.summary.running', { label: running.label }))
  if (last) parts.push(t('editor.timeline.summary.lastDeviation', { label: last.label, deviation: formatDeviation(last.deviationMin) }))
  return parts.join(' ')
}
