import { CLOSE, ProtocolError, type CloseReason } from '../../shared/protocol'
import { registerDocName } from '../../shared/register'
import { log } from '../log'
import { loadDocument, type DocStorage, type MeetingStore } from '../persistence'
import type { PeerInfo, PeerSocket } from './PeerSocket'
import { Committer } from './Committer'
import { Room } from './Room'
import { parseRoomName } from './docNames'
import { initialRegisterUpdate, meetingStateOf } from './registerDoc'

/** Tuning of the registry. */
export interface RoomRegistryOptions {
  /** How long a room stays loaded after its last peer left, in milliseconds. */
  readonly roomIdleMs: number
  /** Stored updates after which a room compacts its document. */
  readonly compactAfterUpdates: number
  /** Delay that coalesces `saved` messages, in milliseconds. */
  readonly savedDelayMs?: number
  /** See RoomOptions.pendingTimeoutMs. */
  readonly pendingTimeoutMs?: number
}

/**
 * The open rooms by docName. Loads a room synchronously when its first peer joins and unloads
 * it `roomIdleMs` after the last one left (compacting first); a join cancels a pending unload.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>()
  private readonly idleTimers = new Map<string, NodeJS.Timeout>()
  private closed = false
  /** One group commit for all rooms: one transaction per turn of the event loop. */
  private readonly committer: Committer

  constructor(
    private readonly storage: DocStorage & MeetingStore,
    private readonly options: RoomRegistryOptions,
  ) {
    this.committer = new Committer(storage)
  }

  /** The loaded room of `docName`, if any. */
  get(docName: string): Room | undefined {
    return this.rooms.get(docName)
  }

  /** Number of loaded rooms. */
  get size(): number {
    return this.rooms.size
  }

  /**
   * Adds `peer` to the room of `docName`, loading it first. Throws ProtocolError:
   * unknownDocument when no meeting has that id, storageFailure when it cannot be loaded,
   * goingAway during shutdown.
   */
  join(docName: string, peer: PeerSocket, info: PeerInfo): Room {
    const room = this.open(docName)
    room.addPeer(peer, info)
    return room
  }

  /**
   * Runs `use` with the room of `docName` (loaded for the purpose if no peer has it open, and
   * unloaded after ROOM_IDLE_MS as usual). For the HTTP API: server-side reads and
   * Room.applyServerChange. Throws ProtocolError like join, and whatever `use` throws.
   */
  withRoom<T>(docName: string, use: (room: Room) => T): T {
    const room = this.open(docName)
    this.committer.flush() // `use` sees what is stored, not updates still waiting for the commit
    try {
      return use(room)
    } finally {
      if (room.peerCount === 0 && !this.closed) this.scheduleUnload(docName)
    }
  }

  /**
   * Closes every open connection made with token `tokenId` (revocation: at once, not at the
   * next message). Returns how many were closed.
   */
  closeToken(tokenId: string, reason: CloseReason): number {
    let closed = 0
    for (const [docName, room] of this.rooms) {
      const count = room.closeToken(tokenId, reason)
      closed += count
      if (count > 0 && room.peerCount === 0) this.scheduleUnload(docName)
    }
    return closed
  }

  /** Tells the meeting's loaded minutes room that the meeting is closed (or open). */
  setMeetingClosed(meetingId: string, closed: boolean): void {
    this.rooms.get(meetingId)?.setClosed(closed)
  }

  private open(docName: string): Room {
    if (this.closed) throw new ProtocolError(CLOSE.goingAway, 'server is shutting down')
    let room = this.rooms.get(docName)
    // A room that lost its storage closed itself; start over with a fresh load.
    if (room?.isDestroyed) this.rooms.delete(docName)
    if (!room || room.isDestroyed) room = this.load(docName)
    this.cancelUnload(docName)
    return room
  }

  /** Removes `peer` from its room and schedules the unload of an empty room. */
  leave(docName: string, peer: PeerSocket): void {
    const room = this.rooms.get(docName)
    if (!room) return
    room.removePeer(peer)
    if (room.peerCount > 0 || this.closed) return
    this.scheduleUnload(docName)
  }

  private scheduleUnload(docName: string): void {
    this.cancelUnload(docName)
    this.idleTimers.set(
      docName,
      setTimeout(() => this.unload(docName), this.options.roomIdleMs),
    )
  }

  /** Closes every peer with `reason`, compacts and unloads every room; joins fail afterwards. */
  shutdown(reason: CloseReason = CLOSE.goingAway): void {
    this.closed = true
    this.committer.flush()
    for (const docName of [...this.rooms.keys()]) {
      this.rooms.get(docName)?.closeAll(reason)
      this.unload(docName)
    }
  }

  private load(docName: string): Room {
    const name = parseRoomName(docName)
    if (!name) throw new ProtocolError(CLOSE.unknownDocument, `no document "${docName}"`)
    let meeting
    try {
      meeting = this.storage.getMeeting(name.meetingId)
    } catch (err) {
      log.error('meeting lookup failed', { docName, err })
      throw new ProtocolError(CLOSE.storageFailure, 'meeting lookup failed')
    }
    if (!meeting) throw new ProtocolError(CLOSE.unknownDocument, `no meeting "${name.meetingId}"`)
    const options = {
      compactAfterUpdates: this.options.compactAfterUpdates,
      savedDelayMs: this.options.savedDelayMs,
      pendingTimeoutMs: this.options.pendingTimeoutMs,
      kind: name.kind,
      closed: name.kind === 'minutes' && this.isMeetingClosed(name.meetingId),
      committer: this.committer,
    }
    if (name.kind === 'register') this.ensureRegister(docName)
    const room = Room.load(docName, this.storage, options)
    if (!room) throw new ProtocolError(CLOSE.storageFailure, `meeting "${docName}" has no document`)
    this.rooms.set(docName, room)
    log.debug('room loaded', { docName })
    return room
  }

  /** Meetings created before the register existed get an empty one on first use. */
  private ensureRegister(docName: string): void {
    try {
      if (!this.storage.load(docName)) this.storage.append(docName, initialRegisterUpdate())
    } catch (err) {
      log.error('register creation failed', { docName, err })
      throw new ProtocolError(CLOSE.storageFailure, 'register creation failed')
    }
  }

  /** Reads the register (the open room, or a throwaway load) for the meeting's closedAt. */
  private isMeetingClosed(meetingId: string): boolean {
    const docName = registerDocName(meetingId)
    const open = this.rooms.get(docName)
    if (open && !open.isDestroyed) return meetingStateOf(open.document).closedAt !== null
    let loaded
    try {
      loaded = loadDocument(this.storage, docName, 'register')
    } catch (err) {
      log.error('register load failed', { docName, err })
      throw new ProtocolError(CLOSE.storageFailure, 'register load failed')
    }
    if (!loaded) return false
    const closed = meetingStateOf(loaded.doc).closedAt !== null
    loaded.doc.destroy()
    return closed
  }

  private cancelUnload(docName: string): void {
    const timer = this.idleTimers.get(docName)
    if (timer) clearTimeout(timer)
    this.idleTimers.delete(docName)
  }

  private unload(docName: string): void {
    this.cancelUnload(docName)
    const room = this.rooms.get(docName)
    if (!room || room.peerCount > 0) return
    room.compact()
    room.destroy()
    this.rooms.delete(docName)
    log.debug('room unloaded', { docName })
  }
}
