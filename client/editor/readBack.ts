import type { Node as PMNode } from '@tiptap/pm/model'
import type { Confirmation } from '../../shared'
import { confirmationState, hashedDecision, type ConfirmationState } from './confirmations'
import { SAK_TYPES } from './queries'

/**
 * The read-back before the chair closes the meeting: every sak with its vedtak and its
 * confirmation state, and every aksjonspunkt with Ansvarlig and Frist. Pure.
 */

export interface ReadBackActionItem {
  readonly text: string
  readonly owner: string | null
  /** ISO date. */
  readonly dueDate: string | null
}

export interface ReadBackItem {
  readonly agendaItemId: string | null
  readonly number: string | null
  readonly title: string
  /** Null for a sak without vedtak (and for Eventuelt). */
  readonly decision: { readonly text: string; readonly state: ConfirmationState; readonly confirmation: Confirmation | null } | null
  readonly actionItems: readonly ReadBackActionItem[]
}

/** The read-back of a minutes document. */
export function readBack(doc: PMNode, confirmations: ReadonlyMap<string, Confirmation>): ReadBackItem[] {
  const out: ReadBackItem[] = []
  doc.forEach((item) => {
    if (!SAK_TYPES.has(item.type.name)) return
    const id = typeof item.attrs.id === 'string' ? item.attrs.id : null
    let decision: ReadBackItem['decision'] = null
    const actionItems: ReadBackActionItem[] = []
    item.forEach((section) => {
      if (section.type.name === 'decision') {
        const { text, hash } = hashedDecision(section)
        const confirmation = id ? (confirmations.get(id) ?? null) : null
        decision = { text, state: confirmationState(hash, confirmation), confirmation }
      }
      if (section.type.name === 'actionItems') {
        section.forEach((entry) => {
          actionItems.push({
            text: entry.textContent,
            owner: (entry.attrs.owner as string | null) ?? null,
            dueDate: (entry.attrs.dueDate as string | null) ?? null,
          })
        })
      }
    })
    out.push({
      agendaItemId: id,
      number: (item.attrs.number as string | null) ?? null,
      title: item.firstChild?.textContent ?? '',
      decision,
      actionItems,
    })
  })
  return out
}

/** How many vedtak are not (or no longer) confirmed. */
export function unconfirmedCount(items: readonly ReadBackItem[]): number {
  return items.filter((i) => i.decision && i.decision.state !== 'confirmed').length
}
