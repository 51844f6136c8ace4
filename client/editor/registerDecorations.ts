import { Extension, type Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import type { Confirmation, Flag } from '../../shared'
import { confirmationMark, confirmationState, hashedDecision } from './confirmations'
import { updateBlockDecorations } from './changedBlocks'
import { mapRange, resolveAnchor, yContextOf, type PassageRange } from './flagAnchors'
import { isLanguageRefresh } from './languageRefresh'
import { t } from '../i18n'

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

function flagDecorations(doc: PMNode, flags: readonly Flag[], ranges: ReadonlyMap<string, PassageRange | null>): DecorationSet {
  const decorations: Decoration[] = []
  for (const flag of flags) {
    const range = ranges.get(flag.id)
    if (!range || flag.status !== 'open') continue
    decorations.push(Decoration.inline(range.from, range.to, { class: 'flagged-passage', 'data-flag-id': flag.id }))
  }
  // The same (empty) set while nothing is flagged: ProseMirror then skips comparing it.
  return decorations.length ? DecorationSet.create(doc, decorations) : DecorationSet.empty
}

/** The confirmation state of the vedtak in one top-level block (a sak) at `offset`. */
function decisionDecorations(item: PMNode, offset: number, confirmations: ReadonlyMap<string, Confirmation>, out: Decoration[]): void {
  if (item.type.name !== 'agendaItem' || typeof item.attrs.id !== 'string') return
  const confirmation = confirmations.get(item.attrs.id)
  item.forEach((section, sectionOffset) => {
    if (section.type.name !== 'decision') return
    const { hash } = hashedDecision(section)
    const state = confirmationState(hash, confirmation)
    const from = offset + 1 + sectionOffset
    // The innkalling's proposal, untouched and not yet confirmed, is labelled as a proposal
    // (isUnchangedProposal, with the hash cached per node: this runs on every keystroke).
    const proposal = state !== 'confirmed' && hash === section.attrs.proposedTextHash
    out.push(
      Decoration.node(from, from + section.nodeSize, {
        'data-confirmation': state,
        'data-confirmation-label': confirmationMark(state),
        ...(proposal
          ? {
              'data-proposal': 'true',
              'data-proposal-label': t('common.minutes.proposalLabel'),
              // Printed (print.css) as every export words it: not dealt with.
              'data-proposal-print-label': t('common.minutes.proposalPrintLabel'),
            }
          : {}),
      }),
    )
  })
}

function allDecisionDecorations(doc: PMNode, confirmations: ReadonlyMap<string, Confirmation>): DecorationSet {
  const decorations: Decoration[] = []
  doc.forEach((item, offset) => decisionDecorations(item, offset, confirmations, decorations))
  return DecorationSet.create(doc, decorations)
}

function sameRanges(a: ReadonlyMap<string, PassageRange | null>, b: ReadonlyMap<string, PassageRange | null>): boolean {
  if (a === b) return true
  if (a.size !== b.size) return false
  for (const [id, range] of a) {
    const other = b.get(id)
    if (range === other) continue
    if (!range || !other || range.from !== other.from || range.to !== other.to) return false
  }
  return true
}

const decisionsKey = new PluginKey<DecorationSet>('minutesRegisterDecisions')

/**
 * Two plugins: the flags (inline decorations over their passages, and the passages' ranges) and
 * the vedtak's confirmation states (node decorations). Both are plugin state updated per
 * transaction: nothing is recomputed for a transaction that changes neither the document nor the
 * register (remote carets), and a keystroke recomputes the vedtak of the changed sak only.
 */
export const RegisterDecorations = Extension.create({
  name: 'minutesRegister',
  addProseMirrorPlugins() {
    return [
      new Plugin<RegisterDecorationState>({
        key: registerDecorationsKey,
        state: {
          init: () => ({ flags: [], confirmations: new Map(), ranges: EMPTY_RANGES, decorations: DecorationSet.empty }),
          apply: (tr, prev, oldState, newState) => {
            const meta = tr.getMeta(registerDecorationsKey) as RegisterMeta | undefined
            // y-tiptap replaces the whole document for a remote change: positions cannot be
            // mapped through that, so they are resolved again from the relative positions.
            const fromYjs = tr.getMeta(ySyncPluginKey) !== undefined
            if (!meta && !fromYjs && !tr.docChanged) return prev
            const flags = meta?.flags ?? prev.flags
            const confirmations = meta?.confirmations ?? prev.confirmations
            if (flags.length === 0 && prev.flags.length === 0) {
              return confirmations === prev.confirmations ? prev : { ...prev, confirmations }
            }
            const ranges = meta?.flags || fromYjs ? resolveAll(newState, oldState, flags) : tr.docChanged ? mapAll(prev.ranges, tr) : prev.ranges
            const unchanged = flags === prev.flags && sameRanges(ranges, prev.ranges) && oldState.doc === newState.doc
            const decorations = unchanged ? prev.decorations : flagDecorations(newState.doc, flags, ranges)
            return { flags, confirmations, ranges, decorations }
          },
        },
        props: {
          decorations: (state) => registerDecorationsKey.getState(state)?.decorations ?? DecorationSet.empty,
        },
      }),
      new Plugin<DecorationSet>({
        key: decisionsKey,
        state: {
          init: (_config, state) => allDecisionDecorations(state.doc, new Map()),
          apply: (tr, prev, oldState, newState) => {
            const meta = tr.getMeta(registerDecorationsKey) as RegisterMeta | undefined
            if (meta?.confirmations) return allDecisionDecorations(newState.doc, meta.confirmations)
            if (isLanguageRefresh(tr)) {
              return allDecisionDecorations(newState.doc, registerDecorationsKey.getState(newState)?.confirmations ?? new Map<string, Confirmation>())
            }
            if (oldState.doc === newState.doc) return prev
            const confirmations = registerDecorationsKey.getState(newState)?.confirmations ?? new Map<string, Confirmation>()
            return updateBlockDecorations(prev, oldState.doc, newState.doc, (block, pos, out) => decisionDecorations(block, pos, confirmations, out))
          },
        },
        props: { decorations: (state) => decisionsKey.getState(state) },
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
