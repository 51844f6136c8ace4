import { createElement, type ReactNode } from 'react'
import * as Y from 'yjs'
import { hashDecisionText, type Confirmation } from '../../shared'
import { MARK_DEFS, domAttributes, nodeDef, type NodeDef } from '../../shared/schema'
import { confirmationMark, confirmationState, displayAttributes, hintFor } from '../editor'
import { t } from '../i18n'
import { plainText } from './outline'
import type { CaretsByText, RemoteCaret } from './remoteCarets'

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

/** A piece of inline content: text or a hard break, with the names of its marks in MARK_DEFS order. */
interface Run {
  readonly node: ReactNode
  readonly marks: readonly string[]
}

const MARK_TAGS = new Map(MARK_DEFS.map((mark) => [mark.name, mark.tag]))

/**
 * Runs nested in their marks as ProseMirror's serializer nests them: a mark stays open over
 * consecutive runs that share it ("<strong>fet <em>og kursiv</em></strong>"), outermost first.
 * Every run shares the marks before `depth`.
 */
function nestRuns(runs: readonly Run[], depth: number): ReactNode[] {
  const out: ReactNode[] = []
  let i = 0
  while (i < runs.length) {
    const mark = runs[i].marks[depth]
    if (mark === undefined) {
      out.push(runs[i++].node)
      continue
    }
    let j = i
    while (j < runs.length && runs[j].marks[depth] === mark) j++
    out.push(createElement(MARK_TAGS.get(mark)!, { key: `m${i}` }, ...nestRuns(runs.slice(i, j), depth + 1)))
    i = j
  }
  return out
}

/** The names of the schema's marks set in a delta's attributes, in MARK_DEFS order. */
function marksOf(attributes: Record<string, unknown> | undefined): string[] {
  if (!attributes) return []
  return MARK_DEFS.filter((mark) => attributes[mark.name] !== undefined && attributes[mark.name] !== null).map((mark) => mark.name)
}

/**
 * The inline content of a textblock: text runs (with marks where allowed) and hard breaks, and
 * the <br> ProseMirror adds when the block would otherwise have no height or lose its last line
 * (empty, ending in a hard break, or in a newline).
 */
function inlineContent(element: Y.XmlElement, def: NodeDef, carets: CaretsByText): ReactNode[] {
  const runs: Run[] = []
  const allowMarks = def.marks !== ''
  let last = ''
  let lastIsText = false
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      const waiting = [...(carets.get(child) ?? [])]
      let at = 0
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert !== 'string' || op.insert === '') continue
        const marks = allowMarks ? marksOf(op.attributes) : []
        let from = 0
        // Carets inside this run split it, as the editor's widget decorations do.
        while (waiting.length > 0 && waiting[0].index < at + op.insert.length) {
          const cut = Math.max(0, waiting[0].index - at)
          if (cut > from) runs.push({ node: op.insert.slice(from, cut), marks })
          runs.push({ node: caretElement(waiting.shift()!), marks: [] })
          from = cut
        }
        if (from < op.insert.length) runs.push({ node: op.insert.slice(from), marks })
        at += op.insert.length
        last = op.insert
        lastIsText = from < op.insert.length
      }
      for (const caret of waiting) runs.push({ node: caretElement(caret), marks: [] })
      if (waiting.length > 0) lastIsText = false
    } else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak' && def.content === 'inline*') {
      runs.push({ node: createElement('br', { key: `b${runs.length}` }), marks: [] })
      lastIsText = false
    }
  }
  const out = nestRuns(runs, 0)
  if (!lastIsText || last.endsWith('\n')) out.push(createElement('br', { key: 'trailing', className: TRAILING_BREAK }))
  return out
}

/** Another person's caret: a line in their colour with their name (minutes.css), as the editor draws it. */
function caretElement(caret: RemoteCaret): ReactNode {
  return createElement(
    'span',
    { key: `caret-${caret.clientId}`, className: 'collaboration-carets__caret', style: { borderColor: caret.color }, 'aria-hidden': 'true' },
    createElement('span', { className: 'collaboration-carets__label', style: { backgroundColor: caret.color } }, caret.name),
  )
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
export function renderNode(
  element: Y.XmlElement,
  parent: Y.XmlElement | Y.XmlFragment | null,
  context: ReaderContext,
  key?: string | number,
  depth = 0,
): ReactNode {
  const def = nodeDef(element.nodeName)
  if (!def || def.name === 'text' || def === NODE_TOP || depth > MAX_READER_DEPTH) return null
  const attrs = validAttrs(def, element)
  const dom = { ...domAttributes(def, attrs), ...displayAttributes(def.name, attrs) }
  if (def.name === 'decision') Object.assign(dom, decisionAttributes(element, parent, context))
  if (def.leaf) return createElement(def.tag, propsOf(dom, key))
  if (!isTextblock(def)) {
    const children = element.toArray().map((child, i) => (child instanceof Y.XmlElement ? renderNode(child, element, context, i, depth + 1) : null))
    return createElement(def.tag, propsOf(dom, key), ...children)
  }
  if (!isEmpty(element)) return createElement(def.tag, propsOf(dom, key), ...inlineContent(element, def, context.carets))
  const parentName = parent instanceof Y.XmlElement ? parent.nodeName : null
  const hint = hintFor(def.name, parentName, parent instanceof Y.XmlElement ? parent.length : 0)
  // The editor's hints may live in its own catalogue, which the light reader does not load: until
  // it has arrived, a hint would be its raw key, so none is shown.
  if (hint && !hint.startsWith('editor.')) {
    dom.class = dom.class ? `${dom.class} is-empty` : 'is-empty'
    dom['data-placeholder'] = hint
  }
  return createElement(def.tag, propsOf(dom, key), ...inlineContent(element, def, context.carets))
}

/** What is drawn over the minutes: the vedtak confirmations (by the sak's id) and others' carets. */
export interface ReaderContext {
  readonly confirmations: ReadonlyMap<string, Confirmation>
  readonly carets: CaretsByText
}

/**
 * A vedtak's confirmation state and whether it is still the innkalling's proposal, as the
 * editor's register decorations mark it (`data-confirmation`, `data-proposal`; minutes.css shows
 * "Ikke bekreftet", "Bekreftet", "Forslag til vedtak").
 */
function decisionAttributes(decision: Y.XmlElement, parent: Y.XmlElement | Y.XmlFragment | null, context: ReaderContext): Record<string, string> {
  if (!(parent instanceof Y.XmlElement) || parent.nodeName !== 'agendaItem') return {}
  const id = parent.getAttribute('id') as unknown
  if (typeof id !== 'string') return {}
  const text = decision
    .toArray()
    .map((paragraph) => (paragraph instanceof Y.XmlElement ? plainText(paragraph) : ''))
    .join('\n\n')
  const hash = hashDecisionText(text)
  const state = confirmationState(hash, context.confirmations.get(id))
  const proposal = state !== 'confirmed' && hash === decision.getAttribute('proposedTextHash')
  // The marks in the interface language, as the editor's decorations give them (minutes.css shows them).
  const marks = { 'data-confirmation': state, 'data-confirmation-label': confirmationMark(state) }
  return proposal ? { ...marks, 'data-proposal': 'true', 'data-proposal-label': t('common.minutes.proposalLabel') } : marks
}

/** The top node (`minutes`): the editor's own element stands for it, it is never rendered inside. */
const NODE_TOP = nodeDef('minutes')
