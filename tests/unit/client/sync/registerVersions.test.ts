import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readRegister } from '../../../../client/sync/MeetingRegister'
import { MEETING_STATE_KEY, REGISTER_MAPS } from '../../../../shared'

const version = (id: string, createdAt: string) => ({
  id,
  name: `Versjon ${id}`,
  createdAt,
  createdBy: { tokenId: 't1', role: 'sekretær', name: null },
})

describe('readRegister: versions and approval', () => {
  it('lists versions oldest first and skips malformed ones; a register without the map has none', () => {
    const doc = new Y.Doc()
    expect(readRegister(doc).versions).toEqual([])
    doc.getMap(REGISTER_MAPS.versions).set('b', version('b', '2024-01-02T10:00:00Z'))
    doc.getMap(REGISTER_MAPS.versions).set('a', version('a', '2024-01-01T10:00:00Z'))
    doc.getMap(REGISTER_MAPS.versions).set('x', { id: 'x', name: 'Uten forfatter', createdAt: '2024-01-01T10:00:00Z' })
    doc.getMap(REGISTER_MAPS.versions).set('y', { ...version('y', '2024-01-01T10:00:00Z'), createdBy: { tokenId: 't', role: 'konge' } })
    expect(readRegister(doc).versions).toEqual([version('a', '2024-01-01T10:00:00Z'), version('b', '2024-01-02T10:00:00Z')])
  })

  it('reads the approval when present and leaves older states as they were', () => {
    const doc = new Y.Doc()
    const closed = { closedAt: '2024-01-01T15:00:00Z', closedBy: null, commentDeadline: null }
    doc.getMap(REGISTER_MAPS.meeting).set(MEETING_STATE_KEY, closed)
    expect(readRegister(doc).meeting).toEqual(closed)
    const approvedBy = { tokenId: 't2', role: 'sekretær', name: 'Siri', org: null }
    doc.getMap(REGISTER_MAPS.meeting).set(MEETING_STATE_KEY, { ...closed, approvedAt: '2024-02-01T10:00:00Z', approvedBy, approvedInMeeting: 'møte 2/2024' })
    expect(readRegister(doc).meeting).toEqual({ ...closed, approvedAt: '2024-02-01T10:00:00Z', approvedBy, approvedInMeeting: 'møte 2/2024' })
  })
})
