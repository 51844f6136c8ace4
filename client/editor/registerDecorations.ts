import { Extension, type Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import type { Confirmation, Flag } from '../../shared'
import { confirmationState, hashedDecision } from './confirmations'
import { mapRange, resolveAnchor, yContextOf, type PassageRange } from './flagAnchors'

/**
 * Shows the register in the minutes: flagged passages highlighted (anchored by Yjs relative
 * positions, so they move with the text) and each vedtak marked with its confirmation state, and
 * as "Forslag til vedtak" while it is the innkalling's unchanged, unconfirmed proposal.
 * React passes the flags and confirmations in with `setRegisterDecorations`; the editor keeps
 * the passages' current ranges, which the margin reads with `flagRanges`.
 */

interface RegisterDecorationState {
  readonly flags: readonly Flag[]
  readonly confirmations: ReadonlyMap<string, Confirmation>
  /** flag id → its passage now, or null when nothing of it is left. */
  readonly ranges: ReadonlyMap<string, PassageRange | null>
  readonly decorations: DecorationSet
}

interface RegisterMeta {
  readonly flags?: readonly Flag[]
  readonly confirmations?: ReadonlyMap<string, Confirmation>
}

export const registerDecorationsKey = new PluginKey<RegisterDecorationState>('minutesRegister')

const EMPTY_RANGES: ReadonlyMap<string, PassageRange | null> = new Map()

function resolveAll(state: EditorState, fallback: EditorState, flags: readonly Flag[]): Map<string, PassageRange | null> {
  const ctx = yContextOf(state) ?? yContextOf(fallback)
  const out = new Map<string, PassageRange | null>()
  for (const flag of flags) out.set(flag.id, ctx ? resolveAnchor(ctx, flag.anchor, state.doc.content.size) : null)
  return out
}

function mapAll(ranges: ReadonlyMap<string, PassageRange | null>, tr: Transaction): Map<string, PassageRange | null> {
  const out = new Map<string, PassageRange | null>()
  for (const [id, range] of ranges) out.set(id, range ? mapRange(range, tr) : null)
  return out
}

function buildDecorations(
  doc: PMNode,
  flags: readonly Flag[],
  ranges: ReadonlyMap<string, PassageRange | null>,
  confirmations: ReadonlyMap<string, Confirmation>,
): DecorationSet {
  const decorations: Decoration[] = []
  for (const flag of flags) {
    const range = ranges.get(flag.id)
    if (!range || flag.status !== 'open') continue
    decorations.push(Decoration.inline(range.from, range.to, { class: 'flagged-passage', 'data-flag-id': flag.id }))
  }
  doc.forEach((item, offset) => {
    if (item.type.name !== 'agendaItem' || typeof item.attrs.id !== 'string') return
    item.forEach((section, sectionOffset) => {
      if (section.type.name !== 'decision') return
      const { hash } = hashedDecision(section)
      const state = confirmationState(hash, confirmations.get(item.attrs.id))
      const from = offset + 1 + sectionOffset
      // The innkalling's proposal, untouched and not yet confirmed, is labelled as a proposal
      // (isUnchangedProposal, with the hash cached per node: this runs on every keystroke).
      const proposal = state !== 'confirmed' && hash === section.attrs.proposedTextHash
      decorations.push(Decoration.node(from, from + section.nodeSize, { 'data-confirmation': state, ...(proposal ? { 'data-proposal': 'true' } : {}) }))
    })
  })
  return DecorationSet.create(doc, decorations)
}

export const RegisterDecorations = Extension.create({
  name: 'minutesRegister',
  addProseMirrorPlugins() {
    return [
      new Plugin<RegisterDecorationState>({
        key: registerDecorationsKey,
        state: {
          init: (_config, state) => ({
            flags: [],
            confirmations: new Map(),
            ranges: EMPTY_RANGES,
            decorations: buildDecorations(state.doc, [], EMPTY_RANGES, new Map()),
          }),
          apply: (tr, prev, oldState, newState) => {
            const meta = tr.getMeta(registerDecorationsKey) as RegisterMeta | undefined
            // y-tiptap replaces the whole document for a remote change: positions cannot be
            // mapped through that, so they are resolved again from the relative positions.
            const fromYjs = tr.getMeta(ySyncPluginKey) !== undefined
            if (!meta && !fromYjs && !tr.docChanged) return prev
            const flags = meta?.flags ?? prev.flags
            const confirmations = meta?.confirmations ?? prev.confirmations
            const ranges = meta?.flags || fromYjs ? resolveAll(newState, oldState, flags) : tr.docChanged ? mapAll(prev.ranges, tr) : prev.ranges
            return { flags, confirmations, ranges, decorations: buildDecorations(newState.doc, flags, ranges, confirmations) }
          },
        },
        props: {
          decorations: (state) => registerDecorationsKey.getState(state)?.decorations ?? DecorationSet.empty,
        },
      }),
    ]
  },
})

/** Hands the flags to highlight and the confirmations to the editor. */
export function setRegisterDecorations(editor: Editor, meta: RegisterMeta): void {
  if (editor.isDestroyed) return
  editor.view.dispatch(editor.state.tr.setMeta(registerDecorationsKey, meta).setMeta('addToHistory', false))
}

/** The current passage of every flag the editor knows (null: nothing of it is left). */
export function flagRanges(state: EditorState): ReadonlyMap<string, PassageRange | null> {
  return registerDecorationsKey.getState(state)?.ranges ?? EMPTY_RANGES
}
