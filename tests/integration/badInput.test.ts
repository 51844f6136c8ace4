import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CLOSE } from '../../shared/protocol'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import {
  appendText,
  closedWithin,
  connectClient,
  createMeeting,
  minutesJSON,
  rawConnect,
  rawSync,
  startTestServer,
  syncMessage,
  updateMessage,
  waitFor,
  type TestClient,
  type TestServer,
} from '../helpers'

/** Builds the bad bytes from a document that is in sync with the server. */
type BadInput = (synced: Y.Doc) => Uint8Array

/** The update a local change to `doc` produces (what a client would send). */
function changeOf(doc: Y.Doc, change: (fragment: Y.XmlFragment) => void): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.transact(() => change(doc.getXmlFragment(MINUTES_FRAGMENT)))
  return Y.encodeStateAsUpdate(doc, before)
}

const firstAgendaItem = (fragment: Y.XmlFragment) =>
  fragment.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === 'agendaItem') as Y.XmlElement

const NESTING = 3000

const cases: [string, number, BadInput][] = [
  ['garbage bytes', CLOSE.malformedMessage.code, () => new Uint8Array(16).fill(0xff)],
  ['a truncated message', CLOSE.malformedMessage.code, () => new Uint8Array([0, 2, 50, 1, 2])],
  ['an unknown message type', CLOSE.malformedMessage.code, () => new Uint8Array([7, 0, 0])],
  ['an unknown sync message type', CLOSE.malformedMessage.code, () => syncMessage(9, new Uint8Array([0]))],
  [
    'a sync update Yjs rejects',
    CLOSE.updateRejected.code,
    (doc) => {
      const update = changeOf(doc, (f) => f.insert(0, [new Y.XmlElement('paragraph')]))
      return updateMessage(update.slice(0, update.length - 3))
    },
  ],
  [
    `an update nested ${NESTING} levels deep`,
    CLOSE.updateRejected.code,
    (doc) =>
      updateMessage(
        changeOf(doc, (f) => {
          let parent: Y.XmlElement = new Y.XmlElement('agendaItem')
          f.insert(2, [parent])
          const narrative = new Y.XmlElement('narrative')
          parent.insert(0, [narrative])
          parent = narrative
          for (let i = 0; i < NESTING; i++) {
            const child = new Y.XmlElement(i % 2 === 0 ? 'bulletList' : 'listItem')
            parent.insert(0, [child])
            parent = child
          }
        }),
      ),
  ],
  [
    'an unknown node name',
    CLOSE.updateRejected.code,
    (doc) => updateMessage(changeOf(doc, (f) => f.insert(0, [new Y.XmlElement('script')]))),
  ],
  [
    'an unknown root type',
    CLOSE.updateRejected.code,
    (doc) => {
      const before = Y.encodeStateVector(doc)
      doc.getMap('evil').set('payload', 'x')
      return updateMessage(Y.encodeStateAsUpdate(doc, before))
    },
  ],
  [
    'a decision directly under the top level',
    CLOSE.updateRejected.code,
    (doc) =>
      updateMessage(
        changeOf(doc, (f) => {
          const decision = new Y.XmlElement('decision')
          f.insert(2, [decision])
          const paragraph = new Y.XmlElement('paragraph')
          decision.insert(0, [paragraph])
          paragraph.insert(0, [new Y.XmlText('Vedtatt')])
        }),
      ),
  ],
  [
    'an invalid attribute value',
    CLOSE.updateRejected.code,
    (doc) => updateMessage(changeOf(doc, (f) => firstAgendaItem(f).setAttribute('number', '<script>'))),
  ],
  [
    'an update whose missing dependencies never come',
    CLOSE.updateRejected.code,
    (doc) => {
      changeOf(doc, (f) => f.insert(0, [new Y.XmlText('first')]))
      const before = Y.encodeStateVector(doc)
      ;(doc.getXmlFragment(MINUTES_FRAGMENT).get(0) as Y.XmlText).insert(5, ' second')
      return updateMessage(Y.encodeStateAsUpdate(doc, before))
    },
  ],
]

describe('bad input on the sync socket', () => {
  let server: TestServer
  const clients: TestClient[] = []

  beforeEach(async () => {
    // Updates whose dependencies never come are dropped after this long.
    server = await startTestServer({ PENDING_TIMEOUT_MS: '300' })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server.stop()
  })

  it.each(cases)('closes the sender of %s with %i and nobody else notices', async (_name, code, bad) => {
    const meeting = await createMeeting(server.url)
    const b = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(b)
    await b.synced
    // What the document must look like afterwards: untouched by the bad input, plus b's edit.
    const expected = new Y.Doc()
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(b.doc))
    appendText(expected, 'meetingPlace', 'Bergen')

    const raw = await rawConnect(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    const local = new Y.Doc()
    await rawSync(raw, local)
    raw.send(bad(local))
    expect((await closedWithin(raw)).code).toBe(code)

    // The other client carries on, and what it writes is stored and relayed.
    appendText(b.doc, 'meetingPlace', 'Bergen')
    const c = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(c)
    await c.synced
    await waitFor(() => JSON.stringify(minutesJSON(c.doc)) === JSON.stringify(minutesJSON(b.doc)), 5000, 'fresh client')
    expect(minutesJSON(c.doc)).toEqual(minutesJSON(expected))
    expect(c.doc.getXmlFragment(MINUTES_FRAGMENT).toString()).toBe(expected.getXmlFragment(MINUTES_FRAGMENT).toString())
    expect([...c.doc.share.keys()]).toEqual([MINUTES_FRAGMENT])
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  it('holds an update that arrives before the update it builds on, then stores and relays both', async () => {
    // A client that types right after reconnecting sends the keystroke before the sync step 2
    // that carries its offline edits; the server must not refuse it.
    const meeting = await createMeeting(server.url)
    const b = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(b)
    await b.synced
    const raw = await rawConnect(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    const local = new Y.Doc()
    await rawSync(raw, local)
    const before = Y.encodeStateVector(local)
    appendText(local, 'meetingPlace', 'Scandic')
    const middle = Y.encodeStateVector(local)
    appendText(local, 'meetingPlace', ' Grand Tromsø')
    const first = Y.encodeStateAsUpdate(local, before)
    const second = Y.diffUpdate(Y.encodeStateAsUpdate(local), middle)

    raw.send(updateMessage(second))
    raw.send(syncMessage(syncProtocol.messageYjsSyncStep2, first))
    await waitFor(() => JSON.stringify(minutesJSON(b.doc)) === JSON.stringify(minutesJSON(local)), 5000, 'b to see both edits')

    const c = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(c)
    await c.synced
    expect(minutesJSON(c.doc)).toEqual(minutesJSON(local))
    // Nothing is left waiting for dependencies, so the sender will not be dropped.
    const store = server.rooms.get(meeting.id)!.document.store
    expect([store.pendingStructs, store.pendingDs]).toEqual([null, null])
    expect(raw.ws.readyState).toBe(raw.ws.OPEN)
    raw.ws.close()
  })

  it('closes a message over MAX_MESSAGE_BYTES with 1009 and keeps serving', async () => {
    await server.stop()
    server = await startTestServer({ MAX_MESSAGE_BYTES: '2048' })
    const meeting = await createMeeting(server.url)
    const b = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(b)
    await b.synced
    const raw = await rawConnect(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    raw.send(syncMessage(syncProtocol.messageYjsUpdate, new Uint8Array(4096)))
    expect((await closedWithin(raw)).code).toBe(CLOSE.messageTooBig.code)

    appendText(b.doc, 'meetingPlace', 'Tromsø')
    const c = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(c)
    await c.synced
    await waitFor(() => JSON.stringify(minutesJSON(c.doc)) === JSON.stringify(minutesJSON(b.doc)), 5000, 'fresh client')
  })
})
