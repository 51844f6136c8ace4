import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CLOSE, MESSAGE, ProtocolError } from '../../../../shared/protocol'
import { setLogLevel } from '../../../../server/log'
import { MemoryStorage, type AppendEntry } from '../../../../server/persistence'
import { Room, initialMinutesUpdate } from '../../../../server/rooms'
import { Committer } from '../../../../server/rooms/Committer'
import { FakePeer, appendText, minutesOf, syncMessage, updateMessage } from '../../../helpers'

setLogLevel('silent')

const INFO = { organ: 'Rådet', title: '', number: '', date: '2024-02-01', time: '', place: '' }
const meeting = { id: 'doc', ...INFO, firstAgendaNumber: 1, createdAt: '2024-01-01T00:00:00.000Z' }
const SECRETARY = { tokenId: 'tok-sekretaer', role: 'sekretær', name: 'Siri Sekretær', org: null } as const
const MEMBER = { tokenId: 'tok-medlem', role: 'medlem', name: 'Mona Medlem', org: null } as const

/** MemoryStorage whose appends hang until `release` (a lock another process holds). */
class StalledStorage extends MemoryStorage {
  private held: (() => void)[] = []
  stalled = true
  override async appendBatch(batch: readonly AppendEntry[]): Promise<number[]> {
    if (this.stalled) await new Promise<void>((resolve) => this.held.push(resolve))
    return super.appendBatch(batch)
  }
  release(): void {
    this.stalled = false
    for (const resume of this.held.splice(0)) resume()
  }
}

/** The docs the sync step 2 messages a peer got would give a fresh client. */
function step2Doc(peer: FakePeer): Y.Doc {
  const doc = new Y.Doc()
  for (const message of peer.ofType(MESSAGE.sync)) {
    const decoder = decoding.createDecoder(message)
    decoding.readVarUint(decoder)
    const type = decoding.readVarUint(decoder)
    if (type === syncProtocol.messageYjsSyncStep2 || type === syncProtocol.messageYjsUpdate) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
  }
  return doc
}

async function setup(options: { storageReadOnly?: boolean } = {}) {
  const storage = new StalledStorage()
  storage.stalled = false
  await storage.createMeeting(meeting, initialMinutesUpdate(INFO))
  const committer = new Committer(storage)
  const room = (await Room.load('doc', storage, { compactAfterUpdates: 100, committer, ...options }))!
  const client = new Y.Doc()
  for (const u of (await storage.load('doc'))!.updates) Y.applyUpdate(client, u)
  const edit = (text: string) => {
    const before = Y.encodeStateVector(client)
    appendText(client, 'meetingPlace', text)
    return Y.encodeStateAsUpdate(client, before)
  }
  return { storage, room, edit }
}

describe('Room with storage that misbehaves', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('answers a joining peer from storage when the commit waits, never with what is not stored', async () => {
    const { storage, room, edit } = await setup()
    const writer = new FakePeer()
    room.addPeer(writer, { connId: 'w', wantsSaved: false, actor: SECRETARY })
    room.receive(writer, updateMessage(edit(' lagret')))
    await vi.advanceTimersByTimeAsync(10)
    storage.stalled = true
    room.receive(writer, updateMessage(edit(' venter')))
    await vi.advanceTimersByTimeAsync(10)

    const joiner = new FakePeer()
    room.addPeer(joiner, { connId: 'j', wantsSaved: false, actor: MEMBER })
    room.receive(joiner, syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc())))
    await vi.advanceTimersByTimeAsync(100)
    const step2sOf = (peer: FakePeer) => peer.ofType(MESSAGE.sync).filter((m) => m[1] === syncProtocol.messageYjsSyncStep2)
    expect(step2sOf(joiner)).toHaveLength(0) // still waiting for the commit
    await vi.advanceTimersByTimeAsync(150)
    const answered = minutesOf(step2Doc(joiner)).textContent
    expect(answered).toContain('lagret')
    expect(answered).not.toContain('venter')

    storage.release()
    await vi.advanceTimersByTimeAsync(10)
    // The rest comes as the relay after the commit, and only one step 2 was sent.
    expect(minutesOf(step2Doc(joiner)).textContent).toContain('venter')
    expect(step2sOf(joiner)).toHaveLength(1)
  })

  it('admits writers as readers on read-only storage and closes one that sends a change with storage-read-only', async () => {
    const { room, edit } = await setup({ storageReadOnly: true })
    const writer = new FakePeer()
    room.addPeer(writer, { connId: 'w', wantsSaved: false, actor: SECRETARY })
    let refused: unknown = null
    try {
      room.receive(writer, updateMessage(edit(' endring')))
    } catch (err) {
      refused = err
    }
    expect(refused).toBeInstanceOf(ProtocolError)
    expect((refused as ProtocolError).close).toBe(CLOSE.storageReadOnly)
    expect(minutesOf(room.document).textContent).not.toContain('endring')
  })
})
