import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Mapping } from '@tiptap/pm/transform'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { newNodeId } from '../../shared'

const isSak = (node: PMNode) => node.type.name === 'agendaItem' || node.type.name === 'otherBusiness'
/** Nodes named by an id: saker (confirmations, flags) and aksjonspunkter (the organ's follow-up list). */
const hasId = (node: PMNode) => isSak(node) || node.type.name === 'actionItem'
/** Only these hold nodes with ids: the walk never enters running text. */
const holdsIds = (node: PMNode) => node.type.name === 'minutes' || isSak(node) || node.type.name === 'actionItems'

/** Calls `visit` with every node that has an id and its position (saker and aksjonspunkter). */
function forEachIdentified(doc: PMNode, visit: (node: PMNode, pos: number) => void): void {
  doc.descendants((node, pos) => {
    if (hasId(node)) visit(node, pos)
    return holdsIds(node)
  })
}

/** The key an id is counted under: a sak's and an aksjonspunkt's ids are separate sets. */
const keyOf = (node: PMNode) => `${node.type.name === 'actionItem' ? 'a' : 's'}:${String(node.attrs.id)}`

/**
 * Keeps every sak's and aksjonspunkt's id unique and present. Confirmations and flags name a sak
 * by its id, and the organ's follow-up list an aksjonspunkt, so one copied and pasted (or split)
 * must not take its original's id: the copy gets a new one, the original keeps its own; one
 * without an id (minutes written before ids, or an item just inserted) gets one. Only local
 * changes are fixed; a remote one was already fixed by the client that made it, and fixing it
 * here too would race. Returns the fixing transaction, or null.
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
  forEachIdentified(oldState.doc, (node, pos) => {
    if (typeof node.attrs.id === 'string') original.set(keyOf(node), mapping.map(pos, 1))
  })
  const counts = new Map<string, number>()
  forEachIdentified(newState.doc, (node) => {
    if (typeof node.attrs.id === 'string') counts.set(keyOf(node), (counts.get(keyOf(node)) ?? 0) + 1)
  })
  let tr: Transaction | null = null
  forEachIdentified(newState.doc, (node, pos) => {
    const id = node.attrs.id
    const duplicate = typeof id === 'string' && (counts.get(keyOf(node)) ?? 0) > 1 && original.get(keyOf(node)) !== pos
    if (id !== null && !duplicate) return
    tr ??= newState.tr
    // An attribute step: no content check, so it also works on a node a merge left in an odd shape.
    tr.setNodeAttribute(pos, 'id', newId())
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
