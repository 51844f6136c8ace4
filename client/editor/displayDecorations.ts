import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { currentLanguage } from '../i18n'
import { updateBlockDecorations } from './changedBlocks'
import { displayAttributes } from './display'
import { isLanguageRefresh } from './languageRefresh'

/**
 * The display-only attributes of `displayAttributes` (part labels, notes, due dates in the
 * interface language) as node decorations, so that a language switch redraws them without
 * touching the document. Kept like the hints (placeholder.ts): built once, then only the changed
 * top-level blocks again, the same set when the document did not change, all of it again on a
 * language switch.
 */

// Nodes are immutable: an unchanged node (most of a sak being typed in) keeps its words, worked
// out once per language.
const attrsCache = new WeakMap<PMNode, { readonly lang: string; readonly attrs: Record<string, string> | null }>()

function cachedAttributes(node: PMNode): Record<string, string> | null {
  const lang = currentLanguage()
  const cached = attrsCache.get(node)
  if (cached && cached.lang === lang) return cached.attrs
  const attrs = displayAttributes(node.type.name, node.attrs)
  const entry = { lang, attrs: Object.keys(attrs).length ? attrs : null }
  attrsCache.set(node, entry)
  return entry.attrs
}

/** The decorations of one block and everything below it, at `pos`. */
export function decorateDisplayBlock(block: PMNode, pos: number, out: Decoration[]): void {
  const visit = (node: PMNode, at: number): void => {
    if (node.isText) return
    const attrs = cachedAttributes(node)
    if (attrs) out.push(Decoration.node(at, at + node.nodeSize, attrs))
  }
  visit(block, pos)
  block.descendants((node, offset) => {
    visit(node, pos + 1 + offset)
    return !node.isTextblock
  })
}

/** Every display decoration of `doc`, from scratch. */
export function displayDecorations(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = []
  doc.forEach((block, offset) => decorateDisplayBlock(block, offset, decorations))
  return DecorationSet.create(doc, decorations)
}

const displayKey = new PluginKey<DecorationSet>('minutesDisplay')

export function displayPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: displayKey,
    state: {
      init: (_config, state) => displayDecorations(state.doc),
      apply: (tr, prev, oldState, newState) => {
        if (isLanguageRefresh(tr)) return displayDecorations(newState.doc)
        return oldState.doc === newState.doc ? prev : updateBlockDecorations(prev, oldState.doc, newState.doc, decorateDisplayBlock)
      },
    },
    props: { decorations: (state) => displayKey.getState(state) },
  })
}

/** The Tiptap extension adding them. */
export const MinutesDisplay = Extension.create({
  name: 'minutesDisplay',
  addProseMirrorPlugins() {
    return [displayPlugin()]
  },
})
