import type { Mark, Node as PMNode, Schema } from '@tiptap/pm/model'
import * as Y from 'yjs'
import { MAX_TREE_DEPTH, minutesSchema } from '../../shared/schema'

/**
 * Converts a minutes Y.XmlFragment to a ProseMirror document WITHOUT checking content
 * expressions and without touching the Y document.
 *
 * y-tiptap's `yXmlFragmentToProseMirrorRootNode` builds nodes with `createChecked` and, when a
 * node breaks its content expression, deletes that Y element from the document (it assumes a
 * concurrency glitch). For a shape concurrent edits produced (an agendaItem with two decisions)
 * that deletes the whole agenda item, so the normalizer must not use it.
 *
 * Unknown node and mark names are skipped (the validator never lets them in). Throws RangeError
 * for nesting deeper than MAX_TREE_DEPTH.
 */
export function fragmentToProseMirror(fragment: Y.XmlFragment, schema: Schema = minutesSchema): PMNode {
  return schema.topNodeType.create(null, childNodes(fragment, schema, 1))
}

function childNodes(parent: Y.XmlFragment, schema: Schema, depth: number): PMNode[] {
  if (depth > MAX_TREE_DEPTH + 1) throw new RangeError(`nesting deeper than ${MAX_TREE_DEPTH}`)
  const nodes: PMNode[] = []
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlElement) {
      const type = schema.nodes[child.nodeName]
      if (!type || type.isText) continue
      nodes.push(type.create(child.getAttributes(), childNodes(child, schema, depth + 1)))
    } else if (child instanceof Y.XmlText) {
      nodes.push(...textNodes(child, schema))
    }
  }
  return nodes
}

function textNodes(text: Y.XmlText, schema: Schema): PMNode[] {
  const nodes: PMNode[] = []
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string' || op.insert === '') continue
    const marks: Mark[] = []
    for (const [name, attrs] of Object.entries(op.attributes ?? {})) {
      const markType = schema.marks[name]
      if (markType) marks.push(markType.create(attrs as Record<string, unknown> | null))
    }
    nodes.push(schema.text(op.insert, marks))
  }
  return nodes
}
