/** ProseMirror's JSON form of a node, as `Node.toJSON()` writes it. */
export interface JSONContent {
  type: string
  attrs?: Record<string, unknown>
  content?: JSONContent[]
  marks?: { type: string; attrs?: Record<string, unknown> }[]
  text?: string
}
