import { Fragment, type Node as PMNode, type NodeType } from '@tiptap/pm/model'
import { TextSelection, type Command, type Transaction } from '@tiptap/pm/state'
import { HEADER_FIELDS, newNodeId } from '../../shared'
import {
  childPos,
  currentSakPos,
  findAncestor,
  lastTextblockEnd,
  listAgendaItems,
  nextAgendaNumber,
} from './queries'

/**
 * Editor commands as pure ProseMirror commands: `(state, dispatch?) => boolean`. Without
 * `dispatch` they only answer whether they apply. They use `state.schema`, so they work on the
 * Tiptap schema and on the shared `minutesSchema` alike.
 */

/** Puts the caret at `pos` (inside a textblock) and scrolls it into view. */
function withCaret(tr: Transaction, pos: number): Transaction {
  return tr.setSelection(TextSelection.create(tr.doc, pos)).scrollIntoView()
}

/** Moves the caret to the end of the sak title of the block at `sakPos`. */
export function focusAgendaTitle(sakPos: number): Command {
  return (state, dispatch) => {
    const node = state.doc.nodeAt(sakPos)
    if (!node || !node.firstChild || node.firstChild.type.name !== 'agendaTitle') return false
    dispatch?.(withCaret(state.tr, sakPos + 1 + node.firstChild.nodeSize - 1))
    return true
  }
}

/**
 * Ny sak: a new agendaItem after the current one (or after the last one when the caret is in
 * the header, the attendance or Eventuelt), numbered one after the sak before it. Saker after
 * it whose numbers would now collide move up by one. The caret goes to the new, empty title.
 */
export function insertAgendaItem(id?: string): Command {
  return (state, dispatch) => {
    const { schema, doc } = state
    const current = currentSakPos(state)
    const currentNode = current === null ? null : doc.nodeAt(current)
    let insertPos: number
    if (currentNode?.type.name === 'agendaItem') {
      insertPos = current! + currentNode.nodeSize
    } else {
      const other = listAgendaItems(doc).find((e) => e.kind === 'otherBusiness')
      insertPos = other ? other.pos : doc.content.size
    }
    const $insert = doc.resolve(insertPos)
    if (!$insert.parent.canReplaceWith($insert.index(), $insert.index(), schema.nodes.agendaItem)) return false
    // A dry run (can the toolbar button apply?) stops here: no id drawn, no nodes built.
    if (!dispatch) return true
    const before = listAgendaItems(doc).filter((e) => e.kind === 'agendaItem' && e.pos < insertPos)
    const number = nextAgendaNumber(before[before.length - 1]?.number ?? null)
    const item = schema.nodes.agendaItem.create({ id: id ?? newNodeId(), number }, [
      schema.nodes.agendaTitle.create(),
      schema.nodes.narrative.create(null, schema.nodes.paragraph.create()),
    ])
    const tr = state.tr.insert(insertPos, item)
    renumberCollisions(tr, insertPos + item.nodeSize, number)
    dispatch(withCaret(tr, insertPos + 2))
    return true
  }
}

/**
 * Shifts the numbers of the saker from `from` on while they collide with the one before them
 * (a new 19/23 pushes Eventuelt's 19/23 to 20/23); stops at the first gap, so numbers the
 * secretary chose on purpose further down stay as they are.
 * @internal for the editor's commands
 */
export function renumberCollisions(tr: Transaction, from: number, previous: string | null): void {
  for (const entry of listAgendaItems(tr.doc)) {
    if (entry.pos < from) continue
    const wanted = nextAgendaNumber(previous)
    if (!wanted || !entry.number || agendaOrdinal(entry.number) >= agendaOrdinal(wanted)) return
    tr.setNodeMarkup(entry.pos, undefined, { ...tr.doc.nodeAt(entry.pos)!.attrs, number: wanted })
    previous = wanted
  }
}

/** The running part of a sak number ("19/23" → 19), comparable within one year's series. */
function agendaOrdinal(number: string): number {
  return Number(number.split('/')[0])
}

/** Where a new optional section of a sak goes: after the last of `afterTypes` present. */
function sectionInsertPos(sak: PMNode, sakPos: number, afterTypes: readonly string[]): number {
  let pos = sakPos + 1
  sak.forEach((child, offset) => {
    if (afterTypes.includes(child.type.name)) pos = sakPos + 1 + offset + child.nodeSize
  })
  return pos
}

/**
 * Adds an entry (`entryType`) to a list section (`sectionType`) of the current sak, creating the
 * section after `afterTypes` when missing. Inside the section the entry goes after the caret's
 * entry; elsewhere an empty last entry is reused before a new one is added.
 */
function addSectionEntry(sectionName: string, entryName: string, afterTypes: readonly string[]): Command {
  return (state, dispatch) => {
    const sakPos = currentSakPos(state)
    if (sakPos === null) return false
    const sak = state.doc.nodeAt(sakPos)!
    const sectionType: NodeType = state.schema.nodes[sectionName]
    const entryType: NodeType = state.schema.nodes[entryName]
    if (!sak.type.spec.content?.includes(sectionName)) return false
    const entry = entryType.create()
    const inSection = findAncestor(state.selection.$from, sectionName)
    if (inSection) {
      const $from = state.selection.$from
      const at = $from.depth > inSection.depth ? $from.after(inSection.depth + 1) : inSection.pos + inSection.node.nodeSize - 1
      dispatch?.(withCaret(state.tr.insert(at, entry), at + 1))
      return true
    }
    const sectionPos = childPos(state.doc, sakPos, sectionName)
    if (sectionPos !== null) {
      const section = state.doc.nodeAt(sectionPos)!
      const last = section.lastChild
      const end = sectionPos + section.nodeSize - 1
      if (last && last.type === entryType && last.content.size === 0) {
        dispatch?.(withCaret(state.tr, end - 1))
        return true
      }
      dispatch?.(withCaret(state.tr.insert(end, entry), end + 1))
      return true
    }
    const at = sectionInsertPos(sak, sakPos, afterTypes)
    dispatch?.(withCaret(state.tr.insert(at, sectionType.create(null, Fragment.from(entry))), at + 2))
    return true
  }
}

/** Nytt innspill: a new memberInput in the sak's Innspill section (created after the narrative). */
export const insertMemberInput: Command = addSectionEntry('memberInputs', 'memberInput', ['agendaTitle', 'narrative'])

/** Nytt aksjonspunkt: a new actionItem in the Aksjonspunkter section (after Innspill). */
export const insertActionItem: Command = addSectionEntry('actionItems', 'actionItem', [
  'agendaTitle',
  'narrative',
  'memberInputs',
])

/**
 * Til vedtak: the caret to the end of the vedtak of the current sak, creating an empty vedtak
 * when missing. Eventuelt has no vedtak, so the command does not apply there.
 */
export const goToDecision: Command = (state, dispatch) => {
  const sakPos = currentSakPos(state)
  if (sakPos === null) return false
  const sak = state.doc.nodeAt(sakPos)!
  if (sak.type.name !== 'agendaItem') return false
  const decisionPos = childPos(state.doc, sakPos, 'decision')
  if (decisionPos !== null) {
    dispatch?.(withCaret(state.tr, lastTextblockEnd(state.doc, decisionPos)!))
    return true
  }
  const at = sakPos + sak.nodeSize - 1
  const decision = state.schema.nodes.decision.create(null, state.schema.nodes.paragraph.create())
  dispatch?.(withCaret(state.tr.insert(at, decision), at + 2))
  return true
}

/** Neste sak (`direction` 1) / Forrige sak (-1): the caret to that sak's title. */
export function goToAdjacentAgendaItem(direction: 1 | -1): Command {
  return (state, dispatch) => {
    const items = listAgendaItems(state.doc)
    const current = currentSakPos(state)
    const head = state.selection.from
    const target =
      direction === 1
        ? items.find((e) => (current === null ? e.pos > head : e.pos > current))
        : [...items].reverse().find((e) => current !== null && e.pos < current)
    if (!target) return false
    return focusAgendaTitle(target.pos)(state, dispatch)
  }
}

const HEADER_FIELD_NAMES: ReadonlySet<string> = new Set(HEADER_FIELDS.map((f) => f.name))

/**
 * Enter in a header field: the caret to the end of the next field (after the last field, to the
 * first attendee). Enter in a sak title: the caret to the end of the sak's narrative.
 */
export const enterMovesOn: Command = (state, dispatch) => {
  const { $from, empty } = state.selection
  if (!empty) return false
  const name = $from.parent.type.name
  if (name === 'agendaTitle') {
    const narrativePos = childPos(state.doc, $from.before(1), 'narrative')
    const end = narrativePos === null ? null : lastTextblockEnd(state.doc, narrativePos)
    if (end === null) return false
    dispatch?.(withCaret(state.tr, end))
    return true
  }
  if (!HEADER_FIELD_NAMES.has(name)) return false
  const next = nextTextblockEnd(state.doc, $from.after())
  if (next === null) return false
  dispatch?.(withCaret(state.tr, next))
  return true
}

function nextTextblockEnd(doc: PMNode, from: number): number | null {
  let found: number | null = null
  doc.nodesBetween(from, doc.content.size, (node, pos) => {
    if (found !== null) return false
    if (node.isTextblock && pos >= from) {
      found = pos + node.nodeSize - 1
      return false
    }
    return true
  })
  return found
}

/**
 * Enter in an empty last attendee of a group with more than one: removes it and moves on to the
 * next group's last attendee (or the first sak title), so a list is typed name, Enter, name, Enter,
 * Enter.
 */
export const exitEmptyAttendee: Command = (state, dispatch) => {
  const { $from, empty } = state.selection
  if (!empty || $from.parent.type.name !== 'attendee' || $from.parent.content.size > 0) return false
  const group = $from.node($from.depth - 1)
  if (group.childCount < 2 || $from.index($from.depth - 1) !== group.childCount - 1) return false
  const tr = state.tr.delete($from.before(), $from.after())
  const next = nextTextblockEnd(tr.doc, tr.mapping.map($from.before()))
  if (next === null) return false
  dispatch?.(withCaret(tr, next))
  return true
}

/**
 * Sets attributes of the innermost node of type `typeName` around the selection, after checking
 * each value with `isValid`. Returns false (and changes nothing) for an invalid value.
 */
export function setBlockAttrs(
  typeName: string,
  attrs: Record<string, unknown>,
  isValid: (key: string, value: unknown) => boolean,
): Command {
  return (state, dispatch) => {
    const target = findAncestor(state.selection.$from, typeName)
    if (!target) return false
    if (!Object.entries(attrs).every(([key, value]) => key in target.node.attrs && isValid(key, value))) return false
    dispatch?.(state.tr.setNodeMarkup(target.pos, undefined, { ...target.node.attrs, ...attrs }))
    return true
  }
}
