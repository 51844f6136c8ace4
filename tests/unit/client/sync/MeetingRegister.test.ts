import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MeetingRegister, readMeetingLanguage, readRegister } from '../../../../client/sync/MeetingRegister'
import { MEETING_LANGUAGE_KEY, MEETING_STATE_KEY, REGISTER_MAPS } from '../../../../shared'

const actor = { tokenId: 't1', role: 'medlem', name: null, org: null }
const flag = (id: string, createdAt: string, patch: Record<string, unknown> = {}) => ({
  id,
  agendaItemId: 'sak1',
  anchor: { start: 'AAA=', end: 'BBB=' },
  quote: 'tekst',
  comment: 'feil',
  proposedText: null,
  nameMe: false,
  author: actor,
  createdAt,
  status: 'open',
  reply: null,
  decidedBy: null,
  decidedAt: null,
  ...patch,
})

describe('readRegister', () => {
  it('reads flags oldest first, confirmations by sak and the meeting state', () => {
    const doc = new Y.Doc()
    doc.getMap(REGISTER_MAPS.flags).set('b', flag('b', '2024-01-01T10:05:00Z'))
    doc.getMap(REGISTER_MAPS.flags).set('a', flag('a', '2024-01-01T10:00:00Z', { status: 'accepted' }))
    doc.getMap(REGISTER_MAPS.confirmations).set('sak1', {
      agendaItemId: 'sak1',
      textHash: 'abc',
      text: 'Vedtak',
      by: { tokenId: 't2', role: 'møteleder', name: 'Leder', org: null },
      at: '2024-01-01T10:10:00Z',
    })
    doc.getMap(REGISTER_MAPS.meeting).set(MEETING_STATE_KEY, { closedAt: '2024-01-01T15:00:00Z', closedBy: null, commentDeadline: null })
    const register = readRegister(doc)
    expect(register.flags.map((f) => [f.id, f.status])).toEqual([
      ['a', 'accepted'],
      ['b', 'open'],
    ])
    expect(register.confirmations.get('sak1')?.by.name).toBe('Leder')
    expect(register.meeting.closedAt).toBe('2024-01-01T15:00:00Z')
  })

  it('keeps a signed-in actor’s verified identity, and only a complete one', () => {
    const doc = new Y.Doc()
    const confirmation = (id: string, by: Record<string, unknown>) => ({ agendaItemId: id, textHash: 'h', text: 'V', by, at: '2024-01-01T10:10:00Z' })
    const kari = { tokenId: 't2', role: 'møteleder', name: 'Kari Nordmann', org: null }
    doc.getMap(REGISTER_MAPS.confirmations).set('s1', confirmation('s1', { ...kari, verified: true, issuer: 'https://idp.example', subject: 'sub-kari' }))
    doc.getMap(REGISTER_MAPS.confirmations).set('s2', confirmation('s2', { ...kari, verified: true }))
    const register = readRegister(doc)
    expect(register.confirmations.get('s1')?.by).toEqual({ ...kari, verified: true, issuer: 'https://idp.example', subject: 'sub-kari' })
    expect(register.confirmations.get('s2')?.by).toEqual(kari)
  })

  it('skips entries without the contract shape and treats a missing state as open', () => {
    const doc = new Y.Doc()
    doc.getMap(REGISTER_MAPS.flags).set('x', { id: 'x' })
    doc.getMap(REGISTER_MAPS.flags).set('y', flag('y', '2024-01-01T10:00:00Z', { status: 'maybe' }))
    doc.getMap(REGISTER_MAPS.confirmations).set('s', { agendaItemId: 's' })
    const register = readRegister(doc)
    expect(register.flags).toEqual([])
    expect(register.confirmations.size).toBe(0)
    expect(register.meeting).toEqual({ closedAt: null, closedBy: null, commentDeadline: null })
  })
})

describe(MeetingRegister, () => {
  it('notifies on every change with a new snapshot', () => {
    const doc = new Y.Doc()
    const register = new MeetingRegister(doc)
    const first = register.getSnapshot()
    let calls = 0
    register.subscribe(() => calls++)
    doc.getMap(REGISTER_MAPS.flags).set('a', flag('a', '2024-01-01T10:00:00Z'))
    expect(calls).toBe(1)
    expect(register.getSnapshot()).not.toBe(first)
    expect(register.getSnapshot().flags).toHaveLength(1)
  })
})

describe('readMeetingLanguage', () => {
  it("reads the meeting's language from the register, and nothing for an absent or unknown one", () => {
    const doc = new Y.Doc()
    expect(readMeetingLanguage(doc)).toBeNull()
    doc.getMap(REGISTER_MAPS.meeting).set(MEETING_LANGUAGE_KEY, 'nn')
    expect(readMeetingLanguage(doc)).toBe('nn')
    doc.getMap(REGISTER_MAPS.meeting).set(MEETING_LANGUAGE_KEY, 'sv')
    expect(readMeetingLanguage(doc)).toBeNull()
  })
})
