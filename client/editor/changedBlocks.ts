import type { Node as PMNode } from '@tiptap/pm/model'
import { Mapping, StepMap } from '@tiptap/pm/transform'
import type { Decoration, DecorationSet } from '@tiptap/pm/view'

/**
 * Which top-level blocks (header, attendance, saker) differ between two documents, found by node
 * identity: ProseMirror and y-tiptap keep the node objects of untouched blocks, so a keystroke in
 * one sak changes one block, also when y-tiptap replaces the whole document for a remote change
 * (a step that mapping cannot see through). Decoration plugins use it to recompute only the
 * changed blocks and keep (shift) the DecorationSet of the rest, so ProseMirror can compare the
 * untouched blocks' decorations by identity instead of walking the whole document.
 */
export interface ChangedBlocks {
  /** Index of the first changed block (same in both documents). */
  readonly fromIndex: number
  /** Index after the last changed block in the old document. */
  readonly toIndexOld: number
  /** Index after the last changed block in the new document. */
  readonly toIndexNew: number
  /** Position before the first changed block (same in both documents). */
  readonly from: number
  /** Position after the last changed block in the old document. */
  readonly toOld: number
  /** Position after the last changed block in the new document. */
  readonly toNew: number
}

/** The changed top-level blocks, or null when the documents have the same blocks. */
export function changedBlocks(oldDoc: PMNode, newDoc: PMNode): ChangedBlocks | null {
  if (oldDoc === newDoc) return null
  const a = oldDoc.content
  const b = newDoc.content
  const min = Math.min(a.childCount, b.childCount)
  let start = 0
  let from = 0
  while (start < min && a.child(start) === b.child(start)) from += a.child(start++).nodeSize
  if (start === a.childCount && start === b.childCount) return null
  let endA = a.childCount
  let endB = b.childCount
  let tail = 0
  while (endA > start && endB > start && a.child(endA - 1) === b.child(endB - 1)) {
    endA--
    endB--
    tail += a.child(endA).nodeSize
  }
  return { fromIndex: start, toIndexOld: endA, toIndexNew: endB, from, toOld: a.size - tail, toNew: b.size - tail }
}

/**
 * `set` (of `oldDoc`) for `newDoc`: the decorations of unchanged blocks kept (shifted), those of
 * changed blocks replaced by `build(block, pos)` for each changed block of the new document.
 * Returns `set` itself when no block changed.
 */
export function updateBlockDecorations(
  set: DecorationSet,
  oldDoc: PMNode,
  newDoc: PMNode,
  build: (block: PMNode, pos: number, out: Decoration[]) => void,
): DecorationSet {
  const changed = changedBlocks(oldDoc, newDoc)
  if (!changed) return set
  const { from, toOld, toNew, fromIndex, toIndexNew } = changed
  const stale = set.find(from, toOld, () => true).filter((d) => d.from >= from && d.to <= toOld)
  let next = stale.length ? set.remove(stale) : set
  if (toOld !== toNew) {
    next = next.map(new Mapping([new StepMap([from, toOld - from, toNew - from])]), newDoc)
  }
  const fresh: Decoration[] = []
  let pos = from
  for (let i = fromIndex; i < toIndexNew; i++) {
    const block = newDoc.child(i)
    build(block, pos, fresh)
    pos += block.nodeSize
  }
  return fresh.length ? next.add(newDoc, fresh) : next
}

