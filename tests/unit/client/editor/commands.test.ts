import type { Node as PMNode } from '@tiptap/pm/model'
import { EditorState, TextSelection, type Command } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import {
  enterMovesOn,
  exitEmptyAttendee,
  goToAdjacentAgendaItem,
  goToDecision,
  insertActionItem,
  insertAgendaItem,
  insertMemberInput,
  setBlockAttrs,
} from '../../../../client/editor/commands'
import { listAgendaItems } from '../../../../client/editor/queries'
import { agendaItemJSON, minutesSchema, minutesTemplate } from '../../../../shared'

/** Seed 003's meeting: saker 17/23 and 18/23, then Eventuelt 19/23. */
function meetingDoc(): PMNode {
  const json = minutesTemplate({
    organ: 'Nasjonalt e-helseråd',
    title: '',
    number: '3/2023',
    date: '2023-10-04',
    time: 'Kl. 09.00 – 15.00',
    place: 'Scandic Grand Tromsø',
    firstAgendaNumber: 17,
  })
  return minutesSchema.nodeFromJSON(json)
}

/** A state with the caret at the end of the `nth` textblock of type `typeName`. */
function caretIn(doc: PMNode, typeName: string, nth = 0): EditorState {
  let count = 0
  let pos: number | null = null
  doc.descendants((node, p) => {
    if (pos !== null) return false
    if (node.type.name === typeName && node.isTextblock && count++ === nth) pos = p + node.nodeSize - 1
    return true
  })
  if (pos === null) throw new Error(`no ${typeName} #${nth}`)
  return EditorState.create({ doc, selection: TextSelection.create(doc, pos) })
}

function run(state: EditorState, command: Command): EditorState {
  let next: EditorState | null = null
  const applied = command(state, (tr) => {
    next = state.apply(tr)
  })
  expect(applied).toBe(true)
  next!.doc.check()
  return next!
}

const caretParent = (state: EditorState) => state.selection.$from.parent
const caretSak = (state: EditorState) => state.selection.$from.node(1)

describe('insertAgendaItem', () => {
  it('inserts the next number after the current sak, moves the colliding ones up and focuses the empty title', () => {
    const state = run(caretIn(meetingDoc(), 'agendaTitle', 0), insertAgendaItem('abcdefgh12'))
    expect(listAgendaItems(state.doc).map((e) => e.number)).toEqual(['17/23', '18/23', '19/23', '20/23'])
    expect(caretParent(state).type.name).toBe('agendaTitle')
    expect(caretParent(state).content.size).toBe(0)
    expect(caretSak(state).attrs).toMatchObject({ id: 'abcdefgh12', number: '18/23', caseType: null })
  })

  it('from Eventuelt or the header it inserts before Eventuelt', () => {
    for (const from of [caretIn(meetingDoc(), 'agendaTitle', 2), caretIn(meetingDoc(), 'meetingPlace')]) {
      const state = run(from, insertAgendaItem())
      const items = listAgendaItems(state.doc)
      expect(items.map((e) => e.number)).toEqual(['17/23', '18/23', '19/23', '20/23'])
      expect(items[3].kind).toBe('otherBusiness')
      expect(caretSak(state).type.name).toBe('agendaItem')
    }
  })

  it('stops renumbering at the first gap the secretary left', () => {
    const json = meetingDoc().toJSON()
    json.content[json.content.length - 1].attrs.number = '30/23'
    const state = run(caretIn(minutesSchema.nodeFromJSON(json), 'agendaTitle', 1), insertAgendaItem())
    expect(listAgendaItems(state.doc).map((e) => e.number)).toEqual(['17/23', '18/23', '19/23', '30/23'])
  })

  it('gives a fresh url-safe id by default', () => {
    const state = run(caretIn(meetingDoc(), 'agendaTitle', 1), insertAgendaItem())
    expect(caretSak(state).attrs.id).toMatch(/^[A-Za-z0-9_-]{16}$/)
  })
})

describe('insertMemberInput', () => {
  it('creates the Innspill section after the narrative and puts the caret in a new innspill', () => {
    const state = run(caretIn(meetingDoc(), 'agendaTitle', 0), insertMemberInput)
    expect(caretParent(state).type.name).toBe('memberInput')
    expect(caretSak(state).content.content.map((n) => n.type.name)).toEqual([
      'agendaTitle',
      'narrative',
      'memberInputs',
      'decision',
    ])
  })

  it('adds a second innspill after the current one instead of a second section', () => {
    let state = run(caretIn(meetingDoc(), 'paragraph', 0), insertMemberInput)
    state = state.apply(state.tr.insertText('Det bør tas utgangspunkt i strategien.'))
    state = run(state, insertMemberInput)
    const section = caretSak(state).child(2)
    expect(section.type.name).toBe('memberInputs')
    expect(section.childCount).toBe(2)
    expect(state.selection.$from.index(2)).toBe(1)
  })

  it('reuses an empty last innspill when called from outside the section', () => {
    const first = run(caretIn(meetingDoc(), 'agendaTitle', 0), insertMemberInput)
    const back = first.apply(first.tr.setSelection(TextSelection.create(first.doc, 3)))
    const state = run(caretIn(back.doc, 'agendaTitle', 0), insertMemberInput)
    expect(caretSak(state).child(2).childCount).toBe(1)
  })

  it('does not apply in the header', () => {
    expect(insertMemberInput(caretIn(meetingDoc(), 'organ'))).toBe(false)
  })
})

describe('insertActionItem', () => {
  it('creates Aksjonspunkter after Innspill and before Vedtak', () => {
    let state = run(caretIn(meetingDoc(), 'agendaTitle', 0), insertMemberInput)
    state = run(state, insertActionItem)
    expect(caretParent(state).type.name).toBe('actionItem')
    expect(caretSak(state).content.content.map((n) => n.type.name)).toEqual([
      'agendaTitle',
      'narrative',
      'memberInputs',
      'actionItems',
      'decision',
    ])
  })

  it('works in Eventuelt', () => {
    const state = run(caretIn(meetingDoc(), 'agendaTitle', 2), insertActionItem)
    expect(caretSak(state).type.name).toBe('otherBusiness')
    expect(caretParent(state).type.name).toBe('actionItem')
  })
})

describe('goToDecision', () => {
  it('moves the caret to the end of an existing vedtak', () => {
    const state = run(caretIn(meetingDoc(), 'agendaTitle', 0), goToDecision)
    expect(state.selection.$from.node(2).type.name).toBe('decision')
    expect(state.selection.$from.parentOffset).toBe(caretParent(state).content.size)
    expect(caretParent(state).textContent).toContain('godkjenner innkalling')
  })

  it('creates a missing vedtak at the end of the sak', () => {
    const json = minutesTemplate({ organ: 'NUIT', title: '', number: '', date: '2023-10-04', time: '', place: '' })
    json.content!.splice(3, 0, agendaItemJSON({ number: '3/23', title: 'Orientering', decision: null }))
    const state = run(caretIn(minutesSchema.nodeFromJSON(json), 'agendaTitle', 2), goToDecision)
    expect(caretSak(state).lastChild!.type.name).toBe('decision')
    expect(caretParent(state).type.name).toBe('paragraph')
  })

  it('does not apply in Eventuelt', () => {
    expect(goToDecision(caretIn(meetingDoc(), 'agendaTitle', 2))).toBe(false)
  })
})

describe('goToAdjacentAgendaItem', () => {
  it('moves to the next and previous sak title', () => {
    const next = run(caretIn(meetingDoc(), 'paragraph', 0), goToAdjacentAgendaItem(1))
    expect(caretParent(next).textContent).toBe('Godkjenning av referat fra forrige møte')
    const prev = run(next, goToAdjacentAgendaItem(-1))
    expect(caretParent(prev).textContent).toBe('Godkjenning av innkalling og dagsorden')
  })

  it('goes from the header to the first sak and stops at the ends', () => {
    const first = run(caretIn(meetingDoc(), 'organ'), goToAdjacentAgendaItem(1))
    expect(caretSak(first).attrs.number).toBe('17/23')
    expect(goToAdjacentAgendaItem(-1)(first)).toBe(false)
    expect(goToAdjacentAgendaItem(1)(caretIn(meetingDoc(), 'agendaTitle', 2))).toBe(false)
  })
})

describe('enterMovesOn', () => {
  it('moves from one header field to the next, and from the last one to the attendance', () => {
    const state = run(caretIn(meetingDoc(), 'organ'), enterMovesOn)
    expect(caretParent(state).type.name).toBe('meetingTitle')
    expect(caretParent(run(caretIn(meetingDoc(), 'meetingPlace'), enterMovesOn)).type.name).toBe('attendee')
  })

  it('moves from a sak title to its narrative', () => {
    const state = run(caretIn(meetingDoc(), 'agendaTitle', 1), enterMovesOn)
    expect(state.selection.$from.node(2).type.name).toBe('narrative')
    expect(caretSak(state).attrs.number).toBe('18/23')
  })

  it('leaves Enter elsewhere to the default keymap', () => {
    expect(enterMovesOn(caretIn(meetingDoc(), 'paragraph', 0))).toBe(false)
  })
})

describe('exitEmptyAttendee', () => {
  it('drops an empty last attendee and moves to the next group', () => {
    let state = caretIn(meetingDoc(), 'attendee', 0)
    state = state.apply(state.tr.insertText('Erik Hansen (Helse Vest RHF)'))
    state = state.apply(state.tr.split(state.selection.from))
    state = run(state, exitEmptyAttendee)
    expect(state.doc.child(1).child(0).childCount).toBe(1)
    expect(state.selection.$from.node(2).type.name).toBe('absentList')
  })

  it('keeps the only attendee of a group', () => {
    expect(exitEmptyAttendee(caretIn(meetingDoc(), 'attendee', 0))).toBe(false)
  })
})

describe('setBlockAttrs', () => {
  const valid = (key: string, value: unknown) => key !== 'number' || value === null || /^\d+\/\d\d$/.test(String(value))

  it('sets attributes of the sak around the caret', () => {
    const state = run(caretIn(meetingDoc(), 'paragraph', 0), setBlockAttrs('agendaItem', { caseType: 'Drøfting' }, valid))
    expect(state.doc.child(2).attrs.caseType).toBe('Drøfting')
  })

  it('refuses an invalid value and changes nothing', () => {
    const state = caretIn(meetingDoc(), 'paragraph', 0)
    expect(setBlockAttrs('agendaItem', { number: '17-23' }, valid)(state, () => {})).toBe(false)
    expect(setBlockAttrs('attendee', { remote: true }, valid)(state)).toBe(false)
  })
})
