import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { nextFollowMode, writerAnnouncement, writerPosition, type FollowMode } from '../../../../client/reader'
import { activateForTest } from '../i18n/activate'

beforeAll(() => activateForTest('nb'))

/** A textblock element holding `text`. */
function textblock(name: string, text: string): Y.XmlElement {
  const el = new Y.XmlElement(name)
  const t = new Y.XmlText()
  t.insert(0, text)
  el.insert(0, [t])
  return el
}

/** Header, a sak 5/23 "Budsjett" (id sak-5), a sak without number, and Eventuelt. */
function minutes() {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment('minutes')
  const header = new Y.XmlElement('meetingHeader')
  header.insert(0, [textblock('meetingTitle', 'Referat')])
  const sak = new Y.XmlElement('agendaItem')
  sak.setAttribute('id', 'sak-5')
  sak.setAttribute('number', '5/23')
  sak.insert(0, [textblock('agendaTitle', 'Budsjett'), textblock('paragraph', 'Siv presenterte saken.')])
  const unnumbered = new Y.XmlElement('agendaItem')
  unnumbered.insert(0, [textblock('agendaTitle', 'Ekstra')])
  const other = new Y.XmlElement('otherBusiness')
  other.setAttribute('id', 'sak-eventuelt')
  other.insert(0, [textblock('agendaTitle', '')])
  fragment.insert(0, [header, sak, unnumbered, other])
  const textOf = (block: number, child: number) => ((fragment.get(block) as Y.XmlElement).get(child) as Y.XmlElement).get(0) as Y.XmlText
  return { doc, fragment, textOf }
}

/** An awareness state as y-tiptap writes it and the wire delivers it (JSON). */
function stateAt(text: Y.XmlText, index: number, user: Record<string, unknown>): Record<string, unknown> {
  const head = JSON.parse(JSON.stringify(Y.createRelativePositionFromTypeIndex(text, index))) as unknown
  return { user, cursor: { anchor: head, head } }
}

describe(nextFollowMode, () => {
  it('pauses only while following, follows again on «Følg igjen», and obeys the toggle', () => {
    const modes: FollowMode[] = ['following', 'paused', 'off']
    expect(modes.map((m) => nextFollowMode(m, { type: 'interrupt' }))).toEqual(['paused', 'paused', 'off'])
    expect(modes.map((m) => nextFollowMode(m, { type: 'resume' }))).toEqual(['following', 'following', 'following'])
    expect(modes.map((m) => nextFollowMode(m, { type: 'toggle', on: false }))).toEqual(['off', 'off', 'off'])
    expect(modes.map((m) => nextFollowMode(m, { type: 'toggle', on: true }))).toEqual(['following', 'following', 'following'])
  })
})

describe(writerPosition, () => {
  it("finds the sak the secretary's caret is in, with its id and what the live region says", () => {
    const { doc, fragment, textOf } = minutes()
    const states = new Map([[7, stateAt(textOf(1, 1), 4, { name: 'Lucie Aunan', role: 'sekretær' })]])
    expect(writerPosition(doc, fragment, states, doc.clientID)).toEqual({ clientId: 7, name: 'Lucie Aunan', blockIndex: 1, sakId: 'sak-5', label: 'Sak 5/23 Budsjett', sakNumber: '5/23', sakTitle: 'Budsjett' })
  })

  it('names a sak without number by its title, Eventuelt without title as Eventuelt, and the header not at all', () => {
    const { doc, fragment, textOf } = minutes()
    const at = (block: number, child: number) => writerPosition(doc, fragment, new Map([[7, stateAt(textOf(block, child), 0, { name: 'L', role: 'sekretær' })]]), doc.clientID)
    expect(at(2, 0)).toMatchObject({ blockIndex: 2, sakId: null, label: 'Ekstra' })
    expect(at(3, 0)).toMatchObject({ blockIndex: 3, sakId: 'sak-eventuelt', label: 'Eventuelt' })
    expect(at(0, 0)).toMatchObject({ blockIndex: 0, sakId: null, label: null })
  })

  it('follows a writing role only, prefers the sekretær, and keeps the one followed so far', () => {
    const { doc, fragment, textOf } = minutes()
    const states = new Map([
      [3, stateAt(textOf(1, 0), 0, { name: 'Medlem', role: 'medlem' })],
      [4, stateAt(textOf(2, 0), 0, { name: 'Møteleder', role: 'møteleder' })],
      [9, stateAt(textOf(3, 0), 0, { name: 'Sekretær B', role: 'sekretær' })],
      [8, stateAt(textOf(1, 1), 0, { name: 'Sekretær A', role: 'sekretær' })],
      [doc.clientID, stateAt(textOf(1, 1), 0, { name: 'Meg', role: 'sekretær' })],
    ])
    expect(writerPosition(doc, fragment, states, doc.clientID)?.name).toBe('Sekretær A')
    expect(writerPosition(doc, fragment, states, doc.clientID, 9)?.name).toBe('Sekretær B')
    states.delete(8)
    states.delete(9)
    expect(writerPosition(doc, fragment, states, doc.clientID)?.name).toBe('Møteleder')
    states.delete(4)
    expect(writerPosition(doc, fragment, states, doc.clientID)).toBeNull()
  })
})

describe(writerAnnouncement, () => {
  it('names the sak by number and title, by number alone, or by its label', () => {
    expect(writerAnnouncement({ label: 'Sak 11/24 Orientering', sakNumber: '11/24', sakTitle: 'Orientering' })).toBe('Referenten skriver i sak 11/24 Orientering.')
    expect(writerAnnouncement({ label: 'Sak 11/24', sakNumber: '11/24', sakTitle: '' })).toBe('Referenten skriver i sak 11/24.')
    expect(writerAnnouncement({ label: 'Eventuelt', sakNumber: null, sakTitle: '' })).toBe('Referenten skriver i Eventuelt.')
    expect(writerAnnouncement({ label: null, sakNumber: null, sakTitle: '' })).toBeNull()
  })
})
