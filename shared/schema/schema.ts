import { Schema, type DOMOutputSpec, type MarkSpec, type Node as PMNode, type NodeSpec } from '@tiptap/pm/model'
import type { AttrDef } from './attrs'
import { MARK_DEFS, NODE_DEFS, type MarkDef, type NodeDef } from './nodes'

/** DOM attributes for a node: its class, its label and its attributes as `data-*`. */
export function domAttributes(def: NodeDef, attrs: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  if (def.className) out.class = def.className
  if (def.label) out['data-label'] = def.label
  for (const [key, attr] of Object.entries(def.attrs ?? {})) {
    const value = attrs[key]
    if (!attr.dataAttribute || value === null || value === undefined || value === false || value === '') continue
    out[attr.dataAttribute] = String(value)
  }
  return out
}

/** Reads a node's attributes back from the `data-*` attributes `domAttributes` wrote. */
export function parseDomAttributes(def: NodeDef, dom: HTMLElement): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, attr] of Object.entries(def.attrs ?? {})) {
    if (!attr.dataAttribute) continue
    const raw = dom.getAttribute(attr.dataAttribute)
    const value = typeof attr.default === 'boolean' ? raw === 'true' : raw
    out[key] = attr.validate(value) ? value : attr.default
  }
  return out
}

/** The selector that parses a node from HTML (used for paste). */
export function parseSelector(def: NodeDef): string {
  return def.className ? `${def.tag}.${def.className}` : def.tag
}

function attrSpecs(attrs: Readonly<Record<string, AttrDef>> | undefined): NodeSpec['attrs'] {
  if (!attrs) return undefined
  return Object.fromEntries(
    Object.entries(attrs).map(([key, attr]) => [
      key,
      {
        default: attr.default,
        validate: (value: unknown) => {
          if (!attr.validate(value)) throw new RangeError(`attribute ${key}: invalid value ${JSON.stringify(value)}`)
        },
      },
    ]),
  )
}

function toNodeSpec(def: NodeDef): NodeSpec {
  if (def.name === 'text') return { group: 'inline' }
  const spec: NodeSpec = {
    content: def.content,
    group: def.group,
    inline: def.inline,
    marks: def.marks,
    attrs: attrSpecs(def.attrs),
    defining: def.defining,
    isolating: def.isolating,
    parseDOM: [{ tag: parseSelector(def), getAttrs: (dom) => parseDomAttributes(def, dom as HTMLElement) }],
    toDOM: (node: PMNode): DOMOutputSpec =>
      def.leaf ? [def.tag, domAttributes(def, node.attrs)] : [def.tag, domAttributes(def, node.attrs), 0],
  }
  if (def.leaf) spec.selectable = false
  return spec
}

function toMarkSpec(def: MarkDef): MarkSpec {
  return {
    parseDOM: def.parseTags.map((tag) => ({ tag })),
    toDOM: (): DOMOutputSpec => [def.tag, 0],
  }
}

/**
 * Builds the ProseMirror schema of the minutes from NODE_DEFS and MARK_DEFS.
 * Pure; call it once and keep the result (`minutesSchema`).
 */
export function buildSchema(): Schema {
  return new Schema({
    topNode: NODE_DEFS[0].name,
    nodes: Object.fromEntries(NODE_DEFS.map((def) => [def.name, toNodeSpec(def)])),
    marks: Object.fromEntries(MARK_DEFS.map((def) => [def.name, toMarkSpec(def)])),
  })
}

/** The minutes schema, built once. */
export const minutesSchema: Schema = buildSchema()

/** The definition of a node by name, or undefined for a name the schema does not know. */
export function nodeDef(name: string): NodeDef | undefined {
  return NODE_DEFS_BY_NAME.get(name)
}
const NODE_DEFS_BY_NAME = new Map(NODE_DEFS.map((def) => [def.name, def]))
