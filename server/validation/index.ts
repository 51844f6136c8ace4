export { validateTransaction, type ValidationResult } from './validateTransaction'
export { normalizeMinutes, repairNode } from './normalizeMinutes'
export { nodeRules, TOP_NODE_RULES, type NodeRules } from './schemaRules'
export { fragmentToProseMirror } from './toProseMirror'
