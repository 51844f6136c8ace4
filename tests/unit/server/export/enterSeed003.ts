import { Fragment, type Node as PMNode } from '@tiptap/pm/model'
import { EditorState, TextSelection, type Command } from '@tiptap/pm/state'
import {
  enterMovesOn,
  goToDecision,
  insertActionItem,
  insertAgendaItem,
  insertMemberInput,
  setBlockAttrs,
} from '../../../../client/editor/commands'
import { minutesSchema, minutesTemplate, type JSONContent } from '../../../../shared'
import { seed003 } from '../../../fixtures/seed003'

/**
 * Seed 003 entered the way the secretary enters it: a new meeting's template, then the editor's
 * own commands (Ny sak, Nytt innspill, Nytt aksjonspunkt, Til vedtak, Enter from the title to the
 * narrative, the properties panel's setBlockAttrs) and typed text, sak by sak.
 *
 * Taken from the fixture JSON instead, because no pure command in client/editor/commands.ts
 * makes them (the editor does it with Tiptap's keymap and input rules, which need a view):
 * - the attendance list (Enter splitting attendees is the base keymap's splitBlock);
 * - each sak's narrative body (bullet lists come from the "- " input rule);
 * - the Innspill section's own paragraphs and subheading (20/23, 26/23): the entry is made with
 *   Nytt innspill, then turned into a paragraph/subheading (setNodeMarkup, as the toolbar's
 *   block-type menu does) and the text typed into it.
 */

function run(state: EditorState, command: Command): EditorState {
  let next = state
  if (!command(state, (tr) => (next = state.apply(tr)))) throw new Error('command did not apply')
  return next
}

function type(state: EditorState, text: string): EditorState {
  return state.apply(state.tr.insertText(text))
}

/** Selects the whole text of the textblock around the caret (as Ctrl+A in a field would), then types `text`. */
function retype(state: EditorState, text: string): EditorState {
  const $from = state.selection.$from
  const tr = state.tr.setSelection(TextSelection.create(state.doc, $from.start(), $from.end()))
  return type(state.apply(tr), text)
}

function textOf(json: JSONContent): string {
  return (json.content ?? []).map((c) => c.text ?? '').join('')
}

/** The position of the `index`-th top-level child. */
function topPos(doc: PMNode, index: number): number {
  let pos = 0
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize
  return pos
}

function caretIn(state: EditorState, pos: number): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.near(state.doc.resolve(pos))))
}

function replaceNarrative(state: EditorState, sakIndex: number, narrative: JSONContent): EditorState {
  const sakPos = topPos(state.doc, sakIndex)
  const sak = state.doc.nodeAt(sakPos)!
  let offset = 0
  let found = -1
  sak.forEach((child, childOffset) => {
    if (child.type.name === 'narrative') {
      found = childOffset
      offset = child.nodeSize
    }
  })
  const from = sakPos + 1 + found
  const node = minutesSchema.nodeFromJSON(narrative)
  const tr = state.tr.replaceWith(from, from + offset, Fragment.from(node))
  // The caret goes back to the end of the narrative, where the secretary stopped typing.
  return state.apply(tr.setSelection(TextSelection.near(tr.doc.resolve(from + node.nodeSize - 1), -1)))
}

function enterSak(start: EditorState, sakJson: JSONContent, index: number, isNew: boolean): EditorState {
  let state = start
  const attrs = sakJson.attrs as { id: string; number: string; caseType?: string }
  if (isNew) {
    // The caret is in the sak before: Ny sak adds the next one after it, numbered on.
    state = run(state, insertAgendaItem(attrs.id))
    state = type(state, textOf(sakJson.content![0]))
  } else {
    state = caretIn(state, topPos(state.doc, index) + 2)
    state = retype(state, textOf(sakJson.content![0]))
    state = run(state, setBlockAttrs(sakJson.type, { id: attrs.id }, () => true))
  }
  if (attrs.caseType) state = run(state, setBlockAttrs('agendaItem', { caseType: attrs.caseType }, () => true))
  state = run(state, enterMovesOn)
  for (const section of sakJson.content!.slice(1)) {
    if (section.type === 'narrative') state = replaceNarrative(state, index, section)
    else if (section.type === 'memberInputs') {
      for (const entry of section.content ?? []) {
        state = run(state, insertMemberInput)
        if (entry.type !== 'memberInput') {
          const pos = state.selection.$from.before()
          state = state.apply(state.tr.setNodeMarkup(pos, minutesSchema.nodes[entry.type]))
        }
        state = type(state, textOf(entry))
      }
    } else if (section.type === 'actionItems') {
      for (const entry of section.content ?? []) {
        state = run(state, insertActionItem)
        state = type(state, textOf(entry))
        const owner = (entry.attrs as { owner?: string } | undefined)?.owner
        if (owner) state = run(state, setBlockAttrs('actionItem', { owner }, () => true))
      }
    } else if (section.type === 'decision') {
      state = run(state, goToDecision)
      state = retype(state, textOf(section.content![0]))
    }
  }
  return state
}

/** Seed 003's minutes, entered through the editor's commands (see above); `doc` is the result. */
export function enterSeed003(): PMNode {
  const template = minutesTemplate({
    organ: 'Nasjonalt e-helseråd',
    title: 'Referat fra møte i Nasjonalt e-helseråd',
    number: '3/2023',
    date: '2023-10-04',
    time: 'Kl. 09.00 – 15.00',
    place: 'Scandic Grand Tromsø',
    firstAgendaNumber: 17,
  })
  let state = EditorState.create({ schema: minutesSchema, doc: minutesSchema.nodeFromJSON(template) })
  // Attendance: from the fixture (see above).
  const attendance = minutesSchema.nodeFromJSON(seed003.content![1])
  const attPos = topPos(state.doc, 1)
  state = state.apply(state.tr.replaceWith(attPos, attPos + state.doc.child(1).nodeSize, attendance))
  const saker = seed003.content!.slice(2)
  saker.forEach((sakJson, i) => {
    if (sakJson.type === 'otherBusiness') return
    // The template already holds the first two saker (17/23, 18/23).
    state = enterSak(state, sakJson, i + 2, i >= 2)
  })
  const other = saker[saker.length - 1]
  const otherIndex = state.doc.childCount - 1
  state = caretIn(state, topPos(state.doc, otherIndex) + 2)
  state = run(state, setBlockAttrs('otherBusiness', { id: (other.attrs as { id: string }).id }, () => true))
  state = replaceNarrative(state, otherIndex, other.content![1])
  return state.doc
}
