import { Fragment, type Node as PMNode } from '@tiptap/pm/model'
import { updateYFragment } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import { MAX_TREE_DEPTH } from '../../shared/schema'
import { fragmentToProseMirror } from './toProseMirror'

/**
 * Makes every node's children match its content expression, the way concurrent edits are
 * resolved: children are placed in order with the content match, filling required nodes in
 * front of a child when that lets it fit; a child that cannot be placed is merged into the
 * closest previous sibling of the same type (its content appended, e.g. a second `decision`'s
 * paragraphs go to the first) when that sibling can hold content, and dropped otherwise; missing
 * required nodes at the end are filled with `fillBefore(Fragment.empty, true)`.
 *
 * Pure; returns `node` itself when it is already valid. Recursion is bounded by the tree depth,
 * which the validator has capped at MAX_TREE_DEPTH.
 */
export function repairNode(node: PMNode, depth = 0): PMNode {
  if (node.isTextblock || node.isLeaf || depth > MAX_TREE_DEPTH) return node
  const children: PMNode[] = []
  node.content.forEach((child) => children.push(repairNode(child, depth + 1)))
  const placed: PMNode[] = []
  let match = node.type.contentMatch
  for (const child of children) {
    const direct = match.matchType(child.type)
    if (direct) {
      placed.push(child)
      match = direct
      continue
    }
    const fill = match.fillBefore(Fragment.from(child))
    const afterFill = fill && match.matchFragment(fill)?.matchType(child.type)
    if (fill && afterFill) {
      fill.forEach((n) => placed.push(n))
      placed.push(child)
      match = afterFill
      continue
    }
    mergeOrDrop(placed, child, depth)
  }
  const tail = match.fillBefore(Fragment.empty, true)
  tail?.forEach((n) => placed.push(n))
  const repaired = node.copy(Fragment.fromArray(placed))
  return repaired.eq(node) ? node : repaired
}

function mergeOrDrop(placed: PMNode[], child: PMNode, depth: number): void {
  for (let i = placed.length - 1; i >= 0; i--) {
    const sibling = placed[i]
    if (sibling.type !== child.type) continue
    if (sibling.isLeaf) return
    placed[i] = repairNode(sibling.copy(sibling.content.append(child.content)), depth + 1)
    return
  }
}

/**
 * Repairs the minutes fragment in place, in one transaction with `origin`: converts it to a
 * ProseMirror document (fragmentToProseMirror: unchecked, non-destructive), applies repairNode
 * and writes back only the differences with `updateYFragment`. Returns true when the fragment
 * changed.
 */
export function normalizeMinutes(doc: Y.Doc, fragment: Y.XmlFragment, origin: unknown): boolean {
  let changed = false
  doc.transact(() => {
    const current = fragmentToProseMirror(fragment)
    const repaired = repairNode(current)
    if (repaired === current) return
    updateYFragment(doc, fragment, repaired, { mapping: new Map(), isOMark: new Map() })
    changed = true
  }, origin)
  return changed
}
