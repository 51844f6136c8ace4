import type { Node as PMNode } from '@tiptap/pm/model'
import { EditorState, TextSelection, type Command } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import { listAgendaItems } from '../../../../client/editor/queries'
import { SHORTCUTS, keysFor } from '../../../../client/editor/shortcuts'
import { clearSakTiming, formatClock, formatPlanned, toggleSakTiming } from '../../../../client/editor/timing'
import { findNode, meetingDoc } from './fixtures'

const T1 = new Date('2023-10-04T11:07:00.000Z')
const T2 = new Date('2023-10-04T11:20:30.000Z')
const T3 = new Date('2023-10-04T11:45:00.000Z')

/** A state with the caret at the end of the title of the `nth` sak. */
function caretInSak(doc: PMNode, nth: number): EditorState {
  const { node, pos } = findNode(doc, 'agendaTitle', nth)
  return EditorState.create({ doc, selection: TextSelection.create(doc, pos + node.nodeSize - 1) })
}

function run(state: EditorState, command: Command): EditorState {
  let next: EditorState | null = null
  expect(command(state, (tr) => (next = state.apply(tr)))).toBe(true)
  next!.doc.check()
  return next!
}

/** `[startedAt, endedAt]` of every sak. */
function times(state: EditorState): [unknown, unknown][] {
  return listAgendaItems(state.doc).map((e) => {
    const attrs = state.doc.nodeAt(e.pos)!.attrs
    return [attrs.startedAt, attrs.endedAt]
  })
}

/** The same selection on a new document. */
function moveTo(state: EditorState, nth: number): EditorState {
  return caretInSak(state.doc, nth)
}

describe('toggleSakTiming', () => {
  it('starts the sak at the caret, then ends it', () => {
    const started = run(caretInSak(meetingDoc(), 0), toggleSakTiming(T1))
    expect(times(started)[0]).toEqual([T1.toISOString(), null])
    const ended = run(started, toggleSakTiming(T2))
    expect(times(ended)[0]).toEqual([T1.toISOString(), T2.toISOString()])
    expect(times(ended).slice(1)).toEqual([
      [null, null],
      [null, null],
    ])
  })

  it('refuses to overwrite an ended sak and changes nothing', () => {
    const ended = run(run(caretInSak(meetingDoc(), 0), toggleSakTiming(T1)), toggleSakTiming(T2))
    let dispatched = false
    expect(toggleSakTiming(T3)(ended, () => (dispatched = true))).toBe(false)
    expect(toggleSakTiming(T3)(ended)).toBe(false)
    expect(dispatched).toBe(false)
  })

  it('starting a sak ends the one still running at the same moment', () => {
    const first = run(caretInSak(meetingDoc(), 0), toggleSakTiming(T1))
    const second = run(moveTo(first, 1), toggleSakTiming(T2))
    expect(times(second)).toEqual([
      [T1.toISOString(), T2.toISOString()],
      [T2.toISOString(), null],
      [null, null],
    ])
  })

  it('works in Eventuelt, and not outside a sak', () => {
    const other = run(caretInSak(meetingDoc(), 2), toggleSakTiming(T1))
    expect(times(other)[2]).toEqual([T1.toISOString(), null])
    const doc = meetingDoc()
    const { node, pos } = findNode(doc, 'meetingPlace')
    const inHeader = EditorState.create({ doc, selection: TextSelection.create(doc, pos + node.nodeSize - 1) })
    expect(toggleSakTiming(T1)(inHeader)).toBe(false)
  })
})

describe('clearSakTiming', () => {
  it('clears both times so the sak can be stamped again', () => {
    const ended = run(run(caretInSak(meetingDoc(), 1), toggleSakTiming(T1)), toggleSakTiming(T2))
    const cleared = run(ended, clearSakTiming)
    expect(times(cleared)[1]).toEqual([null, null])
    expect(clearSakTiming(cleared)).toBe(false)
    expect(times(run(cleared, toggleSakTiming(T3)))[1]).toEqual([T3.toISOString(), null])
  })
})

describe('formatClock and formatPlanned', () => {
  it('write times as 13.07 (local time)', () => {
    const local = new Date(2023, 9, 4, 13, 7, 59)
    expect(formatClock(local.toISOString())).toBe('13.07')
    expect(formatClock(null)).toBe('')
    expect(formatClock('nonsense')).toBe('')
    expect(formatPlanned('13:05')).toBe('13.05')
    expect(formatPlanned('09.30')).toBe('09.30')
  })
})

describe('the Start/avslutt shortcut', () => {
  it('is one key combination of its own, away from what the browser keeps (Alt+Shift+T, Alt+Shift+I)', () => {
    const keys = keysFor('toggleSakTiming')
    expect(keys).toBe('Alt-Shift-u')
    expect(SHORTCUTS.filter((s) => s.keys.toLowerCase() === keys.toLowerCase())).toHaveLength(1)
    expect(SHORTCUTS.map((s) => s.keys.toLowerCase())).not.toContain('alt-shift-t')
  })
})
