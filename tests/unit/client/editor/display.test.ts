import { i18n } from '@lingui/core'
import { EditorState, type Transaction } from '@tiptap/pm/state'
import type { DecorationSet } from '@tiptap/pm/view'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { formatClock, formatDay, formatPlanned } from '../../../../client/editor/clock'
import { displayAttributes, hintFor, noteFor } from '../../../../client/editor/display'
import { displayDecorations, displayPlugin } from '../../../../client/editor/displayDecorations'
import { languageRefreshKey } from '../../../../client/editor/languageRefresh'
import { placeholderPlugin } from '../../../../client/editor/placeholder'
import { confirmationMark } from '../../../../client/editor/confirmations'
import { loadNamespace } from '../../../../client/i18n'
import { minutesSchema } from '../../../../shared'
import { seed003 } from '../../../fixtures/seed003'
import { findNode } from './fixtures'

// The words the minutes show around the document (labels, notes, hints, marks), in the
// interface language; bokmål as before the catalogues (the CSS said the same).

beforeAll(async () => {
  await Promise.all(['nn', 'en'].flatMap((lang) => [loadNamespace(lang as 'nn', 'common'), loadNamespace(lang as 'nn', 'editor')]))
})
afterEach(() => i18n.activate('nb'))

describe('noteFor and displayAttributes', () => {
  it('words an attendee, an action item and a sak badge as the bokmål CSS did', () => {
    expect(noteFor('attendee', { remote: true, arrivedAt: null, substituteFor: null })).toBe(' – digitalt')
    expect(noteFor('attendee', { remote: false, arrivedAt: '10:10', substituteFor: null })).toBe(' – kom kl. 10.10')
    expect(noteFor('attendee', { remote: true, arrivedAt: '10.10', substituteFor: 'Kari Nordmann' })).toBe(', for Kari Nordmann – digitalt, kom kl. 10.10')
    expect(noteFor('attendee', { remote: false, arrivedAt: null, substituteFor: null })).toBe('')
    expect(noteFor('actionItem', { owner: 'Kari', dueDate: '2023-11-01' })).toBe(' (Ansvarlig: Kari, frist: 1. november 2023)')
    expect(noteFor('actionItem', { owner: null, dueDate: '2023-11-01' })).toBe(' (Frist: 1. november 2023)')
    expect(noteFor('actionItem', { owner: 'Kari', dueDate: null })).toBe(' (Ansvarlig: Kari)')
    expect(noteFor('agendaItem', { plannedStart: '13:05', caseType: 'Orientering' })).toBe('kl. 13.05 · Orientering')
    expect(noteFor('otherBusiness', { plannedStart: null })).toBe('')
  })

  it('gives the part labels and the due date in the interface language', () => {
    expect(displayAttributes('decision', {})).toEqual({ 'data-label': 'Vedtak' })
    expect(displayAttributes('actionItem', { owner: null, dueDate: '2023-11-01' })).toEqual({
      'data-note': ' (Frist: 1. november 2023)',
      'data-due-text': '1. november 2023',
    })
    i18n.activate('nn')
    expect(displayAttributes('presentList', {})).toEqual({ 'data-label': 'Til stades' })
    expect(noteFor('attendee', { remote: true, arrivedAt: null, substituteFor: null })).toBe(' – digitalt')
    i18n.activate('en')
    expect(displayAttributes('absentList', {})['data-label']).toBe('Absent')
    expect(noteFor('actionItem', { owner: 'Kari', dueDate: '2023-11-01' })).toBe(' (Responsible: Kari, due: 1 November 2023)')
    expect(noteFor('agendaItem', { plannedStart: '13.05', caseType: null })).toBe('at 13:05')
  })

  it('gives the hints in the interface language', () => {
    expect(hintFor('agendaTitle', 'agendaItem', 2)).toBe('Sakstittel')
    expect(hintFor('paragraph', 'decision', 1)).toBe('Vedtakstekst …')
    expect(hintFor('paragraph', 'decision', 2)).toBeNull()
    i18n.activate('nn')
    expect(hintFor('paragraph', 'narrative', 1)).toBe('Kven innleidde, kva vart sagt …')
    i18n.activate('en')
    expect(hintFor('agendaTitle', 'agendaItem', 2)).toBe('Item title')
    expect(confirmationMark('confirmed')).toBe('✓ Confirmed by the chair')
  })
})

describe('clock and dates via Intl', () => {
  it('keeps the Norwegian clock with a full stop and the English one with a colon', () => {
    const local = new Date(2023, 9, 4, 13, 7)
    expect(formatClock(local.toISOString(), 'nb-NO')).toBe('13.07')
    expect(formatClock(local.toISOString(), 'nn-NO')).toBe('13.07')
    expect(formatClock(local.toISOString(), 'en-GB')).toBe('13:07')
    expect(formatPlanned('13:05', 'nb-NO')).toBe('13.05')
    expect(formatPlanned('13.05', 'en-GB')).toBe('13:05')
    expect(formatPlanned(null, 'en-GB')).toBe('')
  })

  it('writes a calendar date the same on every time zone, and leaves other text', () => {
    expect(formatDay('2023-11-01', 'nb-NO')).toBe('1. november 2023')
    expect(formatDay('2023-11-01', 'nn-NO')).toBe('1. november 2023')
    expect(formatDay('2023-11-01', 'en-GB')).toBe('1 November 2023')
    expect(formatDay('snart', 'nb-NO')).toBe('snart')
  })
})

/** Every display decoration as comparable text. */
function shown(set: DecorationSet): string[] {
  return set
    .find()
    .map((d) => `${d.from}-${d.to}:${JSON.stringify((d as unknown as { type: { attrs: Record<string, string> } }).type.attrs)}`)
    .sort()
}

describe('display decorations', () => {
  const doc = minutesSchema.nodeFromJSON(seed003)
  const refresh = (state: EditorState): Transaction => state.tr.setMeta(languageRefreshKey, true)

  it('matches a full rebuild after edits, and keeps the same set when the document did not change', () => {
    const plugin = displayPlugin()
    let state = EditorState.create({ doc, plugins: [plugin] })
    const same = state.apply(state.tr.setMeta('x', 1))
    expect(plugin.getState(same)).toBe(plugin.getState(state))
    const item = findNode(state.doc, 'actionItem', 0)
    state = state.apply(state.tr.setNodeMarkup(item.pos, undefined, { ...item.node.attrs, owner: 'Kari', dueDate: '2023-11-01' }))
    state = state.apply(state.tr.insertText('abc', findNode(state.doc, 'paragraph', 3).pos + 1))
    expect(shown(plugin.getState(state) as DecorationSet)).toEqual(shown(displayDecorations(state.doc)))
    expect(shown(plugin.getState(state) as DecorationSet).join('\n')).toContain('Ansvarlig: Kari, frist: 1. november 2023')
  })

  it('rebuilds labels and hints in the new language on the refresh transaction only', () => {
    const display = displayPlugin()
    const hints = placeholderPlugin()
    let state = EditorState.create({ doc, plugins: [display, hints] })
    const title = findNode(state.doc, 'agendaTitle', 1)
    state = state.apply(state.tr.delete(title.pos + 1, title.pos + title.node.nodeSize - 1))
    const before = display.getState(state)
    i18n.activate('en')
    // Typing does not recompute anything for the language: the untouched blocks keep their words.
    const typed = state.apply(state.tr.insertText('x', findNode(state.doc, 'paragraph', 3).pos + 1))
    expect(shown(display.getState(typed) as DecorationSet).join('\n')).toContain('"data-label":"Vedtak"')
    state = state.apply(refresh(state))
    expect(display.getState(state)).not.toBe(before)
    const words = shown(display.getState(state) as DecorationSet).join('\n')
    expect(words).toContain('"data-label":"Decision"')
    expect(words).not.toContain('"data-label":"Vedtak"')
    expect(shown(display.getState(state) as DecorationSet)).toEqual(shown(displayDecorations(state.doc)))
    const placeholders = (hints.getState(state) as DecorationSet).find().map((d) => (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs['data-placeholder'])
    expect(placeholders).toContain('Item title')
    for (const hint of placeholders) expect(['Item title', 'Name (organisation)', 'Input from a member …', 'Who does what, by when …', 'Subheading', 'Who introduced it, what was said …', 'Text of the decision …']).toContain(hint)
  })
})
