import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { TextSelection } from '@tiptap/pm/state'

/** A point as the light reader saw it: a top-level block and the characters of text before it there. */
export interface BlockTextPoint {
  readonly block: number
  readonly offset: number
}

/**
 * The document position of a reader's point: inside top-level block `block`, after `offset`
 * characters of its text. A point between two textblocks' text (the end of a sak's title is also
 * the start of its narrative) is the start of the later one with `bias` 'after', the end of the
 * earlier one with 'before'. Past the block's text it is the end of its text; null when there is
 * no such block (the document changed meanwhile).
 */
export function posOfTextPoint(doc: PMNode, point: BlockTextPoint, bias: 'before' | 'after' = 'after'): number | null {
  if (!Number.isInteger(point.block) || point.block < 0 || point.block >= doc.childCount) return null
  let start = 0
  for (let i = 0; i < point.block; i++) start += doc.child(i).nodeSize
  const block = doc.child(point.block)
  let remaining = Math.max(0, point.offset)
  let found: number | null = null
  let lastTextEnd: number | null = null
  block.descendants((node, pos) => {
    if (found !== null) return false
    if (!node.isText) return true
    const length = node.text?.length ?? 0
    const at = start + 1 + pos
    if (remaining < length || (bias === 'before' && remaining === length)) found = at + remaining
    else remaining -= length
    lastTextEnd = at + length
    return false
  })
  return found ?? lastTextEnd ?? start + block.nodeSize - 1
}

/** Puts the reader's selection into the editor (direction kept); false when it cannot be placed. */
export function selectTextPoints(editor: Editor, anchor: BlockTextPoint, head: BlockTextPoint): boolean {
  const { doc } = editor.state
  // The passage's start leans into the text after it, its end into the text before it: the
  // selection then holds exactly the characters the reader had selected.
  const forward = anchor.block < head.block || (anchor.block === head.block && anchor.offset <= head.offset)
  const collapsed = anchor.block === head.block && anchor.offset === head.offset
  const from = posOfTextPoint(doc, anchor, forward || collapsed ? 'after' : 'before')
  const to = posOfTextPoint(doc, head, forward && !collapsed ? 'before' : 'after')
  if (from === null || to === null) return false
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.between(doc.resolve(from), doc.resolve(to))))
  return true
}
