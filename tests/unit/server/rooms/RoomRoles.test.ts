import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CLOSE, MESSAGE, ProtocolError } from '../../../../shared/protocol'
import { REGISTER_MAPS, registerDocName, type Actor } from '../../../../shared/register'
import { setLogLevel } from '../../../../server/log'
import { MemoryStorage } from '../../../../server/persistence'
import { Room, RoomRegistry, initialMinutesUpdate, initialRegisterUpdate, meetingStateOf, writeRegister } from '../../../../server/rooms'
import { FakePeer, appendText, syncMessage, updateMessage } from '../../../helpers'

setLogLevel('silent')

const INFO = { organ: 'Rådet', title: '', number: '', date: '2024-02-01', time: '', place: '' }
const meeting = { id: 'doc', ...INFO, firstAgendaNumber: 1, createdAt: '2024-01-01T00:00:00.000Z' }
const actor = (role: Actor['role'], tokenId: string = role, name: string | null = null): Actor => ({ tokenId, role, name, org: null })
const info = (a: Actor, connId = a.tokenId) => ({ connId, wantsSaved: false, actor: a })

async function setup() {
  const storage = new MemoryStorage()
  await storage.createMeeting(meeting, initialMinutesUpdate(INFO), new Map([[registerDocName('doc'), initialRegisterUpdate()]]))
  const room = (await Room.load('doc', storage, { compactAfterUpdates: 100 }))!
  const client = new Y.Doc()
  for (const u of (await storage.load('doc'))!.updates) Y.applyUpdate(client, u)
  const edit = (text: string) => {
    const before = Y.encodeStateVector(client)
    appendText(client, 'meetingPlace', text)
    return Y.encodeStateAsUpdate(client, before)
  }
  return { storage, room, client, edit }
}

function closeOf(fn: () => void): ProtocolError['close'] {
  try {
    fn()
  } catch (err) {
    if (err instanceof ProtocolError) return err.close
    throw err
  }
  throw new Error('expected a ProtocolError')
}

function awarenessMessage(clientID: number, state: unknown, clock = 1): Uint8Array {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc())
  awareness.clientID = clientID
  awareness.setLocalState(state as Record<string, unknown>)
  awareness.meta.set(clientID, { clock, lastUpdated: 0 })
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.awareness)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [clientID]))
  awareness.destroy()
  return encoding.toUint8Array(encoder)
}

describe('Room roles', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it.each(['medlem', 'observatør'] as const)('closes a %s that sends a change with read-only; nothing stored or relayed', async (role) => {
    const { storage, room, edit } = await setup()
    const [writer, reader] = [new FakePeer(), new FakePeer()]
    room.addPeer(writer, info(actor('sekretær')))
    room.addPeer(reader, info(actor(role)))
    const before = room.document.getXmlFragment('minutes').toString()
    expect(closeOf(() => room.receive(reader, updateMessage(edit('Oslo'))))).toBe(CLOSE.readOnly)
    expect(closeOf(() => room.receive(reader, syncMessage(syncProtocol.messageYjsSyncStep2, edit('Bergen'))))).toBe(CLOSE.readOnly)
    expect((await storage.load('doc'))!.updates).toHaveLength(1)
    expect(writer.ofType(MESSAGE.sync)).toHaveLength(1) // the greeting only
    expect(room.document.getXmlFragment('minutes').toString()).toBe(before)
    room.destroy()
  })

  it('accepts sync step 1, an empty step 2 and a no-op update from a reader, and keeps relaying to it', async () => {
    const { room, client, edit } = await setup()
    const [writer, reader] = [new FakePeer(), new FakePeer()]
    room.addPeer(writer, info(actor('møteleder')))
    room.addPeer(reader, info(actor('medlem')))
    room.receive(reader, syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(client)))
    room.receive(reader, syncMessage(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(client, Y.encodeStateVector(room.document))))
    room.receive(reader, updateMessage(Y.encodeStateAsUpdate(new Y.Doc())))
    room.receive(writer, updateMessage(edit('Tromsø')))
    await vi.advanceTimersByTimeAsync(0) // the group commit (setImmediate), then the relay
    // greeting, the step 2 answer, the relayed edit
    expect(reader.ofType(MESSAGE.sync)).toHaveLength(3)
    expect(reader.closedWith).toBeNull()
    room.destroy()
  })

  it('refuses every change once the meeting is closed, from writers too', async () => {
    const { room, edit } = await setup()
    const writer = new FakePeer()
    room.addPeer(writer, info(actor('sekretær')))
    room.setClosed(true)
    expect(closeOf(() => room.receive(writer, updateMessage(edit('Oslo'))))).toBe(CLOSE.meetingClosed)
    const reader = new FakePeer()
    room.addPeer(reader, info(actor('medlem')))
    expect(closeOf(() => room.receive(reader, updateMessage(edit('Oslo'))))).toBe(CLOSE.meetingClosed)
    room.destroy()
  })

  it('serves the register read-only to every role and stores and relays server changes', async () => {
    const { storage } = await setup()
    const room = (await Room.load(registerDocName('doc'), storage, { compactAfterUpdates: 100, kind: 'register' }))!
    const chair = new FakePeer()
    room.addPeer(chair, info(actor('møteleder')))
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room.document))
    const before = Y.encodeStateVector(client)
    client.getMap(REGISTER_MAPS.flags).set('x', { forged: true })
    expect(closeOf(() => room.receive(chair, updateMessage(Y.encodeStateAsUpdate(client, before))))).toBe(CLOSE.readOnly)

    const peer = new FakePeer()
    room.addPeer(peer, info(actor('medlem')))
    const state = { closedAt: '2024-02-01T12:00:00.000Z', closedBy: actor('møteleder'), commentDeadline: null }
    const stored = room.applyServerChange((doc) => writeRegister.meetingState(doc, state))
    expect(peer.ofType(MESSAGE.sync)).toHaveLength(1) // the greeting: nothing goes out before the commit
    expect(await stored).not.toBeNull()
    expect(peer.ofType(MESSAGE.sync)).toHaveLength(2)
    const reloaded = (await Room.load(registerDocName('doc'), storage, { compactAfterUpdates: 100, kind: 'register' }))!
    expect(meetingStateOf(reloaded.document)).toEqual(state)
    expect(await room.applyServerChange(() => undefined)).toBeNull()
    room.destroy()
    reloaded.destroy()
  })

  it('binds presence to the token, drops echoes, and refuses a newer entry for a client id another peer owns', async () => {
    const { room } = await setup()
    const [a, b] = [new FakePeer(), new FakePeer()]
    room.addPeer(a, info(actor('medlem', 'ta', 'Kari Medlem')))
    room.addPeer(b, info(actor('sekretær', 'tb', 'Siri Sekretær')))
    room.receive(a, awarenessMessage(11, { user: { name: 'Møteleder X', role: 'møteleder', color: '#000000' } }))
    expect(room.awareness.getStates().get(11)).toEqual({
      user: { name: 'Kari Medlem', role: 'medlem', color: '#047857', verified: true },
    })
    room.receive(b, awarenessMessage(22, { user: { name: 'Siri' } }))
    // The stock provider echoes what it receives: entries no newer than the server's are dropped.
    const sentToB = b.sent.length
    room.receive(a, awarenessMessage(22, { user: { name: 'Siri' }, echoed: true }, 1))
    room.receive(b, awarenessMessage(33, { user: { name: 'Nobody' } }))
    expect(b.sent.length).toBe(sentToB)
    expect(room.awareness.getStates().has(33)).toBe(false)
    expect(room.awareness.getStates().get(22)).not.toHaveProperty('echoed')
    // A newer entry for another peer's id would overwrite its presence.
    expect(closeOf(() => room.receive(a, awarenessMessage(22, { user: { name: 'Siri' } }, 5)))).toBe(CLOSE.foreignAwareness)
    expect(closeOf(() => room.receive(b, awarenessMessage(room.awareness.clientID, {}, 5)))).toBe(CLOSE.foreignAwareness)
    expect(room.awareness.getStates().get(22)).toMatchObject({ user: { name: 'Siri Sekretær' } })
    room.destroy()
  })
})

describe('RoomRegistry and the register', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('opens a closed meeting’s minutes room closed, and closes a token’s peers on revocation', async () => {
    const { storage } = await setup()
    const registry = new RoomRegistry(storage, { roomIdleMs: 1000, compactAfterUpdates: 100 })
    await registry.withRoom(registerDocName('doc'), (room) =>
      room.applyServerChange((doc) =>
        writeRegister.meetingState(doc, { closedAt: '2024-02-01T12:00:00.000Z', closedBy: actor('møteleder'), commentDeadline: null }),
      ),
    )
    const [a, b] = [new FakePeer(), new FakePeer()]
    const room = await registry.join('doc', a, info(actor('sekretær', 'tok-a')))
    await registry.join(registerDocName('doc'), b, info(actor('sekretær', 'tok-a'), 'b'))
    expect(room.isClosed).toBe(true)
    expect(registry.closeToken('tok-a', CLOSE.tokenRevoked)).toBe(2)
    expect(a.closedWith).toEqual({ code: CLOSE.tokenRevoked.code, reason: CLOSE.tokenRevoked.reason })
    expect(b.closedWith?.reason).toBe(CLOSE.tokenRevoked.reason)
    await vi.advanceTimersByTimeAsync(1000)
    expect(registry.size).toBe(0)
  })

  it('creates the register of a meeting that predates it', async () => {
    const storage = new MemoryStorage()
    await storage.createMeeting(meeting, initialMinutesUpdate(INFO))
    const registry = new RoomRegistry(storage, { roomIdleMs: 1000, compactAfterUpdates: 100 })
    const state = await registry.withRoom(registerDocName('doc'), (room) => meetingStateOf(room.document))
    expect(state.closedAt).toBeNull()
    expect(await storage.load(registerDocName('doc'))).not.toBeNull()
    await expect(registry.withRoom('other/register', () => undefined)).rejects.toMatchObject({ close: CLOSE.unknownDocument })
    await registry.shutdown()
  })
})
