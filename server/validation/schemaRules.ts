import type { ContentMatch, NodeType } from '@tiptap/pm/model'
import type { AttrDef } from '../../shared/schema'
import { MARK_DEFS, NODE_DEFS, minutesSchema } from '../../shared/schema'

/** What the validator needs to know about one node type, precomputed from the shared schema. */
export interface NodeRules {
  readonly name: string
  readonly type: NodeType
  /** Node names the content expression accepts anywhere (not necessarily in this order). */
  readonly allowedChildren: ReadonlySet<string>
  /** Mark names allowed on text inside (textblocks only). */
  readonly allowedMarks: ReadonlySet<string>
  readonly attrs: Readonly<Record<string, AttrDef>>
  /** True for nodes holding inline content: the only place a Y.XmlText may appear. */
  readonly textblock: boolean
}

/** Every node name any state of `match` can accept, by walking the content automaton. */
function reachableChildTypes(match: ContentMatch): Set<string> {
  const seen = new Set<ContentMatch>([match])
  const names = new Set<string>()
  const queue = [match]
  while (queue.length > 0) {
    const state = queue.pop()!
    for (let i = 0; i < state.edgeCount; i++) {
      const { type, next } = state.edge(i)
      names.add(type.name)
      if (!seen.has(next)) {
        seen.add(next)
        queue.push(next)
      }
    }
  }
  return names
}

function buildRules(): Map<string, NodeRules> {
  const rules = new Map<string, NodeRules>()
  for (const def of NODE_DEFS) {
    if (def.name === 'text') continue
    const type = minutesSchema.nodes[def.name]
    const allowedMarks = new Set(
      MARK_DEFS.map((m) => m.name).filter((m) => type.inlineContent && type.allowsMarkType(minutesSchema.marks[m])),
    )
    rules.set(def.name, {
      name: def.name,
      type,
      allowedChildren: reachableChildTypes(type.contentMatch),
      allowedMarks,
      attrs: def.attrs ?? {},
      textblock: type.inlineContent,
    })
  }
  return rules
}

const RULES = buildRules()

/** The rules of a node name, or undefined for names the schema does not know (and for 'text'). */
export function nodeRules(name: string): NodeRules | undefined {
  return RULES.get(name)
}

/** The rules of the top node, which the minutes Y.XmlFragment stands for. */
export const TOP_NODE_RULES: NodeRules = RULES.get(minutesSchema.topNodeType.name)!
