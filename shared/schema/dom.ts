import { NODE_DEFS, type NodeDef } from './nodes'

// How a node appears in the DOM, without ProseMirror: the editor (schema.ts, client/editor) and
// the light reader (client/reader) render the same tags, classes and data-* attributes from it.

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

/** The definition of a node by name, or undefined for a name the schema does not know. */
export function nodeDef(name: string): NodeDef | undefined {
  return NODE_DEFS_BY_NAME.get(name)
}
const NODE_DEFS_BY_NAME = new Map(NODE_DEFS.map((def) => [def.name, def]))
