/**
 * What the reader hands to the editor when the editor takes over the page: where the selection
 * was (as text offsets within a top-level block, which both render from the same fragment),
 * whether the minutes had the focus, the page's scroll, and whether the person asked to flag.
 */
export interface Handoff {
  readonly selection: { readonly anchor: TextPoint; readonly head: TextPoint } | null
  readonly focus: boolean
  readonly flag: boolean
  readonly scrollY: number
}

/** A point in the minutes: the top-level block's index and the characters of text before it there. */
export interface TextPoint {
  readonly block: number
  readonly offset: number
}

/** Others' carets carry their name as text: it is not part of the minutes. */
const CARET_SELECTOR = '.collaboration-carets__caret'

/** The characters of the minutes' text in `block` before the DOM point (`node`, `offset`). */
function textBefore(block: Node, node: Node, offset: number): number {
  const doc = block.ownerDocument!
  const end = doc.createRange()
  end.setStart(node, offset)
  const walker = doc.createTreeWalker(block, NodeFilter.SHOW_TEXT)
  let count = 0
  for (let text = walker.nextNode() as Text | null; text; text = walker.nextNode() as Text | null) {
    if (text.parentElement?.closest(CARET_SELECTOR)) continue
    if (text === node) return count + offset
    // A text that starts after the point ends the count.
    if (end.comparePoint(text, 0) > 0) break
    count += text.length
  }
  return count
}

/** The point of a DOM position inside `root` (the reader's minutes element), or null outside it. */
export function textPointAt(root: HTMLElement, node: Node, offset: number): TextPoint | null {
  if (!root.contains(node) || node === root) return null
  let block: Node = node
  while (block.parentNode !== root) block = block.parentNode!
  return { block: Array.prototype.indexOf.call(root.children, block), offset: textBefore(block, node, offset) }
}

/** The handoff from the page's current selection, focus and scroll. */
export function captureHandoff(root: HTMLElement | null, flag: boolean): Handoff {
  const doc = root?.ownerDocument ?? document
  const selection = doc.getSelection()
  let points: Handoff['selection'] = null
  if (root && selection && selection.anchorNode && selection.focusNode) {
    const anchor = textPointAt(root, selection.anchorNode, selection.anchorOffset)
    const head = textPointAt(root, selection.focusNode, selection.focusOffset)
    if (anchor && head) points = { anchor, head }
  }
  // A passage selected while nothing else had the focus stays visible only in a focused editor.
  const idle = doc.activeElement === null || doc.activeElement === doc.body
  const focus = root !== null && (root.contains(doc.activeElement) || (idle && points !== null && !selection!.isCollapsed))
  return { selection: points, focus, flag, scrollY: doc.defaultView?.scrollY ?? 0 }
}

/** True when the page's selection is a passage (not just a caret) inside `root`. */
export function hasPassageIn(root: HTMLElement | null): boolean {
  const selection = root?.ownerDocument.getSelection()
  return Boolean(root && selection && !selection.isCollapsed && selection.anchorNode && root.contains(selection.anchorNode) && selection.focusNode && root.contains(selection.focusNode))
}
