import { describe, expect, it } from 'vitest'
import { dropItem, draftProblems, draftToAgendaJson, editItem, mergeWithNext, moveUnreadToProposal, splitItem } from '../../../../client/ui/draftEdit'
import { draftItem, parseAgendaJson, type AgendaDraft } from '../../../../shared'

const draft: AgendaDraft = {
  info: { organ: 'Formannskapet' },
  items: [
    draftItem({ number: '12/24', prefix: 'PS', title: 'Protokoll', proposal: 'Protokollen godkjennes.', plannedStart: '09:00' }),
    draftItem({ number: '13/24', prefix: 'PS', title: 'Gebyrer', caseType: null, unsure: [{ field: 'caseType', reason: 'Fant ingen sakstype.' }] }),
    draftItem({ number: '14/24', prefix: 'PS', title: 'Tilskudd', proposal: 'Første avsnitt.\n\nAndre sak sitt forslag.', plannedEnd: '10:00' }),
  ],
  unread: [
    { line: 20, text: 'Regulativet gjelder fra', reason: 'Saksomtale' },
    { line: 21, text: '1. april.', reason: 'Saksomtale' },
  ],
}

describe('the import preview edits', () => {
  it('edits a field and clears what the parser was unsure of there', () => {
    const next = editItem(draft, 1, 'caseType', 'Vedtakssak')
    expect(next.items[1]).toMatchObject({ caseType: 'Vedtakssak', unsure: [] })
    expect(editItem(draft, 0, 'plannedStart', '  ').items[0].plannedStart).toBeNull()
    expect(draft.items[1].caseType).toBeNull()
  })

  it('merges a sak with the next one: first number and title, both proposals, the later end', () => {
    const merged = mergeWithNext(draft, 1)
    expect(merged.items.map((it) => it.number)).toEqual(['12/24', '13/24'])
    expect(merged.items[1]).toMatchObject({ title: 'Gebyrer', proposal: 'Første avsnitt.\n\nAndre sak sitt forslag.', plannedEnd: '10:00' })
    expect(mergeWithNext(draft, 2)).toBe(draft)
  })

  it('splits a sak at a proposal paragraph into a new sak with the next free number and no title yet', () => {
    const split = splitItem(draft, 2)
    expect(split.items.map((it) => [it.prefix, it.number, it.title, it.proposal])).toEqual([
      ['PS', '12/24', 'Protokoll', 'Protokollen godkjennes.'],
      ['PS', '13/24', 'Gebyrer', null],
      ['PS', '14/24', 'Tilskudd', 'Første avsnitt.'],
      ['PS', '15/24', '', 'Andre sak sitt forslag.'],
    ])
    expect(split.items[3].unsure.map((u) => u.field)).toEqual(['title'])
    expect(draftProblems(split)).toEqual([{ index: 3, field: 'title', message: 'Skriv en tittel.' }])
  })

  it('drops a sak, and refuses a draft with none left', () => {
    const none = dropItem(dropItem(dropItem(draft, 0), 0), 0)
    expect(none.items).toEqual([])
    expect(draftProblems(none).map((p) => p.field)).toEqual(['items'])
  })

  it('moves unread lines into a proposal, continuing an unfinished sentence', () => {
    const once = moveUnreadToProposal(draft, 0, 0)
    expect(once.items[0].proposal).toBe('Protokollen godkjennes.\n\nRegulativet gjelder fra')
    const twice = moveUnreadToProposal(once, 0, 0)
    expect(twice.items[0].proposal).toBe('Protokollen godkjennes.\n\nRegulativet gjelder fra 1. april.')
    expect(twice.unread).toEqual([])
  })

  it('names bad fields before anything is sent', () => {
    const bad = editItem(editItem(editItem(draft, 0, 'number', '13/24'), 1, 'plannedEnd', '25'), 2, 'prefix', 'ps')
    expect(draftProblems(bad).map((p) => [p.index, p.field])).toEqual([
      [1, 'number'],
      [1, 'plannedEnd'],
      [2, 'prefix'],
    ])
  })

  it('sends the edited draft as a JSON agenda the server reads back the same, background only when chosen', () => {
    const withBackground = { ...draft, items: draft.items.map((it, i) => (i === 0 ? { ...it, background: 'Bakgrunn.' } : it)) }
    const json = draftToAgendaJson(withBackground, false)
    expect(json.items[0]).toEqual({ number: '12/24', prefix: 'PS', title: 'Protokoll', proposal: 'Protokollen godkjennes.', plannedStart: '09:00' })
    const read = parseAgendaJson(json)
    expect(read.items.map((it) => [it.prefix, it.number, it.title, it.proposal, it.plannedEnd])).toEqual(
      draft.items.map((it) => [it.prefix, it.number, it.title, it.proposal, it.plannedEnd]),
    )
    expect(parseAgendaJson(draftToAgendaJson(withBackground, true)).items[0].background).toBe('Bakgrunn.')
  })
})
