import { readFileSync } from 'node:fs'
import type { Node as PMNode } from '@tiptap/pm/model'
import { describe, expect, it } from 'vitest'
import {
  AgendaFormatError,
  draftItem,
  draftToMinutes,
  isUnchangedProposal,
  minutesSchema,
  parseAgendaJson,
  parseInnkalling,
  parseNorwegianDate,
  type AgendaDraft,
  type MeetingInfo,
} from '../../../shared'

/** Seed 002 as extracted from the published PDFs (a copy of /work/shared/seeds/002_000ffacd31916dea.txt). */
const source = readFileSync(new URL('../../fixtures/seed002.source.txt', import.meta.url), 'utf8')
const sourceLines = source.split('\n')
/** The innkalling: everything before the first referat (" Referat fra møte i NUIT", line 115). */
const innkalling = sourceLines.slice(0, 114).join('\n')

/** Seed 002's saker, written out by hand from the agenda table and each sak's "Forslag til vedtak". */
const SEED002_ITEMS = [
  {
    number: '12/20',
    title: 'Godkjenning av innkalling og dagsorden',
    caseType: 'Godkjenning',
    proposal: 'NUIT godkjenner innkalling og dagsorden.',
    plannedStart: null,
  },
  {
    number: '13/20',
    title: 'Godkjenning av referat fra møte 14. februar og 1. april 2020',
    caseType: 'Godkjenning',
    proposal: 'NUIT godkjenner referat fra møte 14. februar og 1. april 2020',
    plannedStart: null,
  },
  {
    number: '14/20',
    title: 'Orientering fra Direktoratet for e-helse',
    caseType: 'Orientering',
    proposal: 'NUIT tar sakene til orientering.',
    plannedStart: null,
  },
  {
    number: '15/20',
    title: 'Nasjonal e-helseportefølje',
    caseType: 'Orientering',
    proposal: 'NUIT tar saken til orientering og ber Direktoratet for e-helse ta med seg innspill gitt i møtet i det videre arbeidet',
    plannedStart: null,
  },
  {
    // The agenda table says "Teknisk beregningsutvalg"; the sak's own heading adds "(TBU)". The agenda wins.
    number: '16/20',
    title: 'Teknisk beregningsutvalg',
    caseType: 'Orientering',
    proposal: 'NUIT tar saken til orientering.',
    plannedStart: null,
  },
  { number: '17/20', title: 'Eventuelt', caseType: null, proposal: null, plannedStart: null },
]

const INFO: MeetingInfo = {
  organ: 'NUIT',
  title: 'Referat fra møte i NUIT',
  number: '3/2020',
  date: '2020-05-13',
  time: '10:00 – 12:00',
  place: 'Webinar',
  firstAgendaNumber: 12,
}

/** The fields the parser read before issue 13 added prefix, plannedEnd, background and unsure notes. */
const core = (items: AgendaDraft['items']) =>
  items.map(({ number, title, caseType, proposal, plannedStart }) => ({ number, title, caseType, proposal, plannedStart }))

function decisions(doc: PMNode): PMNode[] {
  const out: PMNode[] = []
  doc.descendants((node) => {
    if (node.type.name === 'decision') out.push(node)
  })
  return out
}

describe('parseInnkalling', () => {
  const draft = parseInnkalling(innkalling)

  it('reads seed 002 into exactly its saker 12/20 to 17/20 with their proposed vedtak', () => {
    expect(draft.items).toEqual(SEED002_ITEMS.map(draftItem))
  })

  it("reads the meeting's details from the header lines", () => {
    expect(draft.info).toEqual({
      organ: 'NUIT',
      title: 'Referat fra møte i NUIT',
      number: '3/2020',
      date: '2020-05-13',
      time: '10:00 – 12:00',
      place: 'Webinar – Vi bruker Slido til innspill. Eventnummer er #U021',
    })
  })

  it('lists every line it did not place, with its line number and a reason', () => {
    const byLine = new Map(draft.unread.map((u) => [u.line, u]))
    // The members list, the sak descriptions and the attachments; never a blank line.
    expect(byLine.get(6)?.reason).toMatch(/^Deltakerliste \(medlemmer\)/)
    expect(byLine.get(6)?.text).toBe('Medlemmer Christine Bergland (Direktoratet for e-helse)')
    expect(byLine.get(33)?.reason).toMatch(/^Deltakerliste \(observatører\)/)
    expect(byLine.get(58)).toMatchObject({ text: 'Vedlegg 1A:', reason: expect.stringMatching(/^Vedlegg til sak 13\/20/) })
    expect(byLine.get(66)?.reason).toMatch(/^Saksomtale til sak 14\/20/)
    expect(byLine.get(107)?.reason).toMatch(/^Vedlegg til sak 16\/20/)
    for (const u of draft.unread) {
      expect(u.text.trim()).not.toBe('')
      expect(sourceLines[u.line - 1].replace(/\s+/g, ' ').trim()).toBe(u.text)
    }
    // Every non-blank line is either used or listed: the used ones are the header, the tables,
    // the sak headings and the proposals.
    const listed = new Set(draft.unread.map((u) => u.line))
    const nonBlank = sourceLines.slice(0, 114).flatMap((l, i) => (l.trim() ? [i + 1] : []))
    const used = nonBlank.filter((n) => !listed.has(n))
    expect(used).toEqual([
      1, 2, 3, 4, 5, 29, 36, 38, 39, 40, 41, 42, 43, 46, 48, 49, 51, 54, 55, 57, 65, 67, 69, 72, 92, 93, 94, 98, 109, 110, 114,
    ])
  })

  it('stops where a referat begins and says so once', () => {
    const whole = parseInnkalling(source)
    expect(whole.items).toEqual(SEED002_ITEMS.map(draftItem))
    expect(whole.unread.at(-1)).toMatchObject({ line: 115, text: 'Referat fra møte i NUIT' })
    expect(whole.unread.at(-1)?.reason).toMatch(/resten av teksten \(linje 115–\d+\) er ikke lest/)
  })

  it('reads planned times, wrapped titles and inline proposals, and reports unknown sakstyper', () => {
    const text = [
      'Innkalling til møte i Styret',
      'Dato: 04.10.2023',
      'Side 1 av 2',
      'Sak Tema Sakstype',
      '09.00 1/23 Godkjenning av innkalling Godkjenning',
      '2/23 Budsjett for',
      'neste år Beslutning 09.30',
      '3/23 Noe rart Prat',
      'Sak Tema',
      '2/23 Budsjett for neste år',
      'Forslag til vedtak: Styret vedtar budsjettet.',
      '1. Rammen er 2 mill.',
      'Løst tekst',
    ].join('\n')
    const d = parseInnkalling(text)
    expect(d.info).toEqual({ organ: 'Styret', title: 'Referat fra møte i Styret', date: '2023-10-04' })
    expect(core(d.items)).toEqual([
      { number: '1/23', title: 'Godkjenning av innkalling', caseType: 'Godkjenning', proposal: null, plannedStart: '09:00' },
      {
        number: '2/23',
        title: 'Budsjett for neste år',
        caseType: 'Beslutning',
        proposal: 'Styret vedtar budsjettet.\n\n1. Rammen er 2 mill. Løst tekst',
        plannedStart: '09:30',
      },
      { number: '3/23', title: 'Noe rart Prat', caseType: null, proposal: null, plannedStart: null },
    ])
    expect(d.unread.map((u) => u.line)).toEqual([8])
    expect(d.unread[0].reason).toMatch(/Fant ingen kjent sakstype/)
  })

  it('finds no saker in text that is not an agenda, and lists its lines', () => {
    const d = parseInnkalling('Hei alle sammen\n\nVel møtt.')
    expect(d.items).toEqual([])
    expect(d.unread.map((u) => u.line)).toEqual([1, 3])
  })
})

describe('parseNorwegianDate', () => {
  it('reads written and numeric dates and refuses others', () => {
    expect(parseNorwegianDate('onsdag 13. mai 2020')).toBe('2020-05-13')
    expect(parseNorwegianDate('1.2.2021')).toBe('2021-02-01')
    expect(parseNorwegianDate('13. maj 2020')).toBeNull()
    expect(parseNorwegianDate('i morgen')).toBeNull()
  })
})

describe('parseAgendaJson', () => {
  const valid = {
    meeting: { organ: 'Styret', date: '2024-03-01', number: '1/2024' },
    items: [
      { number: '1/24', title: 'Godkjenning av innkalling', caseType: 'Godkjenning', proposal: 'Styret godkjenner innkallingen.' },
      { number: '2/24', title: 'Budsjett', caseType: null, plannedStart: '10.30' },
      { number: '3/24', title: 'Eventuelt' },
    ],
  }

  it('reads the documented format', () => {
    expect(parseAgendaJson(valid)).toEqual({
      info: { organ: 'Styret', date: '2024-03-01', number: '1/2024' },
      items: [
        { number: '1/24', title: 'Godkjenning av innkalling', caseType: 'Godkjenning', proposal: 'Styret godkjenner innkallingen.' },
        { number: '2/24', title: 'Budsjett', plannedStart: '10:30' },
        { number: '3/24', title: 'Eventuelt' },
      ].map(draftItem),
      unread: [],
    })
  })

  const cases: [string, unknown, string][] = [
    ['not an object', 'hei', 'agenda'],
    ['an unknown top-level field', { ...valid, sak: [] }, 'sak'],
    ['no items', { meeting: {} }, 'items'],
    ['empty items', { items: [] }, 'items'],
    ['a meeting that is not an object', { ...valid, meeting: [] }, 'meeting'],
    ['a bad meeting date', { ...valid, meeting: { date: '13. mai 2020' } }, 'meeting.date'],
    ['a misspelt meeting field', { ...valid, meeting: { organisation: 'X' } }, 'meeting.organisation'],
    ['a bad sak number', { items: [{ number: '12-2', title: 'X' }] }, 'items[0].number'],
    ['a bad prefix', { items: [{ number: '1/24', prefix: 'ps', title: 'X' }] }, 'items[0].prefix'],
    ['a bad planned end', { items: [{ number: '1/24', title: 'X', plannedEnd: '9' }] }, 'items[0].plannedEnd'],
    ['a duplicate sak number', { items: [{ number: '1/24', title: 'X' }, { number: '1/24', title: 'Y' }] }, 'items[1].number'],
    ['a missing title', { items: [{ number: '1/24' }] }, 'items[0].title'],
    ['a sakstype of two lines', { items: [{ number: '1/24', title: 'X', caseType: 'Prat\nmer' }] }, 'items[0].caseType'],
    ['a sakstype that is too long', { items: [{ number: '1/24', title: 'X', caseType: 'x'.repeat(41) }] }, 'items[0].caseType'],
    ['a proposal that is not text', { items: [{ number: '1/24', title: 'X', proposal: 3 }] }, 'items[0].proposal'],
    ['a bad planned start', { items: [{ number: '1/24', title: 'X', plannedStart: '25:00' }] }, 'items[0].plannedStart'],
    ['a misspelt item field', { items: [{ number: '1/24', title: 'X', casetype: 'Orientering' }] }, 'items[0].casetype'],
  ]
  it.each(cases)('refuses %s, naming the field', (_what, input, field) => {
    let error: unknown
    try {
      parseAgendaJson(input)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(AgendaFormatError)
    expect((error as AgendaFormatError).field).toBe(field)
    expect((error as AgendaFormatError).message).not.toBe('')
  })
})

describe('draftToMinutes', () => {
  it("builds valid minutes from seed 002 with each proposal as an unchanged proposed vedtak and the agenda's Eventuelt last", () => {
    const doc = minutesSchema.nodeFromJSON(draftToMinutes(parseInnkalling(innkalling), INFO))
    doc.check()
    const items: { type: string; number: string; title: string; caseType: unknown }[] = []
    doc.forEach((node) => {
      if (node.type.name === 'agendaItem' || node.type.name === 'otherBusiness') {
        items.push({ type: node.type.name, number: node.attrs.number, title: node.child(0).textContent, caseType: node.attrs.caseType ?? null })
      }
    })
    expect(items).toEqual([
      ...SEED002_ITEMS.slice(0, 5).map((it) => ({ type: 'agendaItem', number: it.number, title: it.title, caseType: it.caseType })),
      { type: 'otherBusiness', number: '17/20', title: 'Eventuelt', caseType: null },
    ])
    const found = decisions(doc)
    expect(found.map((d) => d.textContent)).toEqual(SEED002_ITEMS.slice(0, 5).map((it) => it.proposal))
    expect(found.every((d) => isUnchangedProposal(d))).toBe(true)
    expect(doc.child(0).child(0).textContent).toBe('NUIT')
    expect(doc.child(0).child(3).textContent).toBe('13. mai 2020')
    expect(doc.child(1).type.name).toBe('attendance')
  })

  it('adds Eventuelt with the next number when the agenda has none, and keeps paragraphs of a proposal', () => {
    const draft: AgendaDraft = {
      info: {},
      items: [
        draftItem({ number: '4/24', title: 'A', caseType: 'Drøfting', proposal: 'Første avsnitt\nfortsetter.\n\nAndre avsnitt.' }),
        draftItem({ number: '5/24', title: 'B' }),
      ],
      unread: [],
    }
    const doc = minutesSchema.nodeFromJSON(draftToMinutes(draft, INFO))
    doc.check()
    expect(doc.lastChild?.type.name).toBe('otherBusiness')
    expect(doc.lastChild?.attrs.number).toBe('6/24')
    const [decision] = decisions(doc)
    expect(decision.childCount).toBe(2)
    expect(decision.child(0).textContent).toBe('Første avsnitt fortsetter.')
    expect(isUnchangedProposal(decision)).toBe(true)
    expect(decisions(doc)).toHaveLength(1)
  })

  it('keeps each sak\'s planned start from the agenda', () => {
    const agenda = {
      items: [
        { number: '1/24', title: 'Godkjenning av innkalling', caseType: 'Godkjenning' },
        { number: '2/24', title: 'Budsjett', plannedStart: '10.30' },
      ],
    }
    const doc = minutesSchema.nodeFromJSON(draftToMinutes(parseAgendaJson(agenda), INFO))
    doc.check()
    const starts: (string | null)[] = []
    doc.forEach((node) => {
      if (node.type.name === 'agendaItem') starts.push(node.attrs.plannedStart)
    })
    expect(starts).toEqual([null, '10:30'])
  })
})
