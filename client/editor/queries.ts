import type { Node as PMNode, ResolvedPos } from '@tiptap/pm/model'
import type { EditorState } from '@tiptap/pm/state'

/**
 * Read-only questions about a minutes document. Pure; positions are ProseMirror positions.
 * Agenda items (`agendaItem`, `otherBusiness`) are always direct children of the top node.
 */

/** The two kinds of sak blocks. */
export const SAK_TYPES: ReadonlySet<string> = new Set(['agendaItem', 'otherBusiness'])

/** One entry of the agenda (saksliste). */
export interface AgendaEntry {
  /** Position before the block in the document. */
  readonly pos: number
  readonly kind: 'agendaItem' | 'otherBusiness'
  readonly id: string | null
  readonly number: string | null
  /** "PS" / "RS" before the number; null when the body has no series. */
  readonly prefix: string | null
  readonly title: string
  readonly caseType: string | null
}

/** Every sak in document order. */
export function listAgendaItems(doc: PMNode): AgendaEntry[] {
  const out: AgendaEntry[] = []
  doc.forEach((node, offset) => {
    if (!SAK_TYPES.has(node.type.name)) return
    out.push({
      pos: offset,
      kind: node.type.name as AgendaEntry['kind'],
      id: (node.attrs.id as string | null) ?? null,
      number: (node.attrs.number as string | null) ?? null,
      prefix: (node.attrs.prefix as string | null | undefined) || null,
      title: node.firstChild?.textContent ?? '',
      caseType: (node.attrs.caseType as string | null | undefined) ?? null,
    })
  })
  return out
}

/** Position of the sak block the selection is in, or null (header, attendance). */
export function currentSakPos(state: EditorState): number | null {
  const { $from } = state.selection
  if ($from.depth < 1) return null
  return SAK_TYPES.has($from.node(1).type.name) ? $from.before(1) : null
}

/** The innermost ancestor of `$pos` (including its parent) of type `typeName`, with its position. */
export function findAncestor(
  $pos: ResolvedPos,
  typeName: string,
): { node: PMNode; pos: number; depth: number } | null {
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth)
    if (node.type.name === typeName) return { node, pos: $pos.before(depth), depth }
  }
  return null
}

/** Position at the end of the last textblock inside the node at `pos`, or null if it has none. */
export function lastTextblockEnd(doc: PMNode, pos: number): number | null {
  const node = doc.nodeAt(pos)
  if (!node) return null
  if (node.isTextblock) return pos + node.nodeSize - 1
  let end: number | null = null
  node.descendants((child, offset) => {
    if (child.isTextblock) end = pos + 1 + offset + child.nodeSize - 1
    return !child.isTextblock
  })
  return end
}

/** The first child of the node at `pos` with type `typeName`, as a position, or null. */
export function childPos(doc: PMNode, pos: number, typeName: string): number | null {
  const node = doc.nodeAt(pos)
  if (!node) return null
  let found: number | null = null
  node.forEach((child, offset) => {
    if (found === null && child.type.name === typeName) found = pos + 1 + offset
  })
  return found
}

/** "18/23" after "17/23"; null when `number` is not a sak number. */
export function nextAgendaNumber(number: string | null): string | null {
  const m = /^(\d{1,3})\/(\d{2})$/.exec(number ?? '')
  if (!m) return null
  const next = Number(m[1]) + 1
  return next > 999 ? null : `${next}/${m[2]}`
}
