import type { ContentMatch } from '@tiptap/pm/model'
import * as Y from 'yjs'
import { CLOSE, ProtocolError } from '../../shared/protocol'
import { MAX_TREE_DEPTH } from '../../shared/schema'
import { TOP_NODE_RULES, nodeRules, type NodeRules } from './schemaRules'

/** Outcome of a transaction that passed the allow-list checks. */
export interface ValidationResult {
  /**
   * Elements whose children no longer match their content expression, described for the log.
   * Concurrent valid edits can cause this; the caller repairs it (see normalizeMinutes).
   */
  readonly shapeErrors: string[]
}

type ParentType = Y.XmlFragment | Y.XmlElement
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type
type AnyType = Y.AbstractType<any>

const reject = (detail: string): never => {
  throw new ProtocolError(CLOSE.updateRejected, detail)
}

/** "minutes > agendaItem > decision", walking up at most MAX_TREE_DEPTH levels. */
function pathOf(type: ParentType): string {
  const names: string[] = []
  let current: AnyType | null = type as AnyType
  for (let i = 0; current && i <= MAX_TREE_DEPTH; i++) {
    names.unshift(current instanceof Y.XmlElement ? current.nodeName : 'minutes')
    current = current._item ? (current._item.parent as AnyType) : null
  }
  return names.join(' > ')
}

/**
 * Depth of `type` below `fragment` (the fragment's children are depth 1). Rejects types outside
 * the fragment, types stored as map values, and depths past MAX_TREE_DEPTH; the walk is bounded.
 */
function depthBelow(type: AnyType, fragment: Y.XmlFragment): number {
  let current = type
  for (let depth = 0; depth <= MAX_TREE_DEPTH + 1; depth++) {
    if (current === (fragment as AnyType)) return depth
    const item = current._item
    if (!item) return reject('change outside the minutes fragment')
    if (item.parentSub !== null) return reject(`shared type stored as attribute "${item.parentSub}"`)
    current = item.parent as AnyType
  }
  return reject(`nesting deeper than ${MAX_TREE_DEPTH}`)
}

class TransactionValidator {
  readonly shapeErrors: string[] = []

  /** The items this transaction created, by parent; built on first use. */
  private newItems: Map<AnyType, Y.Item[]> | null = null

  constructor(private readonly tr: Y.Transaction) {}

  private isNew(item: Y.Item): boolean {
    return item.id.clock >= (this.tr.beforeState.get(item.id.client) ?? 0)
  }

  /**
   * The items created by the transaction whose parent is `parent`: found from the structs added
   * since the state before it (O(new structs), not O(length of the text), which matters for a
   * long text typed one character at a time). A struct holding new content may start before the
   * old state after Yjs merged it into its left neighbour; it is included whole.
   */
  private newItemsOf(parent: AnyType): readonly Y.Item[] {
    if (!this.newItems) {
      this.newItems = new Map()
      const clients = this.tr.doc.store.clients
      for (const [client, after] of this.tr.afterState) {
        const before = this.tr.beforeState.get(client) ?? 0
        const structs = clients.get(client)
        if (after <= before || !structs) continue
        for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
          const struct = structs[i]
          if (!(struct instanceof Y.Item)) continue
          const owner = struct.parent as AnyType
          const list = this.newItems.get(owner)
          if (list) list.push(struct)
          else this.newItems.set(owner, [struct])
        }
      }
    }
    return this.newItems.get(parent) ?? []
  }

  /** Checks a changed type that existed before the transaction. */
  checkChanged(type: AnyType, keys: Set<string | null>, depth: number): void {
    if (type instanceof Y.XmlText) {
      if (keys.size !== 1 || !keys.has(null)) reject('attributes on a text node')
      const parent = type._item!.parent as ParentType
      const rules = this.rulesOf(parent)
      if (!rules.textblock) reject(`text inside ${pathOf(parent)}`)
      this.checkText(type, rules, true)
      return
    }
    if (!(type instanceof Y.XmlFragment)) {
      return reject(`${type.constructor.name} inside the minutes`)
    }
    const rules = this.rulesOf(type)
    for (const key of keys) {
      if (key === null) continue
      if (!(type instanceof Y.XmlElement)) return reject(`attribute "${key}" on the minutes root`)
      this.checkAttr(type, rules, key)
    }
    if (keys.has(null)) {
      this.checkChildren(type, rules, depth, true)
      this.checkShape(type, rules)
    }
  }

  private rulesOf(type: ParentType): NodeRules {
    if (!(type instanceof Y.XmlElement)) return TOP_NODE_RULES
    return nodeRules(type.nodeName) ?? reject(`unknown node "${type.nodeName}"`)
  }

  private checkAttr(el: Y.XmlElement, rules: NodeRules, key: string): void {
    const def = rules.attrs[key]
    const value: unknown = el.getAttribute(key)
    if (!def) {
      if (value === undefined) return
      return reject(`unknown attribute "${key}" on ${pathOf(el)}`)
    }
    if (!def.validate(value)) reject(`invalid value for attribute "${key}" on ${pathOf(el)}`)
  }

  /** Checks the (new) children of an element or of the fragment at `depth`. */
  private checkChildren(parent: ParentType, rules: NodeRules, depth: number, onlyNew: boolean): void {
    for (let item = parent._start; item !== null; item = item.right) {
      if (item.deleted || (onlyNew && !this.isNew(item))) continue
      if (!(item.content instanceof Y.ContentType)) {
        return reject(`${item.content.constructor.name} inside ${pathOf(parent)}`)
      }
      const child = item.content.type
      if (child instanceof Y.XmlText) {
        if (!rules.textblock) reject(`text inside ${pathOf(parent)}`)
        this.checkText(child, rules, false)
      } else if (child instanceof Y.XmlElement) {
        this.checkNewElement(child, rules, depth + 1)
      } else {
        reject(`${child.constructor.name} inside ${pathOf(parent)}`)
      }
    }
  }

  private checkNewElement(el: Y.XmlElement, parentRules: NodeRules, depth: number): void {
    const rules = nodeRules(el.nodeName)
    if (!rules) return reject(`unknown node "${el.nodeName}" inside ${parentRules.name}`)
    if (!parentRules.allowedChildren.has(rules.name)) reject(`${rules.name} is not allowed inside ${parentRules.name}`)
    if (depth > MAX_TREE_DEPTH) reject(`nesting deeper than ${MAX_TREE_DEPTH}`)
    for (const key of el._map.keys()) this.checkAttr(el, rules, key)
    this.checkChildren(el, rules, depth, false)
    this.checkShape(el, rules)
  }

  private checkText(text: Y.XmlText, parentRules: NodeRules, onlyNew: boolean): void {
    if (!onlyNew && text._map.size > 0) reject('attributes on a text node')
    if (onlyNew) {
      for (const item of this.newItemsOf(text as AnyType)) if (item.parentSub === null) this.checkTextItem(item, parentRules)
      return
    }
    for (let item = text._start; item !== null; item = item.right) this.checkTextItem(item, parentRules)
  }

  private checkTextItem(item: Y.Item, parentRules: NodeRules): void {
    if (item.deleted) return
    const content = item.content
    if (content instanceof Y.ContentString) return
    if (!(content instanceof Y.ContentFormat)) {
      return reject(`${content.constructor.name} inside text of ${parentRules.name}`)
    }
    if (!parentRules.allowedMarks.has(content.key)) reject(`mark "${content.key}" inside ${parentRules.name}`)
    if (content.value !== null && (typeof content.value !== 'object' || Array.isArray(content.value))) {
      reject(`invalid value for mark "${content.key}"`)
    }
  }

  /** Records (does not reject) an element whose children break its content expression. */
  private checkShape(type: ParentType, rules: NodeRules): void {
    if (rules.textblock) return
    let match: ContentMatch | null = rules.type.contentMatch
    for (let item = type._start; item !== null && match; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentType)) continue
      const child = item.content.type
      const childRules = child instanceof Y.XmlElement ? nodeRules(child.nodeName) : undefined
      match = childRules ? match.matchType(childRules.type) : null
    }
    if (!match?.validEnd) this.shapeErrors.push(pathOf(type))
  }
}

/**
 * Checks what a Yjs transaction changed against the minutes schema: only the `fragment` root,
 * known node names in places their parent's content expression allows, attributes the node
 * defines with valid values, allowed marks on text, no embeds, subdocuments or other shared
 * types, and nesting no deeper than MAX_TREE_DEPTH (every walk is bounded by it).
 *
 * Pure: reads the transaction and the document, changes nothing. Throws ProtocolError
 * (CLOSE.updateRejected) naming what is wrong and where. Returns the elements whose content
 * expression fails as a whole, which concurrent edits can cause and the server repairs.
 */
export function validateTransaction(tr: Y.Transaction, fragment: Y.XmlFragment): ValidationResult {
  if (tr.subdocsAdded.size > 0 || tr.subdocsLoaded.size > 0) reject('subdocument')
  const validator = new TransactionValidator(tr)
  for (const [type, keys] of tr.changed) {
    if (type._item === null && type !== (fragment as AnyType)) {
      reject(`root type "${findRootName(tr.doc, type)}" is not allowed`)
    }
    validator.checkChanged(type, keys, depthBelow(type, fragment))
  }
  return { shapeErrors: validator.shapeErrors }
}

function findRootName(doc: Y.Doc, type: AnyType): string {
  for (const [name, root] of doc.share) if (root === type) return name
  return '?'
}
