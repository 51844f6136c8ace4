import { EditorState } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import { confirmationState, decisionStatuses } from '../../../../client/editor/confirmations'
import { readBack, unconfirmedCount } from '../../../../client/editor/readBack'
import { decisionText, hashDecisionText, type Confirmation } from '../../../../shared'
import { findNode, meetingDoc } from './fixtures'

const confirmationOf = (agendaItemId: string, text: string): Confirmation => ({
  agendaItemId,
  textHash: hashDecisionText(text),
  text,
  by: { tokenId: 't', role: 'møteleder', name: 'Leder', org: null },
  at: '2023-10-04T10:00:00Z',
})

describe('confirmationState', () => {
  it('is unconfirmed without a confirmation, confirmed for the same hash, changed for another', () => {
    const c = confirmationOf('s', 'Rådet tar saken til orientering.')
    expect(confirmationState(hashDecisionText('x'), null)).toBe('unconfirmed')
    expect(confirmationState(hashDecisionText('Rådet tar saken til orientering.'), c)).toBe('confirmed')
    expect(confirmationState(hashDecisionText('Rådet tar saken til orientering'), c)).toBe('changed')
  })
})

describe('decisionStatuses', () => {
  it('lists every vedtak and turns a confirmation void the moment one character changes', () => {
    const doc = meetingDoc()
    const first = findNode(doc, 'agendaItem', 0)
    const decision = findNode(doc, 'decision', 0)
    const id = first.node.attrs.id as string
    const confirmations = new Map([[id, confirmationOf(id, decisionText(decision.node))]])

    const before = decisionStatuses(doc, confirmations)
    expect(before.map((d) => [d.number, d.state])).toEqual([
      ['17/23', 'confirmed'],
      ['18/23', 'unconfirmed'],
    ])

    const state = EditorState.create({ doc })
    const end = decision.pos + decision.node.nodeSize - 2
    const edited = state.apply(state.tr.insertText('!', end)).doc
    expect(decisionStatuses(edited, confirmations)[0].state).toBe('changed')

    // Typing the same text back makes it match again.
    const restored = state.apply(state.tr.insertText('!', end)).doc
    const undone = EditorState.create({ doc: restored })
    expect(decisionStatuses(undone.apply(undone.tr.delete(end, end + 1)).doc, confirmations)[0].state).toBe('confirmed')
  })

  it('ignores marks: bold is not a different decision', () => {
    const doc = meetingDoc()
    const decision = findNode(doc, 'decision', 0)
    const id = findNode(doc, 'agendaItem', 0).node.attrs.id as string
    const confirmations = new Map([[id, confirmationOf(id, decisionText(decision.node))]])
    const state = EditorState.create({ doc })
    const bold = state.schema.marks.bold.create()
    const from = decision.pos + 2
    const next = state.apply(state.tr.addMark(from, from + 4, bold)).doc
    expect(decisionStatuses(next, confirmations)[0].state).toBe('confirmed')
  })
})

describe('readBack', () => {
  it('reads every sak with its vedtak state and its aksjonspunkter', () => {
    const json = meetingDoc().toJSON()
    json.content[2].content.splice(2, 0, {
      type: 'actionItems',
      content: [{ type: 'actionItem', attrs: { owner: 'Sekretariatet', dueDate: '2023-11-01' }, content: [{ type: 'text', text: 'Sende referatet' }] }],
    })
    const doc = meetingDoc().type.schema.nodeFromJSON(json)
    const items = readBack(doc, new Map())
    expect(items.map((i) => i.number)).toEqual(['17/23', '18/23', '19/23'])
    expect(items[0].actionItems).toEqual([{ text: 'Sende referatet', owner: 'Sekretariatet', dueDate: '2023-11-01' }])
    expect(items[0].decision?.state).toBe('unconfirmed')
    expect(items[2].decision).toBeNull()
    expect(unconfirmedCount(items)).toBe(2)
  })
})
