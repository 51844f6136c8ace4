import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Mapping } from '@tiptap/pm/transform'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { newNodeId } from '../../shared'

const isSak = (node: PMNode) => node.type.name === 'agendaItem' || node.type.name === 'otherBusiness'

/**
 * Keeps every sak's id unique. Confirmations and flags name a sak by its id, so a sak copied and
 * pasted (or split) must not take its original's id: the copy gets a new one, the original keeps
 * its own. Only local changes are fixed; a remote one was already fixed by the client that made
 * it, and fixing it here too would race. Returns the fixing transaction, or null.
 */
export function fixDuplicateSakIds(
  transactions: readonly Transaction[],
  oldState: EditorState,
  newState: EditorState,
  newId: () => string = newNodeId,
): Transaction | null {
  const local = transactions.filter((tr) => tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined)
  if (local.length === 0) return null
  const mapping = new Mapping()
  for (const tr of transactions) mapping.appendMapping(tr.mapping)
  // Where each id stood before, mapped into the new document: that node is the original.
  const original = new Map<string, number>()
  oldState.doc.forEach((node, offset) => {
    if (isSak(node) && typeof node.attrs.id === 'string') original.set(node.attrs.id, mapping.map(offset, 1))
  })
  const counts = new Map<string, number>()
  newState.doc.forEach((node) => {
    if (isSak(node) && typeof node.attrs.id === 'string') counts.set(node.attrs.id, (counts.get(node.attrs.id) ?? 0) + 1)
  })
  let tr: Transaction | null = null
  newState.doc.forEach((node, offset) => {
    if (!isSak(node)) return
    const id = node.attrs.id
    const duplicate = typeof id === 'string' && (counts.get(id) ?? 0) > 1 && original.get(id) !== offset
    if (id !== null && !duplicate) return
    tr ??= newState.tr
    // An attribute step: no content check, so it also works on a sak a merge left in an odd shape.
    tr.setNodeAttribute(offset, 'id', newId())
  })
  return tr
}

/** The editor extension running fixDuplicateSakIds after every local change. */
export const UniqueSakIds = Extension.create({
  name: 'uniqueSakIds',
  addProseMirrorPlugins() {
    return [new Plugin({ key: new PluginKey('uniqueSakIds'), appendTransaction: (trs, oldState, newState) => fixDuplicateSakIds(trs, oldState, newState) })]
  },
})
