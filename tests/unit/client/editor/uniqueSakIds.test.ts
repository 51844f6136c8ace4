import { EditorState } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { describe, expect, it } from 'vitest'
import { fixDuplicateSakIds } from '../../../../client/editor/uniqueSakIds'
import { extractActionItems, minutesSchema, minutesTemplate } from '../../../../shared'

function meeting(): EditorState {
  const json = minutesTemplate({ organ: 'Styret', title: '', number: '1/2024', date: '2024-03-01', time: '', place: '' })
  return EditorState.create({ doc: minutesSchema.nodeFromJSON(json) })
}

/** Positions and nodes of the saker. */
function saker(state: EditorState) {
  const out: { pos: number; id: string | null; title: string }[] = []
  state.doc.forEach((node, pos) => {
    if (node.type.name === 'agendaItem' || node.type.name === 'otherBusiness') out.push({ pos, id: node.attrs.id, title: node.firstChild!.textContent })
  })
  return out
}

let counter = 0
const fresh = () => `fresh-id-${++counter}`

describe('fixDuplicateSakIds', () => {
  it('gives a pasted copy placed before its original a new id and leaves the original its own', () => {
    const state = meeting()
    const [first, second] = saker(state)
    const copy = state.doc.nodeAt(second.pos)!
    const paste = state.tr.insert(first.pos, copy)
    const after = state.apply(paste)
    const fix = fixDuplicateSakIds([paste], state, after, fresh)!
    const fixed = saker(after.apply(fix))
    expect(fixed.map((s) => s.id)).toEqual([expect.stringMatching(/^fresh-id-/), first.id, second.id, saker(state)[2].id])
    expect(new Set(fixed.map((s) => s.id)).size).toBe(fixed.length)
  })

  it('does nothing when the ids are already unique', () => {
    const state = meeting()
    const typing = state.tr.insertText('Sak', saker(state)[0].pos + 2)
    expect(fixDuplicateSakIds([typing], state, state.apply(typing), fresh)).toBeNull()
  })

  it('leaves remote changes to the client that made them', () => {
    const state = meeting()
    const [first, second] = saker(state)
    const remote = state.tr.insert(first.pos, state.doc.nodeAt(second.pos)!).setMeta(ySyncPluginKey, { isChangeOrigin: true })
    expect(fixDuplicateSakIds([remote], state, state.apply(remote), fresh)).toBeNull()
  })

  it('gives an aksjonspunkt without an id one, and a copied one a new id', () => {
    const state = meeting()
    const sak = saker(state)[0]
    const { schema } = state
    const item = (id: string | null) => schema.nodes.actionItem.create({ id, owner: 'Kari' }, schema.text('Send notatet'))
    // After the narrative (agendaTitle, narrative): an actionItems list with a legacy item and a copy of an id'd one.
    const sakNode = state.doc.nodeAt(sak.pos)!
    const at = sak.pos + 1 + sakNode.child(0).nodeSize + sakNode.child(1).nodeSize
    const insert = state.tr.insert(at, schema.nodes.actionItems.create(null, [item('keep-this-id'), item(null)]))
    const inserted = state.apply(insert)
    const first = inserted.apply(fixDuplicateSakIds([insert], state, inserted, fresh)!)
    // Paste a copy of the first item at the list's end.
    const listEnd = at + first.doc.nodeAt(at)!.nodeSize - 1
    const paste = first.tr.insert(listEnd, item('keep-this-id'))
    const pasted = first.apply(paste)
    const fixed = pasted.apply(fixDuplicateSakIds([paste], first, pasted, fresh)!)
    const ids: string[] = []
    fixed.doc.descendants((node) => {
      if (node.type.name === 'actionItem') ids.push(node.attrs.id)
    })
    expect(ids).toEqual(['keep-this-id', expect.stringMatching(/^fresh-id-/), expect.stringMatching(/^fresh-id-/)])
    expect(new Set(ids).size).toBe(3)
  })

  it('gives an aksjonspunkt from before ids the id the follow-up list knows it by', () => {
    const state = meeting()
    const sak = saker(state)[0]
    const { schema } = state
    const sakNode = state.doc.nodeAt(sak.pos)!
    const at = sak.pos + 1 + sakNode.child(0).nodeSize + sakNode.child(1).nodeSize
    const old = state.apply(state.tr.insert(at, schema.nodes.actionItems.create(null, [schema.nodes.actionItem.create(null, schema.text('Gammelt punkt'))])).setMeta(ySyncPluginKey, {}))
    const known = extractActionItems(old.doc.toJSON())[0].itemId
    const typing = old.tr.insertText('x', sak.pos + 2)
    const after = old.apply(typing)
    const fixed = after.apply(fixDuplicateSakIds([typing], old, after, fresh)!)
    expect(extractActionItems(fixed.doc.toJSON())[0].itemId).toBe(known)
    // One character was typed before it.
    expect(fixed.doc.nodeAt(at + 2)!.attrs.id).toBe(known)
  })
})
