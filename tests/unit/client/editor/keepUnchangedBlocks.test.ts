import { EditorState, TextSelection } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { describe, expect, it } from 'vitest'
import { reuseUnchangedBlocks } from '../../../../client/editor/keepUnchangedBlocks'
import { minutesSchema } from '../../../../shared'
import { seed003 } from '../../../fixtures/seed003'
import { findNode } from './fixtures'

describe('reuseUnchangedBlocks', () => {
  const doc = minutesSchema.nodeFromJSON(seed003)

  /** A remote change the way y-tiptap applies it: every node rebuilt, the whole document replaced. */
  function remote(state: EditorState, edit: (s: EditorState) => EditorState) {
    const edited = edit(state)
    const rebuilt = minutesSchema.nodeFromJSON(edited.doc.toJSON())
    const tr = state.tr.replaceWith(0, state.doc.content.size, rebuilt.content)
    const caret = findNode(tr.doc, 'paragraph', 2).pos + 1
    return tr.setSelection(TextSelection.create(tr.doc, caret)).setMeta(ySyncPluginKey, { isChangeOrigin: true }).setMeta('addToHistory', false)
  }

  it('keeps the node objects of unchanged blocks, with the same document, selection and meta', () => {
    const state = EditorState.create({ doc })
    const tr = remote(state, (s) => s.apply(s.tr.insertText('remote', findNode(s.doc, 'paragraph', 7).pos + 1)))
    const out = reuseUnchangedBlocks(state, tr)
    expect(out).not.toBe(tr)
    expect(out.doc.eq(tr.doc)).toBe(true)
    const changed = [...Array(out.doc.childCount).keys()].filter((i) => out.doc.child(i) !== state.doc.child(i))
    expect(changed).toHaveLength(1)
    expect(out.selection.eq(tr.selection.map(out.doc, out.mapping))).toBe(true)
    expect(out.selection.from).toBe(tr.selection.from)
    expect(out.getMeta(ySyncPluginKey)).toEqual({ isChangeOrigin: true })
    expect(out.getMeta('addToHistory')).toBe(false)
  })

  it('handles removed and added blocks, and no change at all', () => {
    const state = EditorState.create({ doc })
    const removed = remote(state, (s) => {
      const sak = findNode(s.doc, 'agendaItem', 3)
      return s.apply(s.tr.delete(sak.pos, sak.pos + sak.node.nodeSize))
    })
    const out = reuseUnchangedBlocks(state, removed)
    expect(out.doc.eq(removed.doc)).toBe(true)
    expect(out.doc.childCount).toBe(state.doc.childCount - 1)
    const same = remote(state, (s) => s)
    const unchanged = reuseUnchangedBlocks(state, same)
    expect(unchanged.doc.eq(state.doc)).toBe(true)
    expect([...Array(state.doc.childCount).keys()].every((i) => unchanged.doc.child(i) === state.doc.child(i))).toBe(true)
  })

  it('leaves local transactions alone', () => {
    const state = EditorState.create({ doc })
    const tr = state.tr.insertText('x', findNode(doc, 'paragraph', 1).pos + 1)
    expect(reuseUnchangedBlocks(state, tr)).toBe(tr)
  })
})
