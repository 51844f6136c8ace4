import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CLOSE, MESSAGE, ProtocolError } from '../../../../shared/protocol'
import { MINUTES_FRAGMENT } from '../../../../shared/schema'
import { setLogLevel } from '../../../../server/log'
import { MemoryStorage } from '../../../../server/persistence'
import { Room, RoomRegistry, initialMinutesUpdate } from '../../../../server/rooms'
import { Committer } from '../../../../server/rooms/Committer'
import { PRESENCE_BROADCAST_INTERVAL_MS } from '../../../../server/rooms/RoomPresence'
import { FakePeer, appendText, syncMessage, updateMessage } from '../../../helpers'

setLogLevel('silent')

const INFO = { organ: 'Rådet', title: '', number: '', date: '2024-02-01', time: '', place: '' }
const meeting = { id: 'doc', ...INFO, firstAgendaNumber: 1, createdAt: '2024-01-01T00:00:00.000Z' }
const SECRETARY = { tokenId: 'tok-sekretaer', role: 'sekretær', name: 'Siri Sekretær', org: null } as const

async function setup(compactAfterUpdates = 100) {
  const storage = new MemoryStorage()
  await storage.createMeeting(meeting, initialMinutesUpdate(INFO))
  const committer = new Committer(storage)
  const room = (await Room.load('doc', storage, { compactAfterUpdates, savedDelayMs: 30, committer }))!
  return { storage, room, committer }
}

/** A client copy of the stored document and a function producing the update of an edit. */
async function clientOf(storage: MemoryStorage, docName = 'doc') {
  const doc = new Y.Doc()
  for (const u of (await storage.load(docName))!.updates) Y.applyUpdate(doc, u)
  return {
    doc,
    edit(text: string): Uint8Array {
      const before = Y.encodeStateVector(doc)
      appendText(doc, 'meetingPlace', text)
      return Y.encodeStateAsUpdate(doc, before)
    },
  }
}

/** The update carried by a sync message (step 2 or update) the room sent. */
function syncPayload(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message)
  decoding.readVarUint(decoder) // MESSAGE.sync
  decoding.readVarUint(decoder) // sync message type
  return decoding.readVarUint8Array(decoder)
}

function receiveError(fn: () => void): ProtocolError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ProtocolError) return err
    throw err
  }
  throw new Error('expected a ProtocolError')
}

describe('Room', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('greets a peer with sync step 1', async () => {
    const { room } = await setup()
    const peer = new FakePeer()
    room.addPeer(peer, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    expect(peer.ofType(MESSAGE.sync)).toHaveLength(1)
    room.destroy()
  })

  it('stores an update (group commit, same turn) before relaying it to the other peers only', async () => {
    const { storage, room } = await setup()
    const [a, b] = [new FakePeer(), new FakePeer()]
    room.addPeer(a, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    room.addPeer(b, { connId: 'b', wantsSaved: false, actor: SECRETARY })
    const append = vi.spyOn(storage, 'appendBatch')
    const sendB = vi.spyOn(b, 'send')
    room.receive(a, updateMessage((await clientOf(storage)).edit('Oslo')))
    expect(append).not.toHaveBeenCalled()
    expect(sendB).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(0) // the commit runs in the check phase of this turn (setImmediate)
    expect(append).toHaveBeenCalledTimes(1)
    expect(sendB).toHaveBeenCalledTimes(1)
    expect(append.mock.invocationCallOrder[0]).toBeLessThan(sendB.mock.invocationCallOrder[0])
    expect(a.sent).toHaveLength(1)
    room.destroy()
  })

  it('commits a burst of updates from several rooms in one storage transaction, then relays them in order', async () => {
    const { storage, room, committer } = await setup()
    await storage.createMeeting({ ...meeting, id: 'doc2' }, initialMinutesUpdate(INFO))
    const room2 = (await Room.load('doc2', storage, { compactAfterUpdates: 100, committer }))!
    const [a, b, c] = [new FakePeer(), new FakePeer(), new FakePeer()]
    room.addPeer(a, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    room.addPeer(b, { connId: 'b', wantsSaved: false, actor: SECRETARY })
    room2.addPeer(c, { connId: 'c', wantsSaved: false, actor: SECRETARY })
    const append = vi.spyOn(storage, 'appendBatch')
    const client = await clientOf(storage)
    const updates = Array.from({ length: 20 }, (_, i) => client.edit(String.fromCharCode(65 + i)))
    for (const u of updates) room.receive(a, updateMessage(u))
    room2.receive(c, updateMessage((await clientOf(storage, 'doc2')).edit('Bergen')))
    await vi.advanceTimersByTimeAsync(0)
    expect(append).toHaveBeenCalledTimes(1)
    // one row per room: the 20 updates of the turn are stored merged
    expect(append.mock.calls[0][0].map((e) => [e.docName, e.updates.length])).toEqual([['doc', 1], ['doc2', 1]])
    expect(b.ofType(MESSAGE.sync).slice(1)).toHaveLength(20)
    const relayed = new Y.Doc()
    for (const u0 of (await storage.load('doc'))!.updates.slice(0, 1)) Y.applyUpdate(relayed, u0)
    for (const m of b.ofType(MESSAGE.sync).slice(1)) Y.applyUpdate(relayed, syncPayload(m))
    expect(relayed.getXmlFragment(MINUTES_FRAGMENT).toString()).toBe(client.doc.getXmlFragment(MINUTES_FRAGMENT).toString())
    room.destroy()
    room2.destroy()
  })

  it('holds a sync reply until what it contains is stored, and serves fresh clients the current state', async () => {
    const { storage, room } = await setup()
    const [a, fresh1] = [new FakePeer(), new FakePeer()]
    room.addPeer(a, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    room.addPeer(fresh1, { connId: 'f1', wantsSaved: false, actor: SECRETARY })
    const empty = Y.encodeStateVector(new Y.Doc())
    room.receive(fresh1, syncMessage(syncProtocol.messageYjsSyncStep1, empty)) // nothing waits: answered at once
    expect(fresh1.ofType(MESSAGE.sync)).toHaveLength(2)
    const client = await clientOf(storage)
    room.receive(a, updateMessage(client.edit('Oslo ')))
    await vi.advanceTimersByTimeAsync(0) // the writer's client id is bound to it, the edit stored
    room.receive(a, updateMessage(client.edit('sentrum')))
    const fresh2 = new FakePeer()
    room.addPeer(fresh2, { connId: 'f2', wantsSaved: false, actor: SECRETARY })
    room.receive(fresh2, syncMessage(syncProtocol.messageYjsSyncStep1, empty))
    expect(fresh2.ofType(MESSAGE.sync)).toHaveLength(1) // the greeting only: the edit is not stored yet
    await vi.advanceTimersByTimeAsync(0)
    // the relay of the edit (it joined before the commit) and the step 2 answer
    const step2 = fresh2.ofType(MESSAGE.sync).filter((m) => m[1] === syncProtocol.messageYjsSyncStep2)
    expect(step2).toHaveLength(1)
    const loaded = new Y.Doc()
    Y.applyUpdate(loaded, syncPayload(step2[0]))
    expect(loaded.getXmlFragment(MINUTES_FRAGMENT).toString()).toBe(client.doc.getXmlFragment(MINUTES_FRAGMENT).toString())
    room.destroy()
  })

  it('serves a fresh client the stored bytes before decoding a large document, and holds the rest until decoded', async () => {
    const storage = new MemoryStorage()
    await storage.createMeeting(meeting, initialMinutesUpdate(INFO))
    const stored = (await storage.load('doc'))!.updates[0]
    const room = (await Room.load('doc', storage, { compactAfterUpdates: 100, lazyDecodeBytes: 1 }))!
    const [fresh, writer] = [new FakePeer(), new FakePeer()]
    room.addPeer(fresh, { connId: 'f', wantsSaved: false, actor: SECRETARY })
    room.addPeer(writer, { connId: 'w', wantsSaved: false, actor: SECRETARY })
    expect(fresh.sent).toHaveLength(0) // our state vector needs the decoded document: the greeting waits
    room.receive(fresh, syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc())))
    expect(fresh.ofType(MESSAGE.sync)).toHaveLength(1)
    expect(syncPayload(fresh.ofType(MESSAGE.sync)[0])).toEqual(stored) // answered at once, from storage
    room.receive(writer, updateMessage((await clientOf(storage)).edit('Oslo'))) // waits for the decode
    expect(room.isSettled).toBe(false)
    await vi.advanceTimersByTimeAsync(0) // the decode (setImmediate), then the edit's commit
    await room.ready()
    expect(room.document.getXmlFragment(MINUTES_FRAGMENT).toString()).toContain('Oslo')
    expect(fresh.ofType(MESSAGE.sync).length).toBeGreaterThanOrEqual(3) // + the greeting, + the relayed edit
    room.destroy()
  })

  it('neither stores nor relays an update that changes nothing', async () => {
    const { storage, room } = await setup()
    const [a, b] = [new FakePeer(), new FakePeer()]
    room.addPeer(a, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    room.addPeer(b, { connId: 'b', wantsSaved: false, actor: SECRETARY })
    const update = (await clientOf(storage)).edit('Oslo')
    room.receive(a, updateMessage(update))
    room.receive(a, updateMessage(update))
    await vi.advanceTimersByTimeAsync(0)
    expect((await storage.load('doc'))!.updates).toHaveLength(2)
    expect(b.ofType(MESSAGE.sync)).toHaveLength(2)
    room.destroy()
  })

  it('coalesces saved messages and sends one after the first sync step 2', async () => {
    const { storage, room } = await setup()
    const peer = new FakePeer()
    room.addPeer(peer, { connId: 'a', wantsSaved: true, actor: SECRETARY })
    room.receive(peer, syncMessage(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(new Y.Doc())))
    const client = await clientOf(storage)
    room.receive(peer, updateMessage(client.edit('A')))
    room.receive(peer, updateMessage(client.edit('B')))
    expect(peer.ofType(MESSAGE.saved)).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(30)
    expect(peer.ofType(MESSAGE.saved)).toHaveLength(1)
    room.destroy()
  })

  it('relays nothing it cannot store: closes the peers with 4500 and keeps the document as stored', async () => {
    const { storage, room } = await setup()
    const [a, b] = [new FakePeer(), new FakePeer()]
    room.addPeer(a, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    room.addPeer(b, { connId: 'b', wantsSaved: false, actor: SECRETARY })
    const before = room.document.getXmlFragment(MINUTES_FRAGMENT).toString()
    const append = vi.spyOn(storage, 'appendBatch').mockImplementation(() => {
      throw new Error('disk full')
    })
    room.receive(a, updateMessage((await clientOf(storage)).edit('Oslo')))
    await vi.advanceTimersByTimeAsync(0)
    expect(append).toHaveBeenCalledTimes(3) // bounded retries
    expect(a.closedWith?.code).toBe(CLOSE.storageFailure.code)
    expect(b.closedWith?.code).toBe(CLOSE.storageFailure.code)
    expect(b.sent).toHaveLength(1) // the greeting, never the update
    expect(room.document.getXmlFragment(MINUTES_FRAGMENT).toString()).toBe(before)
    room.destroy()
  })

  it('rejects a bad update, reloads, and keeps serving the same document', async () => {
    const { storage, room } = await setup()
    const peer = new FakePeer()
    room.addPeer(peer, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    const before = room.document
    const client = await clientOf(storage)
    room.receive(peer, updateMessage(client.edit('Oslo')))
    await vi.advanceTimersByTimeAsync(0) // the client id is bound to the writer, the edit stored
    const bad = (() => {
      const sv = Y.encodeStateVector(client.doc)
      client.doc.getXmlFragment(MINUTES_FRAGMENT).insert(0, [new Y.XmlElement('iframe')])
      return Y.encodeStateAsUpdate(client.doc, sv)
    })()
    expect(receiveError(() => room.receive(peer, updateMessage(bad))).close).toBe(CLOSE.updateRejected)
    await room.ready() // the reload from storage
    expect(room.document).not.toBe(before)
    expect(room.document.getXmlFragment(MINUTES_FRAGMENT).toString()).not.toContain('iframe')
    room.destroy()
  })

  it('relays awareness and removes a peer’s awareness states when it leaves', async () => {
    const { room } = await setup()
    const [a, b] = [new FakePeer(), new FakePeer()]
    room.addPeer(a, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    room.addPeer(b, { connId: 'b', wantsSaved: false, actor: SECRETARY })
    const clientAwareness = new awarenessProtocol.Awareness(new Y.Doc())
    clientAwareness.setLocalState({ user: { name: 'Ola' } })
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE.awareness)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(clientAwareness, [clientAwareness.clientID]))
    room.receive(a, encoding.toUint8Array(encoder))
    expect(b.ofType(MESSAGE.awareness)).toHaveLength(1)
    expect(room.awareness.getStates().has(clientAwareness.clientID)).toBe(true)
    room.removePeer(a)
    expect(room.awareness.getStates().has(clientAwareness.clientID)).toBe(false)
    // Within a broadcast interval of the first change: sent at its end.
    expect(b.ofType(MESSAGE.awareness)).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(PRESENCE_BROADCAST_INTERVAL_MS)
    expect(b.ofType(MESSAGE.awareness)).toHaveLength(2)
    clientAwareness.destroy()
    room.destroy()
  })

  it('compacts off the hot path after COMPACT_AFTER_UPDATES updates', async () => {
    const { storage, room } = await setup(3)
    const peer = new FakePeer()
    room.addPeer(peer, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    const client = await clientOf(storage)
    for (const text of ['A', 'B']) {
      room.receive(peer, updateMessage(client.edit(text)))
      await vi.advanceTimersByTimeAsync(0) // one commit (one row) each
    }
    expect((await storage.load('doc'))!.uncompacted).toBe(3)
    await vi.advanceTimersByTimeAsync(1)
    expect((await storage.load('doc'))!.uncompacted).toBe(0)
    // The next compaction waits for compactIntervalMs (1 s) after this one.
    for (const text of ['C', 'D', 'E']) {
      room.receive(peer, updateMessage(client.edit(text)))
      await vi.advanceTimersByTimeAsync(0)
    }
    await vi.advanceTimersByTimeAsync(500)
    expect((await storage.load('doc'))!.uncompacted).toBe(3)
    await vi.advanceTimersByTimeAsync(500)
    expect((await storage.load('doc'))!.uncompacted).toBe(0)
    room.destroy()
  })
})

describe('RoomRegistry', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('refuses unknown documents and unloads an idle room unless a peer comes back', async () => {
    const storage = new MemoryStorage()
    await storage.createMeeting(meeting, initialMinutesUpdate(INFO))
    const registry = new RoomRegistry(storage, { roomIdleMs: 1000, compactAfterUpdates: 100 })
    await expect(registry.join('other', new FakePeer(), { connId: 'x', wantsSaved: false, actor: SECRETARY })).rejects.toMatchObject({
      close: CLOSE.unknownDocument,
    })
    const a = new FakePeer()
    await registry.join('doc', a, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    registry.leave('doc', a)
    await vi.advanceTimersByTimeAsync(500)
    const b = new FakePeer()
    await registry.join('doc', b, { connId: 'b', wantsSaved: false, actor: SECRETARY })
    await vi.advanceTimersByTimeAsync(1000)
    expect(registry.get('doc')).toBeDefined()
    registry.leave('doc', b)
    await vi.advanceTimersByTimeAsync(1000)
    expect(registry.get('doc')).toBeUndefined()
    expect((await storage.load('doc'))!.uncompacted).toBe(0)
  })

  it('stores on shutdown an edit still waiting for its writer’s client ids to be bound, before closing its connection', async () => {
    vi.useRealTimers()
    const storage = new MemoryStorage()
    await storage.createMeeting(meeting, initialMinutesUpdate(INFO))
    // The binding is slow (the SQLite appender thread is busy): it finishes only when released.
    let releaseClaim = () => {}
    const claimed = new Promise<void>((resolve) => (releaseClaim = resolve))
    const claim = storage.claimClientIds.bind(storage)
    storage.claimClientIds = async (docName, clientIds, owner) => {
      await claimed
      return claim(docName, clientIds, owner)
    }
    const registry = new RoomRegistry(storage, { roomIdleMs: 1000, compactAfterUpdates: 100 })
    const a = new FakePeer()
    const room = await registry.join('doc', a, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    room.receive(a, updateMessage((await clientOf(storage)).edit('Alta')))
    const shutdown = registry.shutdown()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(a.closedWith).toBeNull() // the held edit is waited for
    releaseClaim()
    await shutdown
    expect(a.closedWith?.code).toBe(CLOSE.goingAway.code)
    const stored = await clientOf(storage)
    expect(stored.doc.getXmlFragment(MINUTES_FRAGMENT).toString()).toContain('Alta')
  })

  it('closes every peer with 1001 on shutdown', async () => {
    const storage = new MemoryStorage()
    await storage.createMeeting(meeting, initialMinutesUpdate(INFO))
    const registry = new RoomRegistry(storage, { roomIdleMs: 1000, compactAfterUpdates: 100 })
    const a = new FakePeer()
    await registry.join('doc', a, { connId: 'a', wantsSaved: false, actor: SECRETARY })
    await registry.shutdown()
    expect(a.closedWith?.code).toBe(CLOSE.goingAway.code)
    expect(registry.size).toBe(0)
  })
})
