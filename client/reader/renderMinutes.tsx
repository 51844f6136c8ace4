import { createElement, type ReactNode } from 'react'
import * as Y from 'yjs'
import { MARK_DEFS, domAttributes, nodeDef, type NodeDef } from '../../shared/schema'
import { displayAttributes, hintFor } from '../editor'

/**
 * The minutes' Y.XmlFragment as React elements, without ProseMirror: the same tags, classes and
 * data-* attributes the editor renders from `shared/schema` (so minutes.css applies unchanged),
 * the same hints in empty blocks, and the same trailing <br> ProseMirror keeps in an empty
 * textblock (it gives the line its height). Text only ever becomes React text children, never
 * HTML. A node name the schema does not know is skipped with everything inside it, an attribute
 * value its validator refuses is shown as the default, and text outside a textblock is skipped.
 */

/** Deeper than the schema can nest (minutes > sak > narrative > list > item > list ...): skipped. */
export const MAX_READER_DEPTH = 32

/** The class ProseMirror gives the <br> it keeps in an empty textblock. */
const TRAILING_BREAK = 'ProseMirror-trailingBreak'

function isTextblock(def: NodeDef): boolean {
  return def.content === 'text*' || def.content === 'inline*'
}

/** The node's attributes as stored, with every value its validator refuses replaced by the default. */
function validAttrs(def: NodeDef, element: Y.XmlElement): Record<string, unknown> {
  const stored = element.getAttributes() as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [key, attr] of Object.entries(def.attrs ?? {})) {
    const value = stored[key]
    out[key] = value !== undefined && attr.validate(value) ? value : attr.default
  }
  return out
}

/** React props from DOM attributes (`class` is `className` in React). */
function propsOf(attrs: Record<string, string>, key: string | number | undefined): Record<string, unknown> {
  const props: Record<string, unknown> = { key }
  for (const [name, value] of Object.entries(attrs)) props[name === 'class' ? 'className' : name] = value
  return props
}

/** One run of text inside its marks, outermost first in MARK_DEFS order (as ProseMirror nests them). */
function textRun(text: string, marks: Record<string, unknown> | undefined, key: number): ReactNode {
  let out: ReactNode = text
  const applied = MARK_DEFS.filter((mark) => marks?.[mark.name] !== undefined && marks[mark.name] !== null)
  for (let i = applied.length - 1; i >= 0; i--) out = createElement(applied[i].tag, i === 0 ? { key } : null, out)
  return out
}

/**
 * The inline content of a textblock: text runs (with marks where allowed) and hard breaks, and
 * the <br> ProseMirror adds when the block would otherwise have no height or lose its last line
 * (empty, ending in a hard break, or in a newline).
 */
function inlineContent(element: Y.XmlElement, def: NodeDef): ReactNode[] {
  const out: ReactNode[] = []
  const allowMarks = def.marks !== ''
  let last = ''
  let lastIsText = false
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert !== 'string' || op.insert === '') continue
        out.push(textRun(op.insert, allowMarks ? op.attributes : undefined, out.length))
        last = op.insert
        lastIsText = true
      }
    } else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak' && def.content === 'inline*') {
      out.push(createElement('br', { key: out.length }))
      lastIsText = false
    }
  }
  if (!lastIsText || last.endsWith('\n')) out.push(createElement('br', { key: 'trailing', className: TRAILING_BREAK }))
  return out
}

/** True when the textblock holds nothing (ProseMirror's `content.size === 0`). */
function isEmpty(element: Y.XmlElement): boolean {
  return element.toArray().every((child) => child instanceof Y.XmlText && child.length === 0)
}

/**
 * One node of the minutes and everything below it, or null when its name is not in the schema
 * (or it is nested deeper than MAX_READER_DEPTH). `parent` is the element it sits in, for the
 * hints that depend on it (a vedtak's only paragraph says "Vedtakstekst …").
 */
export function renderNode(element: Y.XmlElement, parent: Y.XmlElement | Y.XmlFragment | null, key?: string | number, depth = 0): ReactNode {
  const def = nodeDef(element.nodeName)
  if (!def || def.name === 'text' || def === NODE_TOP || depth > MAX_READER_DEPTH) return null
  const attrs = validAttrs(def, element)
  const dom = { ...domAttributes(def, attrs), ...displayAttributes(def.name, attrs) }
  if (def.leaf) return createElement(def.tag, propsOf(dom, key))
  if (!isTextblock(def)) {
    const children = element.toArray().map((child, i) => (child instanceof Y.XmlElement ? renderNode(child, element, i, depth + 1) : null))
    return createElement(def.tag, propsOf(dom, key), ...children)
  }
  if (!isEmpty(element)) return createElement(def.tag, propsOf(dom, key), ...inlineContent(element, def))
  const parentName = parent instanceof Y.XmlElement ? parent.nodeName : null
  const hint = hintFor(def.name, parentName, parent instanceof Y.XmlElement ? parent.length : 0)
  if (hint) {
    dom.class = dom.class ? `${dom.class} is-empty` : 'is-empty'
    dom['data-placeholder'] = hint
  }
  return createElement(def.tag, propsOf(dom, key), ...inlineContent(element, def))
}

/** The top node (`minutes`): the editor's own element stands for it, it is never rendered inside. */
const NODE_TOP = nodeDef('minutes')
