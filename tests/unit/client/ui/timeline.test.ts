import { describe, expect, it } from 'vitest'
import type { SakTiming } from '../../../../client/editor/timing'
import {
  clockOf,
  formatDeviation,
  timelineRows,
  timelineScale,
  timelineSummary,
  type TimelineInput,
} from '../../../../client/ui/timeline'

/** Local times on 4 October 2023, so the tests hold in any time zone. */
const at = (h: number, m: number) => new Date(2023, 9, 4, h, m)
const iso = (h: number, m: number) => at(h, m).toISOString()

function sak(number: string, title: string, timing: Partial<SakTiming>): TimelineInput {
  return { number, title, timing: { pos: 0, plannedStart: null, startedAt: null, endedAt: null, ...timing } }
}

const saker = [
  sak('1/24', 'Godkjenning', { plannedStart: '13:00', startedAt: iso(13, 2), endedAt: iso(13, 10) }),
  sak('2/24', 'Budsjett', { plannedStart: '13.05', startedAt: iso(13, 10) }),
  sak('3/24', '', {}),
  sak('4/24', 'Eventuelt', { plannedStart: '13.45' }),
]

describe('timelineRows', () => {
  const rows = timelineRows(saker, at(13, 30))

  it('plans each sak until the next planned start, and the last one open-ended', () => {
    expect(rows.map((r) => [r.plannedStartMs, r.plannedEndMs])).toEqual([
      [at(13, 0).getTime(), at(13, 5).getTime()],
      [at(13, 5).getTime(), at(13, 45).getTime()],
      [null, null],
      [at(13, 45).getTime(), null],
    ])
    expect(rows.map((r) => r.plannedStart)).toEqual(['13.00', '13.05', '', '13.45'])
  })

  it("ends a sak at the agenda's own planned end when it gives one ('13.00–13.20')", () => {
    const own = timelineRows([sak('1/24', 'A', { plannedStart: '13:00', plannedEnd: '13:20' }), sak('2/24', 'B', { plannedStart: '13:30' })], at(12, 0))
    expect(own.map((r) => r.plannedEndMs)).toEqual([at(13, 20).getTime(), null])
  })

  it('runs the actual bar to now while the sak is running', () => {
    expect(rows[0]).toMatchObject({ startedMs: at(13, 2).getTime(), endedMs: at(13, 10).getTime(), running: false })
    expect(rows[1]).toMatchObject({ startedMs: at(13, 10).getTime(), endedMs: at(13, 30).getTime(), running: true })
    expect(rows[2]).toMatchObject({ startedMs: null, endedMs: null, running: false, label: '3/24 Uten tittel' })
  })

  it('gives the start deviation in minutes', () => {
    expect(rows.map((r) => r.deviationMin)).toEqual([2, 5, null, null])
    expect([2, -5, 0, null].map(formatDeviation)).toEqual(['+2 min', '−5 min', '0 min', ''])
  })

  it('places planned times on the day the meeting started, not on today', () => {
    const later = timelineRows(saker, new Date(2023, 9, 6, 9, 0))
    expect(later[0].plannedStartMs).toBe(at(13, 0).getTime())
  })
})

describe('timelineScale', () => {
  it('spans every time shown, on whole quarters of an hour', () => {
    const scale = timelineScale(timelineRows(saker, at(13, 30)))!
    expect(clockOf(scale.startMs)).toBe('13.00')
    expect(clockOf(scale.endMs)).toBe('13.45')
    expect(scale.ticks.map(clockOf)).toEqual(['13.00', '13.15', '13.30', '13.45'])
  })

  it('is null when nothing has a time', () => {
    expect(timelineScale(timelineRows([sak('1/24', 'A', {})], at(13, 0)))).toBeNull()
  })
})

describe('timelineSummary', () => {
  it('says how many saker started, which runs and how late the last one started', () => {
    expect(timelineSummary(timelineRows(saker, at(13, 30)))).toBe(
      '2 av 4 saker er startet. Sak 2/24 Budsjett pågår. Sist startede sak med plan, 2/24 Budsjett, startet +5 min mot planen.',
    )
    expect(timelineSummary(timelineRows([sak('1/24', 'A', { plannedStart: '10:00' })], at(9, 0)))).toBe(
      'Ingen saker er startet ennå. 1 av 1 saker har planlagt start.',
    )
  })
})
