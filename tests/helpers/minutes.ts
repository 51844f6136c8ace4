import type { Node as PMNode } from '@tiptap/pm/model'
import { Transform } from '@tiptap/pm/transform'
import { updateYFragment } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { MINUTES_FRAGMENT, minutesSchema } from '../../shared/schema'
import { fragmentToProseMirror } from '../../server/validation'

/**
 * The minutes of `ydoc` as a ProseMirror document, unchecked and without side effects (y-tiptap's
 * converter deletes elements that break the schema, which would change the document under test).
 */
export function minutesOf(ydoc: Y.Doc): PMNode {
  return fragmentToProseMirror(ydoc.getXmlFragment(MINUTES_FRAGMENT))
}

/**
 * Edits the minutes the way the editor does: converts the fragment to ProseMirror, lets `edit`
 * apply steps to a Transform, and writes the result back with updateYFragment in one Yjs
 * transaction. Throws if the result breaks the schema (tests should write valid minutes).
 */
export function editMinutes(ydoc: Y.Doc, edit: (tr: Transform, doc: PMNode) => unknown): void {
  const fragment = ydoc.getXmlFragment(MINUTES_FRAGMENT)
  const doc = minutesOf(ydoc)
  const tr = new Transform(doc)
  edit(tr, doc)
  tr.doc.check()
  ydoc.transact(() => {
    updateYFragment(ydoc, fragment, tr.doc, { mapping: new Map(), isOMark: new Map() })
  })
}

/** Position (before the node) and node of the `index`-th node named `name`, depth first. */
export function findNode(doc: PMNode, name: string, index = 0): { pos: number; node: PMNode } {
  const found: { pos: number; node: PMNode }[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === name) found.push({ pos, node })
  })
  if (!found[index]) throw new Error(`no ${name} #${index} in the minutes`)
  return found[index]
}

/** Every node named `name`, depth first. */
export function findAll(doc: PMNode, name: string): PMNode[] {
  const found: PMNode[] = []
  doc.descendants((node) => {
    if (node.type.name === name) found.push(node)
  })
  return found
}

/** Appends `text` at the end of the `index`-th node named `name` (a textblock). */
export function appendText(ydoc: Y.Doc, name: string, text: string, index = 0): void {
  editMinutes(ydoc, (tr, doc) => {
    const { pos, node } = findNode(doc, name, index)
    tr.insert(pos + 1 + node.content.size, minutesSchema.text(text))
  })
}

/** Plain JSON of the minutes, for comparing documents. */
export function minutesJSON(ydoc: Y.Doc): unknown {
  return minutesOf(ydoc).toJSON()
}

/**
 * The Y.XmlText inside the first element named `name` (a header field or paragraph that already
 * holds text, e.g. after appendText): for writing character by character without converting the
 * whole document, as a fast typist or a flooding client would.
 */
export function textInside(ydoc: Y.Doc, name: string): Y.XmlText {
  for (const element of ydoc.getXmlFragment(MINUTES_FRAGMENT).createTreeWalker((t) => t instanceof Y.XmlElement && t.nodeName === name)) {
    const child = (element as Y.XmlElement).get(0)
    if (child instanceof Y.XmlText) return child
  }
  throw new Error(`no text in ${name}`)
}

/** An aksjonspunkt to add with addActionItems. */
export interface TestActionItem {
  readonly id: string
  readonly text: string
  readonly owner?: string
  readonly dueDate?: string
}

/** Adds an Aksjonspunkter section with `items` to the `sakIndex`-th sak (after its title and narrative), as the editor would. */
export function addActionItems(ydoc: Y.Doc, sakIndex: number, items: readonly TestActionItem[]): void {
  editMinutes(ydoc, (tr, doc) => {
    const { pos, node } = findNode(doc, 'agendaItem', sakIndex)
    const at = pos + 1 + node.child(0).nodeSize + node.child(1).nodeSize
    const list = minutesSchema.nodes.actionItems.create(
      null,
      items.map((i) => minutesSchema.nodes.actionItem.create({ id: i.id, owner: i.owner ?? null, dueDate: i.dueDate ?? null }, minutesSchema.text(i.text))),
    )
    tr.insert(at, list)
  })
}
