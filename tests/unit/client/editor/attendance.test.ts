import type { Node as PMNode } from '@tiptap/pm/model'
import { EditorState } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import {
  applyAttendance,
  normaliseClockTime,
  parseAttendeeText,
  readAttendance,
  type AttendanceRow,
} from '../../../../client/editor/attendance'
import { minutesSchema, minutesTemplate, type JSONContent } from '../../../../shared'
import { seed003 } from '../../../fixtures/seed003'

/** The attendees of each group as "text {attrs that are set}". */
function groups(doc: PMNode): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  doc.forEach((child) => {
    if (child.type.name !== 'attendance') return
    child.forEach((group) => {
      const list: string[] = []
      group.forEach((a) => {
        const extra = [
          a.attrs.remote ? 'digitalt' : '',
          a.attrs.arrivedAt ? `kl. ${String(a.attrs.arrivedAt)}` : '',
          a.attrs.substituteFor ? `for ${String(a.attrs.substituteFor)}` : '',
        ].filter(Boolean)
        list.push(extra.length ? `${a.textContent} [${extra.join(', ')}]` : a.textContent)
      })
      out[group.type.name] = list
    })
  })
  return out
}

function apply(doc: PMNode, rows: AttendanceRow[]): { doc: PMNode; steps: number; changed: boolean } {
  const state = EditorState.create({ schema: minutesSchema, doc })
  let next = doc
  let steps = 0
  let transactions = 0
  const changed = applyAttendance(rows)(state, (tr) => {
    transactions++
    steps = tr.steps.length
    next = tr.doc
  })
  expect(transactions).toBeLessThanOrEqual(1)
  next.check()
  return { doc: next, steps, changed }
}

const emptyMeeting = () =>
  minutesSchema.nodeFromJSON(
    minutesTemplate({ organ: 'Nasjonalt e-helseråd', title: '', number: '3/2023', date: '2023-10-04', time: '', place: '', firstAgendaNumber: 17 }),
  )
const seedDoc = () => minutesSchema.nodeFromJSON(seed003 as JSONContent)

/** Seed 003's roster as the dialog would send it for the seed's own attendance. */
const SEED_ROWS: AttendanceRow[] = [
  { name: 'Erik Hansen', org: 'Helse Vest RHF', status: 'present' },
  { name: 'Wenche P. Dehli', org: 'Trondheim kommune', status: 'remote' },
  { name: 'Svein Lyngroth', org: 'Oslo kommune', status: 'absent', substitute: { name: 'Solveig Tesdal', org: 'Oslo kommune' } },
  {
    name: 'Lill Sverresdatter Larsen',
    org: 'Norsk Sykepleierforbund',
    status: 'absent',
    substitute: { name: 'Kai Øivind Brenden', org: 'Norsk Sykepleierforbund' },
  },
  { name: 'Lucie Aunan', org: 'Direktoratet for e-helse', status: 'secretariat' },
]

describe('applyAttendance', () => {
  it('fills a new meeting’s attendance from the rows, the way seed 003 shows it, in one transaction', () => {
    const { doc, steps, changed } = apply(emptyMeeting(), [
      ...SEED_ROWS,
      { name: 'Per Olav Skjesol', org: 'Helse Midt-Norge RHF', status: 'present', arrivedAt: '10:10' },
      { name: 'Åse Ødegård', org: 'Bærum kommune', status: 'observer' },
      { name: '   ', org: 'ignored', status: 'present' },
    ])
    expect(changed).toBe(true)
    expect(steps).toBe(1)
    expect(groups(doc)).toEqual({
      presentList: ['Erik Hansen (Helse Vest RHF)', 'Wenche P. Dehli (Trondheim kommune) [digitalt]', 'Per Olav Skjesol (Helse Midt-Norge RHF) [kl. 10.10]'],
      absentList: ['Svein Lyngroth (Oslo kommune)', 'Lill Sverresdatter Larsen (Norsk Sykepleierforbund)'],
      substituteList: [
        'Solveig Tesdal, Oslo kommune [for Svein Lyngroth]',
        'Kai Øivind Brenden, Norsk Sykepleierforbund [for Lill Sverresdatter Larsen]',
      ],
      observerList: ['Åse Ødegård (Bærum kommune)'],
      secretariatList: ['Lucie Aunan (Direktoratet for e-helse)'],
    })
  })

  it('changes nothing on seed 003 when the rows say what the seed already shows', () => {
    const { changed } = apply(seedDoc(), SEED_ROWS)
    expect(changed).toBe(false)
  })

  it('keeps what was typed: attendees the rows do not know stay where they are, untouched', () => {
    const before = groups(seedDoc())
    const { doc } = apply(seedDoc(), [
      // Erik Hansen now attends digitally and comes late; Svein Lyngroth after all attends.
      { name: 'Erik Hansen', org: 'Helse Vest RHF', status: 'remote', arrivedAt: '10.10' },
      { name: 'Svein Lyngroth', org: 'Oslo kommune', status: 'present' },
      { name: 'Ny Person', org: 'KS', status: 'observer' },
    ])
    const after = groups(doc)
    expect(after.presentList[0]).toBe('Erik Hansen (Helse Vest RHF) [digitalt, kl. 10.10]')
    // Typed attendees keep their places and attrs.
    expect(after.presentList.slice(1, before.presentList.length)).toEqual(before.presentList.slice(1))
    expect(after.presentList.at(-1)).toBe('Svein Lyngroth (Oslo kommune)')
    expect(after.absentList).toEqual(before.absentList.filter((a) => !a.startsWith('Svein Lyngroth')))
    // His substitute is no longer needed; Lill's (not in the rows) stays.
    expect(after.substituteList).toEqual(['Kai Øivind Brenden, Norsk Sykepleierforbund [for Lill Sverresdatter Larsen]'])
    // The empty placeholder goes once the group has someone.
    expect(after.observerList).toEqual(['Ny Person (KS)'])
    expect(after.secretariatList).toEqual(before.secretariatList)
  })

  it('updates a typed attendee in place, matched by name whatever else was typed after it', () => {
    const doc = seedDoc()
    const { doc: next } = apply(doc, [{ name: 'jan  arild lyngstad', org: 'Helsedirektoratet', status: 'present', arrivedAt: '11.30' }])
    const present = groups(next).presentList
    expect(present[5]).toBe('jan arild lyngstad (Helsedirektoratet) [kl. 11.30]')
    expect(present).toHaveLength(groups(doc).presentList.length)
  })

  it('leaves a group that would be empty with one empty attendee (the schema needs one)', () => {
    const { doc } = apply(seedDoc(), [
      { name: 'Lucie Aunan', org: 'Direktoratet for e-helse', status: 'present' },
      { name: 'Siv Ingebrigtsen', org: 'Direktoratet for e-helse', status: 'present' },
      { name: 'Norunn Saure', org: 'Direktoratet for e-helse', status: 'present' },
      { name: 'Vibeke Jonassen Wang', org: 'Direktoratet for e-helse', status: 'present' },
    ])
    expect(groups(doc).secretariatList).toEqual([''])
  })
})

describe('readAttendance', () => {
  it('reads seed 003 back as rows, substitutes attached to whom they stand in for', () => {
    const rows = readAttendance(seedDoc())
    expect(rows).toHaveLength(16 + 3 + 4)
    expect(rows.find((r) => r.name === 'Wenche P. Dehli')).toMatchObject({ org: 'Trondheim kommune', status: 'remote' })
    expect(rows.find((r) => r.name === 'Svein Lyngroth')).toMatchObject({
      status: 'absent',
      substitute: { name: 'Solveig Tesdal', org: 'Oslo kommune' },
    })
    expect(rows.find((r) => r.name === 'Lucie Aunan')?.status).toBe('secretariat')
  })

  it('round-trips: applying what was read changes nothing', () => {
    expect(apply(seedDoc(), readAttendance(seedDoc())).changed).toBe(false)
  })
})

describe('attendee text helpers', () => {
  it('parses the seed forms and normalises clock times', () => {
    expect(parseAttendeeText('Erik Hansen (Helse Vest RHF)')).toEqual({ name: 'Erik Hansen', org: 'Helse Vest RHF' })
    expect(parseAttendeeText('Kai Øivind Brenden, Norsk Sykepleierforbund')).toEqual({ name: 'Kai Øivind Brenden', org: 'Norsk Sykepleierforbund' })
    expect(parseAttendeeText('Wenche P. Dehli – digitalt')).toEqual({ name: 'Wenche P. Dehli', org: '' })
    expect(normaliseClockTime('10:10')).toBe('10.10')
    expect(normaliseClockTime('25.00')).toBeNull()
    expect(normaliseClockTime('')).toBeNull()
  })
})
