import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  appendText,
  connectClient,
  createMeeting,
  editMinutes,
  findNode,
  minutesJSON,
  startTestServer,
  waitFor,
  type CreatedMeeting,
  type TestClient,
  type TestServer,
} from '../helpers'
import { minutesSchema } from '../../shared/schema'
import { agendaItemJSON } from '../../shared/minutes'

describe('two stock clients', () => {
  let server: TestServer
  const clients: TestClient[] = []
  const connect = (meeting: CreatedMeeting, params?: Record<string, string>) => {
    const client = connectClient(server.wsUrl, meeting.id, { params, token: meeting.tokens.sekretær })
    clients.push(client)
    return client
  }

  beforeEach(async () => {
    server = await startTestServer()
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server.stop()
  })

  it('receive the stored minutes on connect', async () => {
    const meeting = await createMeeting(server.url, { organ: 'Rådet' })
    const a = connect(meeting)
    await a.synced
    expect(findNode(minutesOf(a), 'organ').node.textContent).toBe('Rådet')
  })

  it('converge after several edits each, including concurrent ones', async () => {
    const meeting = await createMeeting(server.url)
    const a = connect(meeting)
    const b = connect(meeting)
    await Promise.all([a.synced, b.synced])

    appendText(a.doc, 'meetingPlace', 'Oslo')
    appendText(b.doc, 'attendee', 'Kari Nordmann')
    for (let i = 0; i < 5; i++) {
      appendText(a.doc, 'paragraph', ` a${i}`, 0)
      appendText(b.doc, 'paragraph', ` b${i}`, 1)
    }
    editMinutes(a.doc, (tr, doc) => {
      const { pos } = findNode(doc, 'otherBusiness')
      tr.insert(pos, minutesSchema.nodeFromJSON(agendaItemJSON({ number: '3/24', title: 'Budsjett' })))
    })
    await waitFor(() => JSON.stringify(minutesJSON(a.doc)) === JSON.stringify(minutesJSON(b.doc)), 5000, 'convergence')

    const doc = minutesOf(b)
    expect(findNode(doc, 'meetingPlace').node.textContent).toBe('Oslo')
    expect(findNode(doc, 'attendee').node.textContent).toBe('Kari Nordmann')
    for (let i = 0; i < 5; i++) {
      expect(doc.textContent).toContain(` a${i}`)
      expect(doc.textContent).toContain(` b${i}`)
    }
    expect(findNode(doc, 'agendaTitle', 2).node.textContent).toBe('Budsjett')

    // A late third client gets the same document from the server alone.
    const c = connect(meeting)
    await c.synced
    expect(minutesJSON(c.doc)).toEqual(minutesJSON(a.doc))
  })
})

function minutesOf(client: TestClient) {
  return minutesSchema.nodeFromJSON(minutesJSON(client.doc))
}
