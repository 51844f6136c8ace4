import type { Node as PMNode } from '@tiptap/pm/model'
import { EditorState, type Plugin, type Transaction } from '@tiptap/pm/state'
import type { DecorationSet } from '@tiptap/pm/view'
import { describe, expect, it } from 'vitest'
import { changedBlocks } from '../../../../client/editor/changedBlocks'
import { placeholderFor, placeholderPlugin } from '../../../../client/editor/placeholder'
import { minutesSchema } from '../../../../shared'
import { seed003 } from '../../../fixtures/seed003'
import { findNode } from './fixtures'

/** Every hint decoration the plugin shows, as comparable text. */
function shown(plugin: Plugin, state: EditorState): string[] {
  const set = plugin.getState(state) as DecorationSet
  return set
    .find()
    .map((d) => `${d.from}-${d.to}:${(d as unknown as { type: { attrs: Record<string, string> } }).type.attrs['data-placeholder']}`)
    .sort()
}

/** The hints computed from scratch. */
function expected(doc: PMNode): string[] {
  const out: string[] = []
  doc.descendants((node, pos, parent) => {
    const hint = placeholderFor(node, parent)
    if (hint) out.push(`${pos}-${pos + node.nodeSize}:${hint}`)
    return !node.isTextblock
  })
  return out.sort()
}

describe('incremental placeholder decorations', () => {
  const doc = minutesSchema.nodeFromJSON(seed003)

  it('keeps the same set for a transaction that does not change the document', () => {
    const plugin = placeholderPlugin()
    const state = EditorState.create({ doc, plugins: [plugin] })
    const next = state.apply(state.tr.setMeta('x', 1))
    expect(plugin.getState(next)).toBe(plugin.getState(state))
  })

  it('matches a full rebuild after edits: typing, emptying a block, replacing blocks, a whole-document replace', () => {
    const plugin = placeholderPlugin()
    let state = EditorState.create({ doc, plugins: [plugin] })
    const steps: ((s: EditorState) => Transaction)[] = [
      (s) => s.tr.insertText('abc', findNode(s.doc, 'paragraph', 3).pos + 1),
      (s) => {
        const title = findNode(s.doc, 'agendaTitle', 2)
        return s.tr.delete(title.pos + 1, title.pos + title.node.nodeSize - 1)
      },
      (s) => s.tr.insertText('x', findNode(s.doc, 'agendaTitle', 2).pos + 1),
      (s) => {
        const title = findNode(s.doc, 'agendaTitle', 5)
        return s.tr.delete(title.pos + 1, title.pos + title.node.nodeSize - 1)
      },
      (s) => {
        // A sak removed and another copied in elsewhere (blocks shift both ways).
        const first = findNode(s.doc, 'agendaItem', 1)
        const tr = s.tr.delete(first.pos, first.pos + first.node.nodeSize)
        const other = findNode(tr.doc, 'agendaItem', 4)
        return tr.insert(other.pos, other.node)
      },
      // y-tiptap's remote change: the whole document replaced, untouched blocks kept as objects.
      (s) => {
        const edited = s.tr.insertText('remote', findNode(s.doc, 'paragraph', 7).pos + 1).doc
        return s.tr.replaceWith(0, s.doc.content.size, edited.content)
      },
    ]
    for (const step of steps) {
      const before = plugin.getState(state)
      state = state.apply(step(state))
      expect(plugin.getState(state)).not.toBe(before)
      expect(shown(plugin, state)).toEqual(expected(state.doc))
    }
  })

  it('finds the changed top-level blocks by identity', () => {
    const tr = EditorState.create({ doc }).tr.insertText('abc', findNode(doc, 'paragraph', 3).pos + 1)
    const changed = changedBlocks(doc, tr.doc)!
    expect(changed.toIndexNew - changed.fromIndex).toBe(1)
    expect(changed.toNew - changed.toOld).toBe(3)
    expect(changedBlocks(doc, doc)).toBeNull()
  })
})
