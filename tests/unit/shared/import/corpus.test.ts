import { describe, expect, it } from 'vitest'
import { loadCorpus, runCase } from '../../../../scripts/importCorpus'
import { draftToMinutes, minutesSchema, nextAgendaNumber } from '../../../../shared'
import { parseAgenda, textToSource } from '../../../../shared/import'

const corpus = loadCorpus()

describe('the innkalling corpus (tests/fixtures/innkalling)', () => {
  it('holds at least 12 innkallinger as .txt, in bokmål and nynorsk', () => {
    expect(corpus.filter((c) => c.file.endsWith('.txt')).length).toBeGreaterThanOrEqual(12)
    expect(corpus.some((c) => /nynorsk/i.test(c.expected.layout))).toBe(true)
  })

  it.each(corpus.map((c) => [c.file, c] as const))('%s: every sak, title, type, time and proposal is found', (_file, c) => {
    const result = runCase(c)
    expect(result.mismatches).toEqual([])
    expect(result.draft.items.length).toBe(c.expected.items.length)
  })

  it.each(corpus.map((c) => [c.file, c] as const))('%s: builds valid minutes, numbers and series kept, Eventuelt last', (_file, c) => {
    const draft = parseAgenda(c.read(), { keepBackground: true })
    const doc = minutesSchema.nodeFromJSON(draftToMinutes(draft, { organ: 'X', title: '', number: '', date: '2024-01-01', time: '', place: '' }))
    doc.check()
    const saker: string[] = []
    doc.forEach((node) => {
      if (node.type.name === 'agendaItem' || node.type.name === 'otherBusiness') saker.push([node.attrs.prefix, node.attrs.number].filter(Boolean).join(' '))
    })
    const expected = c.expected.items.filter((it) => it.title !== 'Eventuelt').map((it) => [it.prefix, it.number].filter(Boolean).join(' '))
    expect(saker.slice(0, expected.length)).toEqual(expected)
    expect(doc.lastChild?.type.name).toBe('otherBusiness')
  })

  it('numbers a new Eventuelt the way the body numbers its saker', () => {
    expect(nextAgendaNumber(['036-2024', '037-2024'])).toBe('038-2024')
    expect(nextAgendaNumber(['1', '2'])).toBe('3')
    expect(nextAgendaNumber(['12/24', '3/24'])).toBe('13/24')
    expect(nextAgendaNumber([])).toBeNull()
  })

  it('keeps a sak description as background only when asked, wrapped lines and hyphenation joined', () => {
    const c = corpus.find((x) => x.name === '13-universitetsstyre-dashtype')!
    expect(parseAgenda(c.read()).items[1].background).toBeNull()
    const withBackground = parseAgenda(c.read(), { keepBackground: true })
    expect(withBackground.items[1].background).toBe(
      'Bakgrunn Styret drøftet prosessen i februar. Utkastet bygger på innspill fra fakultetene og studentene.',
    )
    expect(withBackground.unread.find((u) => u.text === 'Bakgrunn')?.reason).toMatch(/bakgrunn bare om du velger det/)
  })

  it('marks the proposal it took from before a trailing label (slide export) as unsure', () => {
    const c = corpus.find((x) => x.name === '06-lysark-etter')!
    const items = parseAgenda(c.read()).items
    expect(items.every((it) => it.unsure.some((u) => u.field === 'proposal'))).toBe(true)
  })
})

describe('parseAgenda with a reader\'s cells and list markers', () => {
  it('reads a Word table (cells with a head) and a numbered saksliste, and notes what it is unsure of', () => {
    const table = parseAgenda({
      format: 'docx',
      lines: [
        { text: 'Saksliste', heading: 2 },
        { text: 'Tid Nr Sak Innleder', cells: ['Tid', 'Nr', 'Sak', 'Innleder'] },
        { text: '09.00 1 Godkjenning Leder', cells: ['09.00', '1', 'Godkjenning', 'Leder'] },
        { text: '08.30 2 Budsjett Økonomisjef', cells: ['08.30', '2', 'Budsjett', 'Økonomisjef'] },
      ],
    })
    expect(table.items.map((it) => [it.number, it.title, it.plannedStart])).toEqual([
      ['1', 'Godkjenning', '09:00'],
      ['2', 'Budsjett', '08:30'],
    ])
    expect(table.items[1].unsure).toEqual([{ field: 'plannedStart', reason: 'Planlagt start er før forrige saks (09:00).' }])
    const list = parseAgenda({
      format: 'docx',
      lines: [
        { text: 'Dagsorden' },
        { text: 'Velkommen', listMarker: '1.' },
        { text: 'Valg av leder', listMarker: '2.' },
        { text: 'Eventuelt', listMarker: '3.' },
      ],
    })
    expect(list.items.map((it) => [it.number, it.title])).toEqual([
      ['1', 'Velkommen'],
      ['2', 'Valg av leder'],
      ['3', 'Eventuelt'],
    ])
  })

  it('finds no sak in prose, lists its lines, and never reads "Sak 1" out of a page number', () => {
    const draft = parseAgenda(textToSource('Hei alle sammen\n3\nVi sees 12.00 på torget.'))
    expect(draft.items).toEqual([])
    expect(draft.unread.map((u) => u.line)).toEqual([1, 3])
  })
})
