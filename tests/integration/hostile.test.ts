// Issue 10: a hostile writer or member cannot hurt the meeting. Real servers on 127.0.0.1, stock
// y-websocket clients for the honest people, raw sockets for the hostile ones.
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE } from '../../shared/protocol'
import {
  appendText,
  awarenessEntryMessage,
  closedWithin,
  connectClient,
  createMeeting,
  mintToken,
  rawConnect,
  rawSync,
  startTestServer,
  textInside,
  updateMessage,
  waitFor,
  type RawClient,
  writeUnderClientId,
  type TestClient,
} from '../helpers'
import { minutesOf, findNode } from '../helpers/minutes'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function connect(wsUrl: string, docName: string, token: string, doc?: Y.Doc): TestClient {
  const client = connectClient(wsUrl, docName, { token, doc })
  cleanups.push(() => client.destroy())
  return client
}

async function raw(wsUrl: string, docName: string, token: string): Promise<RawClient> {
  const client = await rawConnect(wsUrl, docName, { token })
  cleanups.push(() => client.ws.terminate())
  return client
}

/** The text of the meeting's place (the header field every test writes in). */
const placeOf = (doc: Y.Doc) => findNode(minutesOf(doc), 'meetingPlace').node.textContent

describe('client ids bound to who introduced them', () => {
  it('refuses a second writer who writes under the first one’s client id; the first one’s text survives, also after a restart', async () => {
    let server = await startTestServer()
    const dataDir = server.dataDir
    cleanups.push(() => server.stop())
    const meeting = await createMeeting(server.url)
    const secretary = connect(server.wsUrl, meeting.id, meeting.tokens.sekretær)
    await secretary.synced
    appendText(secretary.doc, 'meetingPlace', 'Oslo')
    await waitFor(() => secretary.provider.ws && secretary.doc.store.clients.size > 0 && placeOf(secretary.doc) === 'Oslo', 5000, 'typing')

    // The chair's link, a hand-made client: a copy of the minutes, then writes under the secretary's client id.
    const forgery = (wsUrl: string) =>
      writeUnderClientId(wsUrl, meeting.id, meeting.tokens.møteleder, secretary.doc.clientID, (copy) => appendText(copy, 'meetingPlace', ' FORFALSKET'))
    expect(await forgery(server.wsUrl)).toEqual(CLOSE.clientIdTaken)

    // The secretary's next words use the very clocks the forger used: they must not vanish.
    appendText(secretary.doc, 'meetingPlace', ' sentrum')
    const fresh = connect(server.wsUrl, meeting.id, meeting.tokens.medlem)
    await fresh.synced
    await waitFor(() => placeOf(fresh.doc) === 'Oslo sentrum', 5000, 'the secretary’s text in a fresh client')

    // After a restart the binding holds, and the same secretary (same token, same client id) writes on.
    secretary.provider.disconnect()
    await server.close()
    server = await startTestServer({}, dataDir)
    expect(await forgery(server.wsUrl)).toEqual(CLOSE.clientIdTaken)
    secretary.provider.serverUrl = `${server.wsUrl}/sync`
    secretary.provider.connect()
    appendText(secretary.doc, 'meetingPlace', ', rådhuset')
    const later = connect(server.wsUrl, meeting.id, meeting.tokens.observatør)
    await later.synced
    await waitFor(() => placeOf(later.doc) === 'Oslo sentrum, rådhuset', 5000, 'the secretary’s text after the restart')
    expect(placeOf(later.doc)).not.toContain('FORFALSKET')
  })
})

describe('bounded presence', () => {
  it('never relays a 1 MB presence state: the sender is closed with 4413, the others see nothing of it', async () => {
    const server = await startTestServer()
    cleanups.push(() => server.stop())
    const meeting = await createMeeting(server.url)
    const viewer = connect(server.wsUrl, meeting.id, meeting.tokens.observatør)
    await viewer.synced
    let largest = 0
    viewer.provider.ws!.addEventListener('message', (event: { data: unknown }) => {
      const size = (event.data as ArrayBuffer).byteLength ?? (event.data as Buffer).length
      largest = Math.max(largest, size)
    })
    const hostile = await raw(server.wsUrl, meeting.id, meeting.tokens.medlem)
    const id = 31337
    hostile.send(awarenessEntryMessage(id, 1, { user: { name: 'Stor' }, junk: 'x'.repeat(1024 * 1024) }))
    expect(await closedWithin(hostile)).toEqual(CLOSE.awarenessTooLarge)
    // A small presence from an honest member still goes through: the viewer sees it, and nothing large came before.
    const member = connect(server.wsUrl, meeting.id, meeting.tokens.medlem)
    await member.synced
    member.provider.awareness.setLocalStateField('user', { name: 'Kari' })
    await waitFor(() => viewer.provider.awareness.getStates().has(member.doc.clientID), 5000, 'the honest presence')
    expect(viewer.provider.awareness.getStates().has(id)).toBe(false)
    expect(largest).toBeLessThan(64 * 1024)
  })
})

describe('rate limits', () => {
  it('slows and then closes a writer flooding updates and presence; the honest writer and viewers keep their connections', async () => {
    const server = await startTestServer({ FLOOD_CLOSE_AFTER_MS: '1000' })
    cleanups.push(() => server.stop())
    const meeting = await createMeeting(server.url)
    const second = await mintToken(server.url, meeting.id, { role: 'sekretær', name: 'Flom' })
    const secretary = connect(server.wsUrl, meeting.id, meeting.tokens.sekretær)
    const viewers = [0, 1].map(() => connect(server.wsUrl, meeting.id, meeting.tokens.observatør))
    await Promise.all([secretary.synced, ...viewers.map((v) => v.synced)])
    const closes: number[] = []
    for (const client of [secretary, ...viewers]) client.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? 0))

    const hostile = await raw(server.wsUrl, meeting.id, second.token)
    const doc = new Y.Doc()
    await rawSync(hostile, doc)
    doc.on('update', (u: Uint8Array) => {
      if (hostile.ws.readyState === hostile.ws.OPEN) hostile.send(updateMessage(u))
    })
    appendText(doc, 'meetingTitle', 'x')
    const target = textInside(doc, 'meetingTitle')
    let sent = 0
    // The honest secretary types 7 characters a second meanwhile.
    const typing = setInterval(() => appendText(secretary.doc, 'meetingPlace', '.'), 150)
    cleanups.push(() => clearInterval(typing))
    // ~4,000 updates and ~4,000 presence messages a second, until the server closes it (at most 10 s).
    const started = Date.now()
    while (hostile.ws.readyState === hostile.ws.OPEN && Date.now() - started < 10_000) {
      for (let i = 0; i < 40; i++) {
        target.insert(target.length, 'x')
        hostile.send(awarenessEntryMessage(doc.clientID, ++sent, { user: { name: 'Flom' } }))
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(await closedWithin(hostile)).toEqual(CLOSE.rateLimited)
    clearInterval(typing)
    // The honest secretary's text reaches every viewer; nobody honest was disconnected.
    appendText(secretary.doc, 'meetingPlace', 'slutt')
    for (const viewer of viewers) await waitFor(() => placeOf(viewer.doc).endsWith('slutt'), 10_000, 'the secretary’s text at a viewer')
    expect(closes).toEqual([])
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toMatch(/referat_limits_tripped_total\{[^}]*kind="(update|awareness)-rate"[^}]*\} [1-9]/)
    expect(metrics).toMatch(/referat_limits_tripped_total\{[^}]*kind="flood-close"[^}]*\} [1-9]/)
  })
})
