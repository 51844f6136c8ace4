import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CLOSE, SAVED_PARAM, VERSION_PARAM } from '../../shared/protocol'
import { SCHEMA_VERSION } from '../../shared/schema'
import {
  appendText,
  closedWithin,
  connectClient,
  createMeeting,
  findNode,
  minutesJSON,
  minutesOf,
  rawConnect,
  rawSync,
  savedSnapshots,
  startTestServer,
  updateMessage,
  waitFor,
  withTimeout,
  type CreatedMeeting,
  type TestClient,
  type TestServer,
} from '../helpers'

describe('sync endpoint', () => {
  let server: TestServer
  const clients: TestClient[] = []
  const connect = (meeting: CreatedMeeting, params?: Record<string, string>) => {
    const client = connectClient(server.wsUrl, meeting.id, { params, token: meeting.tokens.sekretær })
    clients.push(client)
    return client
  }

  beforeEach(async () => {
    server = await startTestServer({ ROOM_IDLE_MS: '100' })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server.stop()
  })

  it('refuses a connection to an unknown document like one to another meeting, and creates nothing', async () => {
    const meeting = await createMeeting(server.url)
    const raw = await rawConnect(server.wsUrl, 'no-such-meeting', { token: meeting.tokens.sekretær })
    expect(await closedWithin(raw)).toEqual({ code: CLOSE.wrongMeeting.code, reason: CLOSE.wrongMeeting.reason })
    expect(raw.messages).toEqual([])
    expect(server.rooms.get('no-such-meeting')).toBeUndefined()
    expect(await server.storage.load('no-such-meeting')).toBeNull()
  })

  it('closes a client with an older schema version with 4426', async () => {
    const meeting = await createMeeting(server.url)
    const raw = await rawConnect(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær, query: `${VERSION_PARAM}=${SCHEMA_VERSION - 1}` })
    expect((await closedWithin(raw)).code).toBe(CLOSE.clientOutdated.code)
  })

  it('accepts a client with the current schema version', async () => {
    const meeting = await createMeeting(server.url)
    const client = connect(meeting, { [VERSION_PARAM]: String(SCHEMA_VERSION) })
    await client.synced
    expect(findNode(minutesOf(client.doc), 'organ').node.textContent).toBe('Styret')
  })

  it('refuses the upgrade with HTTP 400 for a bad docName', async () => {
    const status = await withTimeout(
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`${server.wsUrl}/sync/bad.name!`)
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.on('open', () => reject(new Error('upgrade accepted')))
        ws.on('error', () => undefined)
      }),
      5000,
      'the upgrade answer',
    )
    expect(status).toBe(400)
  })

  it('sends a saved snapshot containing an edit after it is stored', async () => {
    const meeting = await createMeeting(server.url)
    const raw = await rawConnect(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær, query: `${SAVED_PARAM}=1` })
    const doc = new Y.Doc()
    await rawSync(raw, doc)
    const before = Y.encodeStateVector(doc)
    appendText(doc, 'meetingPlace', 'Stavanger')
    const edit = Y.encodeStateAsUpdate(doc, before)
    expect(savedSnapshots(raw).some((s) => Y.snapshotContainsUpdate(s, edit))).toBe(false)
    raw.send(updateMessage(edit))
    await waitFor(() => savedSnapshots(raw).some((s) => Y.snapshotContainsUpdate(s, edit)), 5000, 'saved with the edit')
    raw.ws.close()
  })

  it('acknowledges the first sync step 2 of a saved=1 client even when it is empty', async () => {
    const meeting = await createMeeting(server.url)
    const client = connect(meeting, { [SAVED_PARAM]: '1' })
    const saved: Uint8Array[] = []
    client.provider.ws!.addEventListener('message', (event) => {
      const bytes = new Uint8Array(event.data as ArrayBuffer)
      if (bytes[0] === 100) saved.push(bytes)
    })
    await client.synced
    await waitFor(() => saved.length === 1, 5000, 'one saved message')
  })

  it('unloads an idle room and serves the latest state when a client reconnects', async () => {
    const meeting = await createMeeting(server.url)
    const a = connect(meeting)
    await a.synced
    appendText(a.doc, 'meetingPlace', 'Bodø')
    await waitFor(async () => (await server.storage.load(meeting.id))!.updates.length >= 2, 5000, 'the edit to be stored')
    const expected = minutesJSON(a.doc)
    a.destroy()
    await waitFor(() => server.rooms.get(meeting.id) === undefined, 5000, 'room unload')
    // Unloading compacts the document into one snapshot (written on the storage's appender
    // thread, after the room has left the registry).
    await waitFor(async () => (await server.storage.load(meeting.id))!.uncompacted === 0, 5000, 'the unload to compact the document')

    const b = connect(meeting)
    await b.synced
    expect(minutesJSON(b.doc)).toEqual(expected)
  })

  it('serves the latest state to a client connecting right after the last one left', async () => {
    const meeting = await createMeeting(server.url)
    const a = connect(meeting)
    await a.synced
    appendText(a.doc, 'meetingPlace', 'Molde')
    await waitFor(async () => (await server.storage.load(meeting.id))!.updates.length >= 2, 5000, 'the edit to be stored')
    const expected = minutesJSON(a.doc)
    a.provider.disconnect()
    await waitFor(() => server.rooms.get(meeting.id)?.peerCount === 0, 5000, 'a to leave')
    const b = connect(meeting)
    await b.synced
    expect(minutesJSON(b.doc)).toEqual(expected)
    expect(server.rooms.get(meeting.id)?.peerCount).toBe(1)
  })

  it('closes peers with 1001 on shutdown', async () => {
    const meeting = await createMeeting(server.url)
    const raw = await rawConnect(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    await waitFor(() => raw.messages.length > 0, 5000, 'greeting')
    const closing = server.close()
    expect((await closedWithin(raw)).code).toBe(CLOSE.goingAway.code)
    await closing
  })
})
