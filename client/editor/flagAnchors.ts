import type { Node as PMNode, Schema } from '@tiptap/pm/model'
import type { EditorState, Transaction } from '@tiptap/pm/state'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import { fromBase64, toBase64 } from 'lib0/buffer'
import * as Y from 'yjs'
import { MAX_FLAG_TEXT_CHARS } from '../../shared'
import { SAK_TYPES } from './queries'

/**
 * A flagged passage as Yjs relative positions in the minutes fragment, so it stays on the same
 * characters while others type around it. Pure apart from reading the Y.Doc: everything here
 * works on a Y.Doc, its fragment and the y-tiptap mapping, with or without an editor view.
 */

/** y-tiptap's map from Y types to the ProseMirror nodes rendered from them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ProsemirrorMapping = Map<Y.AbstractType<any>, PMNode | PMNode[]>

/** What resolving relative positions needs: the Y.Doc, the fragment and y-tiptap's mapping. */
export interface YContext {
  readonly doc: Y.Doc
  readonly type: Y.XmlFragment
  readonly mapping: ProsemirrorMapping
}

/** A passage as ProseMirror positions, `from < to`. */
export interface PassageRange {
  readonly from: number
  readonly to: number
}

/** The anchor of a flag as stored: base64 of `Y.encodeRelativePosition`. */
export interface EncodedAnchor {
  readonly start: string
  readonly end: string
}

/** The y-tiptap binding of an editor state (null before the binding exists). */
export function yContextOf(state: EditorState): YContext | null {
  const binding = ySyncPluginKey.getState(state)?.binding as
    | { doc: Y.Doc; type: Y.XmlFragment; mapping: ProsemirrorMapping }
    | null
    | undefined
  return binding ? { doc: binding.doc, type: binding.type, mapping: binding.mapping } : null
}

/** base64 of an encoded relative position. */
export function encodeRelativePosition(position: Y.RelativePosition): string {
  return toBase64(Y.encodeRelativePosition(position))
}

/** The relative position of a stored string, or null when it is not one. */
export function decodeRelativePosition(text: string): Y.RelativePosition | null {
  if (!/^[A-Za-z0-9+/]{2,2048}={0,2}$/.test(text)) return null
  try {
    return Y.decodeRelativePosition(fromBase64(text))
  } catch {
    return null
  }
}

/** The anchor of the passage `from`–`to` in the current document. */
export function anchorFor(ctx: YContext, range: PassageRange): EncodedAnchor {
  return {
    start: encodeRelativePosition(absolutePositionToRelativePosition(range.from, ctx.type, ctx.mapping)),
    end: encodeRelativePosition(absolutePositionToRelativePosition(range.to, ctx.type, ctx.mapping)),
  }
}

/**
 * Where an anchored passage is now; null when it cannot be found or nothing of it is left (the
 * secretary deleted the text).
 */
export function resolveAnchor(ctx: YContext, anchor: EncodedAnchor, docSize: number): PassageRange | null {
  const start = decodeRelativePosition(anchor.start)
  const end = decodeRelativePosition(anchor.end)
  if (!start || !end) return null
  const from = relativePositionToAbsolutePosition(ctx.doc, ctx.type, start, ctx.mapping)
  const to = relativePositionToAbsolutePosition(ctx.doc, ctx.type, end, ctx.mapping)
  if (from === null || to === null || from >= to || to > docSize) return null
  return { from, to }
}

/** A range mapped through a local transaction; null once nothing of it is left. */
export function mapRange(range: PassageRange, tr: Transaction): PassageRange | null {
  // Typing at either edge stays outside the passage.
  const from = tr.mapping.map(range.from, 1)
  const to = tr.mapping.map(range.to, -1)
  return from < to ? { from, to } : null
}

/** The text of a passage as a flag quotes it (blocks separated by a line break). */
export function passageText(doc: PMNode, range: PassageRange): string {
  return doc.textBetween(range.from, range.to, '\n', ' ')
}

/** What the flag dialog needs to know about the selected passage. */
export interface Passage extends PassageRange {
  readonly quote: string
  /** The sak (agendaItem or Eventuelt) the passage starts in, or null (header, attendance). */
  readonly agendaItemId: string | null
  /** Within one textblock: only then can a proposed text replace it. */
  readonly singleBlock: boolean
}

/** The passage of a non-empty selection `from`–`to`; null when it holds no text. */
export function passageAt(doc: PMNode, range: PassageRange): Passage | null {
  const quote = passageText(doc, range).trim()
  if (!quote) return null
  const $from = doc.resolve(range.from)
  const $to = doc.resolve(range.to)
  const sak = $from.depth >= 1 ? $from.node(1) : null
  const agendaItemId = sak && SAK_TYPES.has(sak.type.name) && typeof sak.attrs.id === 'string' ? sak.attrs.id : null
  return {
    ...range,
    quote: quote.slice(0, MAX_FLAG_TEXT_CHARS),
    agendaItemId,
    singleBlock: $from.sameParent($to) && $from.parent.isTextblock,
  }
}

/**
 * Replaces the passage with `text` in one transaction (Godta forslaget). Line breaks become
 * hard breaks where the block allows them, spaces elsewhere. Null when the range is not inside
 * one textblock any more.
 */
export function replacePassage(state: EditorState, range: PassageRange, text: string): Transaction | null {
  const $from = state.doc.resolve(range.from)
  const $to = state.doc.resolve(range.to)
  if (!$from.sameParent($to) || !$from.parent.isTextblock) return null
  const nodes = textNodes(state.schema, text, $from.parent.type.contentMatch.matchType(state.schema.nodes.hardBreak) !== null)
  const marks = $from.marks()
  const tr = state.tr.replaceWith(range.from, range.to, nodes.map((n) => (n.isText ? n.mark(marks) : n)))
  return tr
}

function textNodes(schema: Schema, text: string, allowBreaks: boolean): PMNode[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  if (!allowBreaks) {
    const flat = lines.join(' ')
    return flat ? [schema.text(flat)] : []
  }
  const out: PMNode[] = []
  lines.forEach((line, i) => {
    if (i > 0) out.push(schema.nodes.hardBreak.create())
    if (line) out.push(schema.text(line))
  })
  return out
}
