import { Mark, Node, type AnyExtension, type Attributes } from '@tiptap/core'
import {
  MARK_DEFS,
  NODE_DEFS,
  domAttributes,
  parseDomAttributes,
  parseSelector,
  type MarkDef,
  type NodeDef,
} from '../../shared/schema'

/**
 * Tiptap extensions built from the shared NODE_DEFS and MARK_DEFS, so the editor's schema is
 * the server's schema: same names, content expressions, groups and attributes.
 */

function attributesOf(def: NodeDef): Attributes {
  const out: Attributes = {}
  for (const [key, attr] of Object.entries(def.attrs ?? {})) {
    out[key] = {
      default: attr.default,
      // Rendered by the node's renderHTML via domAttributes (data-* names from the def).
      rendered: false,
      // A new attendee or action item starts blank; it does not inherit "digitalt" or an owner.
      keepOnSplit: false,
      parseHTML: (element) => parseDomAttributes(def, element)[key],
      validate: (value: unknown) => {
        if (!attr.validate(value)) throw new RangeError(`attribute ${key}: invalid value ${JSON.stringify(value)}`)
      },
    }
  }
  return out
}

function nodeExtension(def: NodeDef, isTop: boolean): AnyExtension {
  if (def.name === 'text') return Node.create({ name: 'text', group: 'inline' })
  return Node.create({
    name: def.name,
    topNode: isTop,
    content: def.content,
    group: def.group,
    inline: def.inline,
    marks: def.marks,
    defining: def.defining,
    isolating: def.isolating,
    atom: def.leaf,
    selectable: def.leaf ? false : undefined,
    addAttributes: () => attributesOf(def),
    parseHTML: () => [{ tag: parseSelector(def) }],
    // The display-only attributes (labels, notes in the interface language) are decorations
    // (displayDecorations.ts), so a language switch redraws them without a document change.
    renderHTML: ({ node }) => {
      const attrs = domAttributes(def, node.attrs)
      return def.leaf ? [def.tag, attrs] : [def.tag, attrs, 0]
    },
  })
}

const MARK_SHORTCUTS: Record<string, string> = { bold: 'Mod-b', italic: 'Mod-i' }

function markExtension(def: MarkDef): AnyExtension {
  const shortcut = MARK_SHORTCUTS[def.name]
  return Mark.create({
    name: def.name,
    parseHTML: () => def.parseTags.map((tag) => ({ tag })),
    renderHTML: () => [def.tag, 0],
    addKeyboardShortcuts() {
      return shortcut ? { [shortcut]: () => this.editor.commands.toggleMark(def.name) } : {}
    },
  })
}

/** One Tiptap node per NODE_DEFS entry (the first is the top node) and one mark per MARK_DEFS. */
export function schemaExtensions(): AnyExtension[] {
  return [...NODE_DEFS.map((def, i) => nodeExtension(def, i === 0)), ...MARK_DEFS.map(markExtension)]
}
