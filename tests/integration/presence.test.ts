import * as awarenessProtocol from 'y-protocols/awareness'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ROLE_INFO } from '../../shared/auth'
import { CLOSE, MESSAGE } from '../../shared/protocol'
import {
  closedWithin,
  connectClient,
  createMeeting,
  mintToken,
  rawConnect,
  startTestServer,
  waitFor,
  type TestClient,
  type TestServer,
} from '../helpers'

type User = { name: string; role: string; color: string; verified: boolean }
const userOf = (observer: TestClient, clientID: number) =>
  (observer.provider.awareness.getStates().get(clientID) as { user?: User } | undefined)?.user

const SPOOF = { name: 'Møteleder X', role: 'møteleder', color: '#000000', verified: true }

describe('presence bound to the token', () => {
  let server: TestServer
  const clients: TestClient[] = []
  const connect = (docName: string, token: string) => {
    const client = connectClient(server.wsUrl, docName, { token })
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

  it('shows a personal token’s name, role and colour whatever the client claims', async () => {
    const meeting = await createMeeting(server.url)
    const kari = await mintToken(server.url, meeting.id, { role: 'medlem', name: 'Kari Medlem', org: 'KS' })
    const chair = connect(meeting.id, meeting.tokens.møteleder)
    const member = connect(meeting.id, kari.token)
    await Promise.all([chair.synced, member.synced])
    member.provider.awareness.setLocalStateField('user', SPOOF)
    const id = member.provider.awareness.clientID
    await waitFor(() => userOf(chair, id)?.name === 'Kari Medlem', 5000, 'the member’s presence')
    expect(userOf(chair, id)).toEqual({ name: 'Kari Medlem', role: 'medlem', color: ROLE_INFO.medlem.color, verified: true })
  })

  it('lets a role invitation choose a name, but never its role or colour, and marks it unverified', async () => {
    const meeting = await createMeeting(server.url)
    const chair = connect(meeting.id, meeting.tokens.møteleder)
    const observer = connect(meeting.id, meeting.tokens.observatør)
    await Promise.all([chair.synced, observer.synced])
    observer.provider.awareness.setLocalStateField('user', SPOOF)
    const id = observer.provider.awareness.clientID
    await waitFor(() => userOf(chair, id)?.name === 'Møteleder X', 5000, 'the observer’s presence')
    expect(userOf(chair, id)).toEqual({ name: 'Møteleder X', role: 'observatør', color: ROLE_INFO.observatør.color, verified: false })
  })

  it('closes a connection that sends presence for another connection’s client id, which stays as it was', async () => {
    const meeting = await createMeeting(server.url)
    const chair = connect(meeting.id, meeting.tokens.møteleder)
    const secretary = connect(meeting.id, meeting.tokens.sekretær)
    await Promise.all([chair.synced, secretary.synced])
    secretary.provider.awareness.setLocalStateField('user', { name: 'Siri' })
    const id = secretary.provider.awareness.clientID
    await waitFor(() => userOf(chair, id)?.name === 'Siri', 5000, 'the secretary’s presence')

    const raw = await rawConnect(server.wsUrl, meeting.id, { token: meeting.tokens.medlem })
    const forged = new awarenessProtocol.Awareness(new Y.Doc())
    forged.clientID = id
    forged.setLocalState({ user: { name: 'Siri' }, cursor: { anchor: 'x' } })
    forged.meta.set(id, { clock: 1000, lastUpdated: 0 })
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE.awareness)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(forged, [id]))
    raw.send(encoding.toUint8Array(encoder))
    expect(await closedWithin(raw)).toEqual({ code: CLOSE.foreignAwareness.code, reason: CLOSE.foreignAwareness.reason })
    forged.destroy()

    // A later change of the secretary's own presence still arrives; the forged cursor never did.
    secretary.provider.awareness.setLocalStateField('user', { name: 'Siri S.' })
    await waitFor(() => userOf(chair, id)?.name === 'Siri S.', 5000, 'the secretary’s next presence')
    expect(chair.provider.awareness.getStates().get(id)).not.toHaveProperty('cursor', { anchor: 'x' })
    expect(userOf(chair, id)).toMatchObject({ role: 'sekretær', color: ROLE_INFO.sekretær.color })
  })
})
