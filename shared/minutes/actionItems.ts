import { ISO_DATE_PATTERN, MAX_ATTR_TEXT_CHARS, NODE_ID_PATTERN } from '../schema'
import type { JSONContent } from './json'

/** Longest aksjonspunkt text the organ's follow-up list keeps, in characters (longer text is cut). */
export const MAX_ACTION_TEXT_CHARS = 2000
/** Most aksjonspunkter one meeting's minutes contribute to the organ's list (the rest are ignored). */
export const MAX_ACTION_ITEMS_PER_MEETING = 500

/** One aksjonspunkt as read from a meeting's minutes (the document keeps the text; the organ's list keeps the status). */
export interface ExtractedActionItem {
  /**
   * Stable within the meeting: the node's `id` attribute; for a node without a valid one (minutes
   * written before issue 15, or a hand-made client) `x<sak>-<index>` (the sak's id or position,
   * and the item's position in it), which stays the same until the node gets an id of its own.
   */
  readonly itemId: string
  readonly text: string
  readonly owner: string | null
  /** ISO date, or null. */
  readonly dueDate: string | null
  readonly sakNumber: string | null
  readonly sakTitle: string | null
  /** Order in the minutes, from 0. */
  readonly position: number
}

/** A node's children; none when `content` is not a list (a hostile or broken document). */
const children = (node: JSONContent): JSONContent[] => (Array.isArray(node.content) ? node.content : [])
/**
 * The id an aksjonspunkt without one is known by: `x<sak id>-<index>` (the index among the sak's
 * aksjonspunkt nodes, empty ones included). The editor gives such an item this same id when it
 * can (the sak has an id, nothing else has the id), so the organ's list keeps its status.
 */
export function legacyActionItemId(sakId: string, index: number): string {
  return `x${sakId}-${index}`
}

const isSak = (node: JSONContent) => node.type === 'agendaItem' || node.type === 'otherBusiness'

/** The plain text of a node (text nodes joined; a hard break is a space), whitespace collapsed. */
export function plainTextOf(node: JSONContent): string {
  const parts: string[] = []
  const walk = (n: JSONContent, depth: number) => {
    if (depth > 64) return
    if (n.type === 'text' && typeof n.text === 'string') parts.push(n.text)
    else if (n.type === 'hardBreak') parts.push(' ')
    for (const child of children(n)) walk(child, depth + 1)
  }
  walk(node, 0)
  return parts.join('').replace(/\s+/g, ' ').trim()
}

function attrText(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const text = value.replace(/\s+/g, ' ').trim()
  return text && text.length <= MAX_ATTR_TEXT_CHARS ? text : null
}

/** An extracted item with its place: the index of its sak among the saker, and its index among the sak's aksjonspunkt nodes. */
interface PlacedItem extends ExtractedActionItem {
  readonly sakIndex: number
  readonly indexInSak: number
}

/**
 * The aksjonspunkter of a meeting's minutes (ProseMirror JSON of the whole document), in order:
 * text, owner, due date, and the sak they stand in. Items with no text are left out (an empty
 * node the secretary has just inserted). Attribute values that do not pass the schema's checks
 * (a hostile client's) are read as absent. Never throws.
 */
export function extractActionItems(minutes: JSONContent): ExtractedActionItem[] {
  return placedActionItems(minutes).map(({ sakIndex: _s, indexInSak: _i, ...item }) => item)
}

/**
 * The id extractActionItems gives each aksjonspunkt, by its place: key `<sakIndex>:<indexInSak>`
 * (the sak's index among the saker, the item's among the sak's aksjonspunkt nodes, empty ones
 * included). For printing the organ's status beside each item of the minutes. Never throws.
 */
export function actionItemIdsByPlace(minutes: JSONContent): Map<string, string> {
  return new Map(placedActionItems(minutes).map((i) => [`${i.sakIndex}:${i.indexInSak}`, i.itemId]))
}

function placedActionItems(minutes: JSONContent): PlacedItem[] {
  const out: PlacedItem[] = []
  const seen = new Set<string>()
  const saker = children(minutes).filter(isSak)
  saker.forEach((sak, sakIndex) => {
    const sakId = typeof sak.attrs?.id === 'string' && NODE_ID_PATTERN.test(sak.attrs.id) ? sak.attrs.id : `s${sakIndex}`
    const title = children(sak).find((n) => n.type === 'agendaTitle')
    const lists = children(sak).filter((n) => n.type === 'actionItems')
    const items = lists.flatMap(children).filter((n) => n.type === 'actionItem')
    items.forEach((item, index) => {
      if (out.length >= MAX_ACTION_ITEMS_PER_MEETING) return
      const text = plainTextOf(item).slice(0, MAX_ACTION_TEXT_CHARS)
      if (!text) return
      const own = item.attrs?.id
      // A copied node keeps its original's id until the editor gives it a new one: the first wins.
      let itemId = typeof own === 'string' && NODE_ID_PATTERN.test(own) && !seen.has(own) ? own : legacyActionItemId(sakId, index)
      if (seen.has(itemId)) itemId = `x${sakId}-${index}-${out.length}`
      seen.add(itemId)
      const due = item.attrs?.dueDate
      out.push({
        itemId,
        text,
        owner: attrText(item.attrs?.owner),
        dueDate: typeof due === 'string' && ISO_DATE_PATTERN.test(due) ? due : null,
        sakNumber: attrText(sak.attrs?.number),
        sakTitle: title ? plainTextOf(title).slice(0, 500) || null : null,
        position: out.length,
        sakIndex,
        indexInSak: index,
      })
    })
  })
  return out
}
