import { Schema, type DOMOutputSpec, type MarkSpec, type Node as PMNode, type NodeSpec } from '@tiptap/pm/model'
import type { AttrDef } from './attrs'
import { domAttributes, parseDomAttributes, parseSelector } from './dom'
import { MARK_DEFS, NODE_DEFS, type MarkDef, type NodeDef } from './nodes'

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
