import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Mapping, ReplaceStep } from '@tiptap/pm/transform'
import type { EditorView } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'

/**
 * y-tiptap applies every remote change by rebuilding all ProseMirror nodes from the Yjs document
 * and replacing the whole document with them. The content is equal, but every node is a new
 * object, and ProseMirror's view keeps the old ones: from then on every update (each keystroke,
 * each caret redraw) compares the whole document node by node, and the decoration plugins see
 * every block as changed. This rewrites such a transaction into one that replaces only the
 * top-level blocks that differ, so the others keep their node objects (and y-tiptap's
 * Yjs→ProseMirror mapping is pointed at those). Same document, same selection and metadata.
 */
export function reuseUnchangedBlocks(state: EditorState, tr: Transaction): Transaction {
  if (tr.getMeta(ySyncPluginKey) === undefined || tr.steps.length !== 1 || tr.before !== state.doc) return tr
  const step = tr.steps[0]
  const oldDoc = state.doc
  const newDoc = tr.doc
  if (!(step instanceof ReplaceStep) || step.from !== 0 || step.to !== oldDoc.content.size) return tr
  const min = Math.min(oldDoc.childCount, newDoc.childCount)
  let start = 0
  let from = 0
  while (start < min && oldDoc.child(start).eq(newDoc.child(start))) from += oldDoc.child(start++).nodeSize
  let endA = oldDoc.childCount
  let endB = newDoc.childCount
  let tail = 0
  while (endA > start && endB > start && oldDoc.child(endA - 1).eq(newDoc.child(endB - 1))) {
    endA--
    endB--
    tail += oldDoc.child(endA).nodeSize
  }
  let out: Transaction
  try {
    out = state.tr
    if (start < endA || start < endB) out.replace(from, oldDoc.content.size - tail, newDoc.slice(from, newDoc.content.size - tail))
    if (out.doc.content.size !== newDoc.content.size || out.doc.childCount !== newDoc.childCount) return tr
    out.setSelection(tr.selection.map(out.doc, new Mapping()))
  } catch {
    return tr
  }
  if (tr.storedMarksSet) out.setStoredMarks(tr.storedMarks)
  out.setTime(tr.time)
  if (tr.scrolledIntoView) out.scrollIntoView()
  const meta = (tr as unknown as { meta: Record<string, unknown> }).meta
  for (const key of Object.keys(meta)) out.setMeta(key, meta[key])
  pointMappingAt(state, oldDoc, newDoc, out.doc, start, endA, endB)
  return out
}

/** y-tiptap's Yjs type → node map, for the kept blocks: the node objects now in the document. */
function pointMappingAt(state: EditorState, oldDoc: PMNode, newDoc: PMNode, doc: PMNode, start: number, endA: number, endB: number): void {
  const binding = (ySyncPluginKey.getState(state) as { binding?: { type?: { toArray(): unknown[] }; mapping?: Map<unknown, unknown> } } | undefined)
    ?.binding
  const types = binding?.type?.toArray()
  const mapping = binding?.mapping
  if (!types || !mapping || types.length !== newDoc.childCount) return
  for (let i = 0; i < start; i++) if (mapping.get(types[i]) === newDoc.child(i)) mapping.set(types[i], doc.child(i))
  for (let i = endB, j = endA; i < newDoc.childCount; i++, j++) {
    if (mapping.get(types[i]) === newDoc.child(i) && doc.child(i) === oldDoc.child(j)) mapping.set(types[i], doc.child(i))
  }
}

/** Installs `reuseUnchangedBlocks` in front of the view's dispatch. */
export const KeepUnchangedBlocks = Extension.create({
  name: 'keepUnchangedBlocks',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('keepUnchangedBlocks'),
        view: (view: EditorView) => {
          const original = view.dispatch
          const dispatch = function (this: EditorView, tr: Transaction) {
            original.call(view, reuseUnchangedBlocks(view.state, tr))
          }
          view.dispatch = dispatch
          return {
            destroy: () => {
              if (view.dispatch === dispatch) view.dispatch = original
            },
          }
        },
      }),
    ]
  },
})
