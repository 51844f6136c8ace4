import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { updateBlockDecorations } from './changedBlocks'
import { hintFor } from './display'
import { isLanguageRefresh } from './languageRefresh'

/**
 * Hints in empty parts of the minutes ("Sakstittel", "Vedtakstekst …"), shown with CSS from a
 * `data-placeholder` attribute. ProseMirror keeps a <br> in empty blocks, so CSS `:empty` cannot
 * find them; a decoration marks them instead.
 */

/** The hint for an empty textblock, or null. */
export function placeholderFor(node: PMNode, parent: PMNode | null): string | null {
  if (!node.isTextblock || node.content.size > 0) return null
  return hintFor(node.type.name, parent?.type.name ?? null, parent?.childCount ?? 0)
}

/** The hints inside one block (a textblock itself, or the textblocks below it) at `pos`. */
function decorateBlock(block: PMNode, pos: number, parent: PMNode, out: Decoration[]): void {
  const visit = (node: PMNode, at: number, within: PMNode | null): boolean => {
    const hint = placeholderFor(node, within)
    if (hint) out.push(Decoration.node(at, at + node.nodeSize, { class: 'is-empty', 'data-placeholder': hint }))
    return !node.isTextblock
  }
  if (visit(block, pos, parent)) block.descendants((node, offset, within) => visit(node, pos + 1 + offset, within))
}

function decorate(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = []
  doc.forEach((block, offset) => decorateBlock(block, offset, doc, decorations))
  return DecorationSet.create(doc, decorations)
}

const placeholderKey = new PluginKey<DecorationSet>('minutesPlaceholder')

/**
 * The hints as plugin state: built once, then only the changed top-level blocks are decorated
 * again (a keystroke: one sak) and the same DecorationSet is kept when the document did not
 * change (remote carets), so ProseMirror does not compare the whole document's decorations.
 * All of them again when the interface language changes (languageRefresh.ts).
 */
export function placeholderPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: placeholderKey,
    state: {
      init: (_config, state) => decorate(state.doc),
      apply: (tr, prev, oldState, newState) => {
        // A language switch: every hint in the new language (never per keystroke).
        if (isLanguageRefresh(tr)) return decorate(newState.doc)
        return oldState.doc === newState.doc
          ? prev
          : updateBlockDecorations(prev, oldState.doc, newState.doc, (block, pos, out) => decorateBlock(block, pos, newState.doc, out))
      },
    },
    props: { decorations: (state) => placeholderKey.getState(state) },
  })
}

/** The Tiptap extension adding the hints. */
export const MinutesPlaceholder = Extension.create({
  name: 'minutesPlaceholder',
  addProseMirrorPlugins() {
    return [placeholderPlugin()]
  },
})
