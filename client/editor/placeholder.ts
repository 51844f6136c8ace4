import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'

/**
 * Hints in empty parts of the minutes ("Sakstittel", "Vedtakstekst …"), shown with CSS from a
 * `data-placeholder` attribute. ProseMirror keeps a <br> in empty blocks, so CSS `:empty` cannot
 * find them; a decoration marks them instead.
 */

/** Hint per textblock type; `parent` restricts it to that parent (with one child). */
const HINTS: Record<string, { text: string; parent?: string }> = {
  agendaTitle: { text: 'Sakstittel' },
  attendee: { text: 'Navn (organisasjon)' },
  memberInput: { text: 'Innspill fra et medlem …' },
  actionItem: { text: 'Hvem gjør hva, innen når …' },
  subheading: { text: 'Mellomtittel' },
}
const PARAGRAPH_HINTS: Record<string, string> = {
  narrative: 'Hvem innledet, hva ble sagt …',
  decision: 'Vedtakstekst …',
}

/** The hint for an empty textblock, or null. */
export function placeholderFor(node: PMNode, parent: PMNode | null): string | null {
  if (!node.isTextblock || node.content.size > 0) return null
  if (node.type.name === 'paragraph') {
    if (!parent || parent.childCount !== 1) return null
    return PARAGRAPH_HINTS[parent.type.name] ?? null
  }
  return HINTS[node.type.name]?.text ?? null
}

function decorate(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = []
  doc.descendants((node, pos, parent) => {
    const hint = placeholderFor(node, parent)
    if (hint) decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'is-empty', 'data-placeholder': hint }))
    return !node.isTextblock
  })
  return DecorationSet.create(doc, decorations)
}

/** The Tiptap extension adding the hints. */
export const MinutesPlaceholder = Extension.create({
  name: 'minutesPlaceholder',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('minutesPlaceholder'),
        props: { decorations: (state) => decorate(state.doc) },
      }),
    ]
  },
})
