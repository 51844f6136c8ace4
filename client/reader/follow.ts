import * as Y from 'yjs'
import { canWriteMinutes, isRole } from '../../shared'
import { t } from '../i18n'
import { plainText } from './outline'
import { remoteCarets } from './remoteCarets'
import { topLevelOf } from './useMinutesBlocks'

/**
 * "Følg referenten": whether a reader's view follows the secretary's caret.
 * - `following`: the view keeps the sak the secretary writes in in sight;
 * - `paused`: the reader scrolled, selected or opened a flag while following ("Du følger ikke
 *   lenger referenten — Følg igjen");
 * - `off`: the reader turned it off (or never on: members start here, observers following).
 */
export type FollowMode = 'following' | 'paused' | 'off'

/** What changes the mode: the toggle, "Følg igjen", or the reader's own scroll, selection or flag. */
export type FollowEvent = { type: 'toggle'; on: boolean } | { type: 'resume' } | { type: 'interrupt' }

/** The next mode: an interruption pauses only while following; "Følg igjen" follows again. */
export function nextFollowMode(mode: FollowMode, event: FollowEvent): FollowMode {
  switch (event.type) {
    case 'toggle':
      return event.on ? 'following' : 'off'
    case 'resume':
      return 'following'
    case 'interrupt':
      return mode === 'following' ? 'paused' : mode
  }
}

/** Where the secretary writes: their caret's top-level block (a sak, or the header/attendance). */
export interface WriterPosition {
  readonly clientId: number
  /** The writer's name, as their caret's label shows it. */
  readonly name: string
  /** The block's index among the minutes' top-level blocks. */
  readonly blockIndex: number
  /** The sak's id (`data-id` in both views), null outside a sak or for a sak without one. */
  readonly sakId: string | null
  /** "Sak 5/23 Budsjett", "Eventuelt", or null outside a sak (in the interface language). */
  readonly label: string | null
  /** The sak's number ("5/23") and title, for what the live region says; null and '' outside a sak. */
  readonly sakNumber: string | null
  readonly sakTitle: string
}

/** The sak's number and title, and its label: "Sak 5/23 Budsjett" for an agendaItem, the title for otherBusiness; null outside a sak. */
function sakOf(block: Y.XmlElement): Pick<WriterPosition, 'label' | 'sakNumber' | 'sakTitle'> {
  if (block.nodeName !== 'agendaItem' && block.nodeName !== 'otherBusiness') return { label: null, sakNumber: null, sakTitle: '' }
  const first = block.toArray()[0]
  const title = first instanceof Y.XmlElement ? plainText(first).trim() : ''
  const stored = block.getAttribute('number') as unknown
  const number = typeof stored === 'string' && stored !== '' ? stored : null
  const prefix = number ? t('common.follow.sakLabel', { number }) : ''
  const label = [prefix, title].filter(Boolean).join(' ') || (block.nodeName === 'otherBusiness' ? t('common.follow.otherBusiness') : t('common.follow.theSak'))
  return { label, sakNumber: number, sakTitle: title }
}

/** What the live region says when the writer moved to `position`'s sak: "Referenten skriver i sak 5/23 Budsjett." */
export function writerAnnouncement(position: Pick<WriterPosition, 'label' | 'sakNumber' | 'sakTitle'>): string | null {
  if (position.sakNumber && position.sakTitle) return t('common.follow.writingInSak', { number: position.sakNumber, title: position.sakTitle })
  if (position.sakNumber) return t('common.follow.writingInSakNumber', { number: position.sakNumber })
  return position.label ? t('common.follow.writingIn', { label: position.label }) : null
}

/**
 * The position of the person writing the minutes, read from presence (the awareness states
 * y-tiptap writes), not from the text: the caret of a sekretær, else of another writing role
 * (møteleder). Among several with the same role, `preferClientId` (the one followed so far)
 * keeps its place, else the lowest client id. Null when no writer has a caret in the minutes.
 */
export function writerPosition(
  doc: Y.Doc,
  fragment: Y.XmlFragment,
  states: ReadonlyMap<number, Record<string, unknown>>,
  self: number,
  preferClientId: number | null = null,
): WriterPosition | null {
  let best: { rank: number; position: WriterPosition } | null = null
  for (const caret of remoteCarets(doc, states, self)) {
    const role = (states.get(caret.clientId)?.user as { role?: unknown } | undefined)?.role
    if (!isRole(role) || !canWriteMinutes(role)) continue
    const block = topLevelOf(fragment, caret.text as unknown as Y.AbstractType<unknown>)
    if (!block) continue
    // Lower rank wins: the followed writer, then a sekretær, then a møteleder.
    const rank = (caret.clientId === preferClientId ? 0 : 2) + (role === 'sekretær' ? 0 : 1)
    if (best && (best.rank < rank || (best.rank === rank && best.position.clientId < caret.clientId))) continue
    const id = block.getAttribute('id') as unknown
    best = {
      rank,
      position: {
        clientId: caret.clientId,
        name: caret.name,
        blockIndex: fragment.toArray().indexOf(block),
        sakId: typeof id === 'string' && id !== '' ? id : null,
        ...sakOf(block),
      },
    }
  }
  return best?.position ?? null
}
