import { Extension } from '@tiptap/core'
import type { Schema } from '@tiptap/pm/model'

/**
 * Two valid concurrent edits can merge into a shape the content expressions forbid (two clients
 * add a vedtak to the same sak while offline). The server repairs such shapes at once, for
 * everyone. But the y-tiptap binding builds nodes with `schema.node`, which checks content, and
 * on failure *deletes the Y element* — the whole sak — and syncs that deletion before the
 * server's repair arrives. This makes `schema.node` fall back to unchecked creation for content
 * errors only, so the editor shows the merged shape for a moment instead of destroying it.
 * Unknown node types still throw (the server never relays those).
 */
export function tolerateMergedShapes(schema: Schema): void {
  const checked = schema.node.bind(schema)
  schema.node = (type, attrs, content, marks) => {
    try {
      return checked(type, attrs, content, marks)
    } catch (err) {
      if (!(err instanceof RangeError) || !err.message.startsWith('Invalid content for node')) throw err
      const nodeType = typeof type === 'string' ? schema.nodes[type] : type
      return nodeType.create(attrs, content, marks)
    }
  }
}

/** Applies tolerateMergedShapes to the editor's schema before the collaboration binding renders. */
export const TolerateMergedShapes = Extension.create({
  name: 'tolerateMergedShapes',
  onBeforeCreate() {
    tolerateMergedShapes(this.editor.schema)
  },
})
