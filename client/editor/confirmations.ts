import type { Node as PMNode } from '@tiptap/pm/model'
import { decisionText, hashDecisionText, type Confirmation } from '../../shared'
import { t } from '../i18n'

/**
 * Whether the chair's confirmation of a vedtak still holds, computed from the text as it is now.
 * Pure: the editor calls it on every change, so a confirmation is void the moment its text
 * differs by one character.
 */

/** Ikke bekreftet / Bekreftet / Endret etter bekreftelse. */
export type ConfirmationState = 'unconfirmed' | 'confirmed' | 'changed'

/** The state of a vedtak whose current text hashes to `currentHash`. */
export function confirmationState(currentHash: string, confirmation: Confirmation | null | undefined): ConfirmationState {
  if (!confirmation) return 'unconfirmed'
  return confirmation.textHash === currentHash ? 'confirmed' : 'changed'
}

/** The short text of a state in the interface language (read when used), as the margin and the read-back show it. */
export const CONFIRMATION_LABEL: Readonly<Record<ConfirmationState, string>> = {
  get unconfirmed() {
    return t('editor.confirmation.unconfirmed')
  },
  get confirmed() {
    return t('editor.confirmation.confirmed')
  },
  get changed() {
    return t('editor.confirmation.changed')
  },
}

/** One vedtak of the minutes with its confirmation state. */
export interface DecisionStatus {
  readonly agendaItemId: string
  /** Position of the agendaItem in the document. */
  readonly pos: number
  readonly number: string | null
  readonly title: string
  readonly text: string
  readonly hash: string
  readonly state: ConfirmationState
  readonly confirmation: Confirmation | null
}

// PM nodes are immutable: a decision node that did not change keeps its hash.
const hashCache = new WeakMap<PMNode, { text: string; hash: string }>()

/** decisionText and its hash, computed once per node. */
export function hashedDecision(decision: PMNode): { text: string; hash: string } {
  let cached = hashCache.get(decision)
  if (!cached) {
    const text = decisionText(decision)
    cached = { text, hash: hashDecisionText(text) }
    hashCache.set(decision, cached)
  }
  return cached
}

/** Every vedtak (of an agendaItem with an id) in document order, with its state. */
export function decisionStatuses(doc: PMNode, confirmations: ReadonlyMap<string, Confirmation>): DecisionStatus[] {
  const out: DecisionStatus[] = []
  doc.forEach((item, offset) => {
    if (item.type.name !== 'agendaItem' || typeof item.attrs.id !== 'string') return
    item.forEach((section) => {
      if (section.type.name !== 'decision') return
      const { text, hash } = hashedDecision(section)
      const confirmation = confirmations.get(item.attrs.id) ?? null
      out.push({
        agendaItemId: item.attrs.id,
        pos: offset,
        number: (item.attrs.number as string | null) ?? null,
        title: item.firstChild?.textContent ?? '',
        text,
        hash,
        state: confirmationState(hash, confirmation),
        confirmation,
      })
    })
  })
  return out
}

/** True when two lists say the same (for React state selectors). */
export function sameDecisionStatuses(a: readonly DecisionStatus[], b: readonly DecisionStatus[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]
      return (
        // Not the position: typing in an earlier sak shifts it, and nothing shows it.
        x.agendaItemId === y.agendaItemId &&
        x.hash === y.hash &&
        x.state === y.state &&
        x.number === y.number &&
        x.title === y.title &&
        x.confirmation === y.confirmation
      )
    })
  )
}

/** The mark under a vedtak ("✓ Bekreftet av møteleder") in the interface language, shown by CSS. */
export function confirmationMark(state: ConfirmationState): string {
  switch (state) {
    case 'confirmed':
      return t('common.minutes.mark.confirmed')
    case 'changed':
      return t('common.minutes.mark.changed')
    default:
      return t('common.minutes.mark.unconfirmed')
  }
}
