import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Mapping } from '@tiptap/pm/transform'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { NODE_ID_PATTERN, legacyActionItemId, newNodeId } from '../../shared'

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

/**
 * The id the organ's follow-up list already knows an aksjonspunkt without id by (see
 * legacyActionItemId), when its sak has an id and the result is a valid id; else null.
 */
function legacyIdAt(doc: PMNode, pos: number): string | null {
  const $pos = doc.resolve(pos)
  if ($pos.depth < 2) return null
  const sak = $pos.node(1)
  if (!isSak(sak) || typeof sak.attrs.id !== 'string') return null
  const sakStart = $pos.before(1)
  let index = -1
  let seen = 0
  sak.descendants((node, offset) => {
    if (index >= 0 || node.type.name !== 'actionItem') return node.type.name === 'actionItems'
    if (sakStart + 1 + offset === pos) index = seen
    seen++
    return false
  })
  const id = index >= 0 ? legacyActionItemId(sak.attrs.id, index) : null
  return id && NODE_ID_PATTERN.test(id) ? id : null
}

/** The key an id is counted under: a sak's and an aksjonspunkt's ids are separate sets. */
const keyFor = (typeName: string, id: unknown) => `${typeName === 'actionItem' ? 'a' : 's'}:${String(id)}`
const keyOf = (node: PMNode) => keyFor(node.type.name, node.attrs.id)

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
  // Aksjonspunkter that were there before without an id (not ones just inserted), where they are now.
  const withoutId = new Set<number>()
  forEachIdentified(oldState.doc, (node, pos) => {
    if (typeof node.attrs.id === 'string') original.set(keyOf(node), mapping.map(pos, 1))
    else if (node.type.name === 'actionItem') withoutId.add(mapping.map(pos, 1))
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
    // An aksjonspunkt from before ids keeps the id the follow-up list knows it by, where it can.
    // A new one gets a fresh id: a position-based one could be a deleted item's, with its status.
    const legacy = id === null && withoutId.has(pos) ? legacyIdAt(newState.doc, pos) : null
    const fresh = legacy !== null && !counts.has(`a:${legacy}`) ? legacy : newId()
    counts.set(keyFor(node.type.name, fresh), 1)
    // An attribute step: no content check, so it also works on a node a merge left in an odd shape.
    tr.setNodeAttribute(pos, 'id', fresh)
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
