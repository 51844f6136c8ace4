import * as awarenessProtocol from 'y-protocols/awareness'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CLOSE, MESSAGE } from '../../../../shared/protocol'
import { MINUTES_FRAGMENT } from '../../../../shared/schema'
import { setLogLevel } from '../../../../server/log'
import { MemoryStorage } from '../../../../server/persistence'
import { Room, initialMinutesUpdate } from '../../../../server/rooms'
import { Committer } from '../../../../server/rooms/Committer'
import { newClientIds } from '../../../../server/rooms/clientIds'
import { FakePeer, appendText, updateMessage } from '../../../helpers'

setLogLevel('silent')

const INFO = { organ: 'Rådet', title: '', number: '', date: '2024-02-01', time: '', place: '' }
const meeting = { id: 'doc', ...INFO, firstAgendaNumber: 1, createdAt: '2024-01-01T00:00:00.000Z' }
const SIRI = { tokenId: 'tok-siri', role: 'sekretær', name: 'Siri Sekretær', org: null } as const
const MALLORY = { tokenId: 'tok-mallory', role: 'møteleder', name: null, org: null } as const

async function setup(storage = new MemoryStorage()) {
  if (!(await storage.getMeeting('doc'))) await storage.createMeeting(meeting, initialMinutesUpdate(INFO))
  const room = (await Room.load('doc', storage, { compactAfterUpdates: 100, committer: new Committer(storage) }))!
  return { storage, room }
}

/**
 * A client document over what is stored, and the update of each edit it makes. `clientID` is set
 * after the load (Yjs picks a new id for a document that receives structs under its own).
 */
async function clientOf(storage: MemoryStorage, clientID?: number) {
  const doc = new Y.Doc()
  for (const u of (await storage.load('doc'))!.updates) Y.applyUpdate(doc, u)
  if (clientID !== undefined) doc.clientID = clientID
  return {
    doc,
    edit(text: string): Uint8Array {
      const before = Y.encodeStateVector(doc)
      appendText(doc, 'meetingPlace', text)
      return Y.encodeStateAsUpdate(doc, before)
    },
  }
}

function awarenessMessage(clientID: number, state: Record<string, unknown>): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientID
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState(state)
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.awareness)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [clientID]))
  return encoding.toUint8Array(encoder)
}

const text = (doc: Y.Doc) => doc.getXmlFragment(MINUTES_FRAGMENT).toString()

/** Room.receive as the transport calls it: a refusal it throws closes the peer. */
function send(room: Room, peer: FakePeer, message: Uint8Array): void {
  try {
    room.receive(peer, message)
  } catch (err) {
    const close = (err as { close?: { code: number; reason: string } }).close
    if (!close) throw err
    peer.close(close.code, close.reason)
  }
}

describe('client ids bound to who introduced them', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('newClientIds lists only the clients an update writes beyond the document', async () => {
    const { storage } = await setup()
    const siri = await clientOf(storage, 11)
    const server = new Y.Doc()
    for (const u of (await storage.load('doc'))!.updates) Y.applyUpdate(server, u)
    const first = siri.edit('Oslo')
    expect(newClientIds(server, first)).toEqual([11])
    Y.applyUpdate(server, first)
    expect(newClientIds(server, first)).toEqual([]) // a re-sent update writes nothing new
  })

  it('binds a writer’s client id on its first update and refuses another token writing under it; the first writer’s text stays', async () => {
    const { storage, room } = await setup()
    const [siriPeer, malloryPeer, viewer] = [new FakePeer(), new FakePeer(), new FakePeer()]
    room.addPeer(siriPeer, { connId: 's', wantsSaved: false, actor: SIRI })
    room.addPeer(malloryPeer, { connId: 'm', wantsSaved: false, actor: MALLORY })
    room.addPeer(viewer, { connId: 'v', wantsSaved: false, actor: { tokenId: 'tok-v', role: 'medlem', name: null, org: null } })
    const siri = await clientOf(storage, 4242)
    room.receive(siriPeer, updateMessage(siri.edit('Oslo')))
    await vi.advanceTimersByTimeAsync(0)
    expect((await storage.loadClientOwners('doc')).get(4242)).toBe(SIRI.tokenId)

    // Mallory copies Siri's document (client id included) and writes under it.
    const mallory = await clientOf(storage, 4242)
    send(room, malloryPeer, updateMessage(mallory.edit(' FORFALSKET')))
    await vi.advanceTimersByTimeAsync(0)
    expect(malloryPeer.closedWith).toEqual(CLOSE.clientIdTaken)
    expect(text(room.document)).not.toContain('FORFALSKET')

    // Siri's next edit (the same clocks Mallory used) is applied, not lost as a duplicate.
    room.receive(siriPeer, updateMessage(siri.edit(' sentrum')))
    await vi.advanceTimersByTimeAsync(0)
    expect(siriPeer.closedWith).toBeNull()
    const stored = new Y.Doc()
    for (const u of (await storage.load('doc'))!.updates) Y.applyUpdate(stored, u)
    expect(text(stored)).toContain('Oslo sentrum')
    expect(text(stored)).not.toContain('FORFALSKET')
    room.destroy()
  })

  it('keeps the binding after a restart (a new room over the same storage) and for the same token reconnecting', async () => {
    const storage = new MemoryStorage()
    const first = await setup(storage)
    const siri = await clientOf(storage, 777)
    const before = new FakePeer()
    first.room.addPeer(before, { connId: 's1', wantsSaved: false, actor: SIRI })
    first.room.receive(before, updateMessage(siri.edit('Oslo')))
    await vi.advanceTimersByTimeAsync(0)
    await first.room.close()

    const { room } = await setup(storage)
    const [again, mallory] = [new FakePeer(), new FakePeer()]
    room.addPeer(again, { connId: 's2', wantsSaved: false, actor: SIRI })
    room.addPeer(mallory, { connId: 'm', wantsSaved: false, actor: MALLORY })
    const copy = await clientOf(storage, 777)
    send(room, mallory, updateMessage(copy.edit('X')))
    await vi.advanceTimersByTimeAsync(0)
    expect(mallory.closedWith).toEqual(CLOSE.clientIdTaken)
    room.receive(again, updateMessage(siri.edit(' sentrum')))
    await vi.advanceTimersByTimeAsync(0)
    expect(again.closedWith).toBeNull()
    expect(text(room.document)).toContain('Oslo sentrum')
    room.destroy()
  })

  it('binds a writer’s presence id when it announces it, before it writes', async () => {
    const { storage, room } = await setup()
    const [siriPeer, malloryPeer] = [new FakePeer(), new FakePeer()]
    room.addPeer(siriPeer, { connId: 's', wantsSaved: false, actor: SIRI })
    room.addPeer(malloryPeer, { connId: 'm', wantsSaved: false, actor: MALLORY })
    room.receive(siriPeer, awarenessMessage(9001, { user: { name: 'Siri' } }))
    await vi.advanceTimersByTimeAsync(0)
    expect((await storage.loadClientOwners('doc')).get(9001)).toBe(SIRI.tokenId)
    const mallory = await clientOf(storage, 9001) // read off the presence list
    send(room, malloryPeer, updateMessage(mallory.edit('X')))
    await vi.advanceTimersByTimeAsync(0)
    expect(malloryPeer.closedWith).toEqual(CLOSE.clientIdTaken)
    room.destroy()
  })

  it('refuses writing under the room’s own client id (its repairs)', async () => {
    const { storage, room } = await setup()
    const peer = new FakePeer()
    room.addPeer(peer, { connId: 'm', wantsSaved: false, actor: MALLORY })
    const copy = await clientOf(storage, room.document.clientID)
    send(room, peer, updateMessage(copy.edit('X')))
    await vi.advanceTimersByTimeAsync(0)
    expect(peer.closedWith).toEqual(CLOSE.clientIdTaken)
    room.destroy()
  })

  it('handles a writer’s messages in order while its client id is being bound', async () => {
    const { storage, room } = await setup()
    const [siriPeer, viewer] = [new FakePeer(), new FakePeer()]
    room.addPeer(siriPeer, { connId: 's', wantsSaved: false, actor: SIRI })
    room.addPeer(viewer, { connId: 'v', wantsSaved: false, actor: { tokenId: 'tok-v', role: 'medlem', name: null, org: null } })
    const siri = await clientOf(storage, 55)
    for (const word of ['Oslo', ' rådhus', ', sal', ' 3']) room.receive(siriPeer, updateMessage(siri.edit(word)))
    await vi.advanceTimersByTimeAsync(0)
    expect(text(room.document)).toContain('Oslo rådhus, sal 3')
    expect(room.document.store.pendingStructs).toBeNull()
    room.destroy()
  })
})

describe('updates that wait for what never comes', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('closes only the writer whose update waits, not an honest writer typing meanwhile', async () => {
    const storage = new MemoryStorage()
    await storage.createMeeting(meeting, initialMinutesUpdate(INFO))
    const room = (await Room.load('doc', storage, { compactAfterUpdates: 100, pendingTimeoutMs: 1000, committer: new Committer(storage) }))!
    const [siriPeer, malloryPeer] = [new FakePeer(), new FakePeer()]
    room.addPeer(siriPeer, { connId: 's', wantsSaved: false, actor: SIRI })
    room.addPeer(malloryPeer, { connId: 'm', wantsSaved: false, actor: MALLORY })
    const mallory = await clientOf(storage, 666)
    mallory.edit('skjult') // never sent: what follows builds on it
    send(room, malloryPeer, updateMessage(mallory.edit('X')))
    const siri = await clientOf(storage, 777)
    for (const word of ['Oslo', ' sentrum']) {
      send(room, siriPeer, updateMessage(siri.edit(word)))
      await vi.advanceTimersByTimeAsync(300)
    }
    await vi.advanceTimersByTimeAsync(1000)
    expect(malloryPeer.closedWith).toEqual(CLOSE.updateRejected)
    expect(siriPeer.closedWith).toBeNull()
    await room.ready()
    expect(text(room.document)).toContain('Oslo sentrum')
    room.destroy()
  })
})

describe('bounded presence', () => {
  it('refuses a presence state over the limit and relays nothing of it', async () => {
    const storage = new MemoryStorage()
    await storage.createMeeting(meeting, initialMinutesUpdate(INFO))
    const room = (await Room.load('doc', storage, { compactAfterUpdates: 100, maxAwarenessBytes: 1024 }))!
    const [sender, other] = [new FakePeer(), new FakePeer()]
    room.addPeer(sender, { connId: 's', wantsSaved: false, actor: SIRI })
    room.addPeer(other, { connId: 'o', wantsSaved: false, actor: MALLORY })
    const before = other.ofType(MESSAGE.awareness).length
    expect(() => room.receive(sender, awarenessMessage(5, { user: { name: 'Siri' }, junk: 'x'.repeat(2000) }))).toThrow(
      expect.objectContaining({ close: CLOSE.awarenessTooLarge }),
    )
    expect(other.ofType(MESSAGE.awareness)).toHaveLength(before)
    expect(room.awareness.getStates().has(5)).toBe(false)
    room.receive(sender, awarenessMessage(5, { user: { name: 'Siri' }, cursor: 'x'.repeat(500) })) // within the limit
    expect(room.awareness.getStates().has(5)).toBe(true)
    room.destroy()
  })
})
