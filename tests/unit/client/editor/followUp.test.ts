import { EditorState, TextSelection } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import { insertFollowUpList } from '../../../../client/editor/followUp'
import { minutesSchema, minutesTemplate } from '../../../../shared'

function meeting(): EditorState {
  const json = minutesTemplate({ organ: 'Styret', title: '', number: '4/2026', date: '2026-04-15', time: '', place: '', firstAgendaNumber: 13 })
  return EditorState.create({ doc: minutesSchema.nodeFromJSON(json) })
}

const saker = (state: EditorState) => {
  const out: { number: string; title: string; text: string }[] = []
  state.doc.forEach((node) => {
    if (node.type.name === 'agendaItem' || node.type.name === 'otherBusiness') out.push({ number: node.attrs.number, title: node.firstChild!.textContent, text: node.textContent })
  })
  return out
}

const run = (state: EditorState, lines: string[]) => {
  let next = state
  const applied = insertFollowUpList(lines, () => 'follow-up-sak-id')(state, (tr) => (next = state.apply(tr)))
  return { applied, next }
}

describe('insertFollowUpList', () => {
  const lines = ['Sende notatet (ansvarlig: Kari; fra møte 3/2026, 4. februar 2026)', 'Planlegge workshop (fra møte 3/2026, 4. februar 2026)']

  it('adds a new sak "Oppfølging av aksjonspunkter" before Eventuelt when the caret is outside the saker, renumbering Eventuelt', () => {
    const { applied, next } = run(meeting(), lines)
    expect(applied).toBe(true)
    expect(saker(next).map((s) => [s.number, s.title])).toEqual([
      ['13/26', 'Godkjenning av innkalling og dagsorden'],
      ['14/26', 'Godkjenning av referat fra forrige møte'],
      ['15/26', 'Oppfølging av aksjonspunkter'],
      ['16/26', 'Eventuelt'],
    ])
    expect(saker(next)[2].text).toContain(lines[0])
    expect(saker(next)[2].text).toContain(lines[1])
    next.doc.check()
  })

  it('appends the list to the current sak’s narrative when the caret is in a sak', () => {
    const state = meeting()
    let sakPos = -1
    state.doc.forEach((node, pos) => {
      if (sakPos < 0 && node.type.name === 'agendaItem') sakPos = pos
    })
    const inSak = state.apply(state.tr.setSelection(TextSelection.create(state.doc, sakPos + 2)))
    const { next } = run(inSak, lines)
    expect(saker(next)).toHaveLength(3)
    const narrative = next.doc.nodeAt(sakPos)!.child(1)
    expect(narrative.lastChild!.type.name).toBe('bulletList')
    expect(narrative.lastChild!.childCount).toBe(2)
    next.doc.check()
  })

  it('does not apply without lines', () => {
    expect(run(meeting(), []).applied).toBe(false)
  })
})
