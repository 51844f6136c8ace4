import { describe, expect, it } from 'vitest'
import { extractActionItems, type JSONContent } from '../../../../shared/minutes'

const t = (text: string): JSONContent => ({ type: 'text', text })
const sak = (attrs: Record<string, unknown>, title: string, items: JSONContent[]): JSONContent => ({
  type: 'agendaItem',
  attrs,
  content: [
    { type: 'agendaTitle', content: [t(title)] },
    { type: 'narrative', content: [{ type: 'paragraph' }] },
    { type: 'actionItems', content: items },
  ],
})
const action = (attrs: Record<string, unknown>, ...content: JSONContent[]): JSONContent => ({ type: 'actionItem', attrs, content })
const minutes = (...saker: JSONContent[]): JSONContent => ({ type: 'minutes', content: [{ type: 'meetingHeader' }, { type: 'attendance' }, ...saker] })

describe('extractActionItems', () => {
  it('reads text, owner, due date and the sak of each aksjonspunkt, in order', () => {
    const doc = minutes(
      sak({ id: 'sak-aaaaaaaa', number: '12/26' }, 'Budsjett 2027', [
        action({ id: 'item-aaaaaaaa', owner: 'Kari Nordmann', dueDate: '2026-03-01' }, t('Sende '), { type: 'hardBreak' }, t('notatet')),
        action({ id: 'item-bbbbbbbb', owner: null, dueDate: null }, t('Følge opp')),
      ]),
    )
    expect(extractActionItems(doc)).toEqual([
      { itemId: 'item-aaaaaaaa', text: 'Sende notatet', owner: 'Kari Nordmann', dueDate: '2026-03-01', sakNumber: '12/26', sakTitle: 'Budsjett 2027', position: 0 },
      { itemId: 'item-bbbbbbbb', text: 'Følge opp', owner: null, dueDate: null, sakNumber: '12/26', sakTitle: 'Budsjett 2027', position: 1 },
    ])
  })

  it('gives items without an id (older minutes) a stable id from their sak and place', () => {
    const doc = minutes(sak({ id: 'sak-aaaaaaaa', number: '1/26' }, 'A', [action({}, t('Gammelt punkt'))]), sak({ number: '2/26' }, 'B', [action({ id: 'x' }, t('Uten sak-id'))]))
    const items = extractActionItems(doc)
    expect(items.map((i) => i.itemId)).toEqual(['xsak-aaaaaaaa-0', 'xs1-0'])
    expect(extractActionItems(doc)).toEqual(items)
  })

  it('reads hostile attribute values as absent and leaves empty items out', () => {
    const doc = minutes(
      sak({ id: 'sak-aaaaaaaa', number: { evil: true } }, 'C', [
        action({ id: 'item-aaaaaaaa', owner: 'x'.repeat(5000), dueDate: '2026-13-40' }, t('Punkt')),
        action({ id: 'item-aaaaaaaa', owner: 42, dueDate: 20260101 }, t('Kopi')),
        action({ id: 'item-cccccccc' }),
        action({ id: 'item-dddddddd' }, t('   ')),
      ]),
    )
    const items = extractActionItems(doc)
    expect(items).toHaveLength(2)
    expect(items[0]).toMatchObject({ itemId: 'item-aaaaaaaa', owner: null, dueDate: null, sakNumber: null })
    // The copy with the same id gets one of its own, so the original's status is not shared.
    expect(items[1].itemId).not.toBe('item-aaaaaaaa')
  })

  it('reads an empty or malformed document as no aksjonspunkter', () => {
    expect(extractActionItems({ type: 'minutes' })).toEqual([])
    expect(extractActionItems({ type: 'minutes', content: [{ type: 'agendaItem', content: 'nope' as unknown as JSONContent[] }] })).toEqual([])
  })
})
