import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { agendaItemJSON } from '../../shared/minutes'
import { minutesSchema } from '../../shared/schema'
import {
  connectClient,
  createMeeting,
  editMinutes,
  findAll,
  findNode,
  minutesJSON,
  minutesOf,
  startTestServer,
  waitFor,
  type TestClient,
  type TestServer,
} from '../helpers'

const sameMinutes = (a: TestClient, b: TestClient) => JSON.stringify(minutesJSON(a.doc)) === JSON.stringify(minutesJSON(b.doc))

describe('shapes caused by concurrent edits', () => {
  let server: TestServer
  let a: TestClient
  let b: TestClient

  beforeEach(async () => {
    server = await startTestServer()
    const meeting = await createMeeting(server.url)
    a = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    b = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    await Promise.all([a.synced, b.synced])
  })
  afterEach(async () => {
    a.destroy()
    b.destroy()
    await server.stop()
  })

  /** Both clients go offline, edit, and come back; resolves when they agree again. */
  async function offlineEdits(editA: () => void, editB: () => void): Promise<void> {
    a.provider.disconnect()
    b.provider.disconnect()
    editA()
    editB()
    a.provider.connect()
    b.provider.connect()
    await waitFor(() => a.provider.synced && b.provider.synced && sameMinutes(a, b), 5000, 'convergence')
  }

  it('merges two decisions added to the same agenda item into one', async () => {
    editMinutes(a.doc, (tr, doc) => {
      tr.insert(findNode(doc, 'otherBusiness').pos, minutesSchema.nodeFromJSON(agendaItemJSON({ number: '3/24', title: 'Budsjett' })))
    })
    await waitFor(() => findAll(minutesOf(b.doc), 'agendaItem').length === 3, 5000, 'b to see the new item')

    const addDecision = (text: string) => (tr: import('@tiptap/pm/transform').Transform, doc: import('@tiptap/pm/model').Node) => {
      const { pos, node } = findNode(doc, 'agendaItem', 2)
      const decision = minutesSchema.nodeFromJSON({ type: 'decision', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
      tr.insert(pos + node.nodeSize - 1, decision)
    }
    await offlineEdits(
      () => editMinutes(a.doc, addDecision('Vedtak fra A')),
      () => editMinutes(b.doc, addDecision('Vedtak fra B')),
    )
    // The server's repair arrives after both offline edits; wait until it is in.
    await waitFor(() => findAll(findNode(minutesOf(a.doc), 'agendaItem', 2).node, 'decision').length === 1 && sameMinutes(a, b), 5000, 'repair')

    const item = findNode(minutesOf(b.doc), 'agendaItem', 2).node
    const decisions = findAll(item, 'decision')
    expect(decisions).toHaveLength(1)
    expect(decisions[0].childCount).toBe(2)
    expect(decisions[0].textContent).toContain('Vedtak fra A')
    expect(decisions[0].textContent).toContain('Vedtak fra B')
    minutesOf(a.doc).check()
  })

  it('refills an attendee list that two deletions emptied', async () => {
    editMinutes(a.doc, (tr, doc) => {
      const { pos } = findNode(doc, 'attendee')
      tr.insert(pos + 1, minutesSchema.text('Ola'))
      tr.insert(tr.mapping.map(pos + 2), minutesSchema.nodes.attendee.create(null, minutesSchema.text('Kari')))
    })
    await waitFor(() => findNode(minutesOf(b.doc), 'presentList').node.childCount === 2, 5000, 'b to see two attendees')

    const deleteAttendee = (index: number) => (tr: import('@tiptap/pm/transform').Transform, doc: import('@tiptap/pm/model').Node) => {
      const { pos, node } = findNode(doc, 'attendee', index)
      tr.delete(pos, pos + node.nodeSize)
    }
    await offlineEdits(
      () => editMinutes(a.doc, deleteAttendee(0)),
      () => editMinutes(b.doc, deleteAttendee(1)),
    )
    await waitFor(() => findNode(minutesOf(a.doc), 'presentList').node.childCount === 1 && sameMinutes(a, b), 5000, 'repair')

    const list = findNode(minutesOf(b.doc), 'presentList').node
    expect(list.childCount).toBe(1)
    expect(list.firstChild!.type.name).toBe('attendee')
    expect(list.textContent).toBe('')
    minutesOf(a.doc).check()
  })
})
