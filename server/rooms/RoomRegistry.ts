import { CLOSE, ProtocolError, type CloseReason } from '../../shared/protocol'
import { log } from '../log'
import type { DocStorage, MeetingStore } from '../persistence'
import type { PeerInfo, PeerSocket } from './PeerSocket'
import { Room } from './Room'

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

  constructor(
    private readonly storage: DocStorage & MeetingStore,
    private readonly options: RoomRegistryOptions,
  ) {}

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
    if (this.closed) throw new ProtocolError(CLOSE.goingAway, 'server is shutting down')
    let room = this.rooms.get(docName)
    // A room that lost its storage closed itself; start over with a fresh load.
    if (room?.isDestroyed) this.rooms.delete(docName)
    if (!room || room.isDestroyed) room = this.load(docName)
    this.cancelUnload(docName)
    room.addPeer(peer, info)
    return room
  }

  /** Removes `peer` from its room and schedules the unload of an empty room. */
  leave(docName: string, peer: PeerSocket): void {
    const room = this.rooms.get(docName)
    if (!room) return
    room.removePeer(peer)
    if (room.peerCount > 0 || this.closed) return
    this.cancelUnload(docName)
    this.idleTimers.set(
      docName,
      setTimeout(() => this.unload(docName), this.options.roomIdleMs),
    )
  }

  /** Closes every peer with `reason`, compacts and unloads every room; joins fail afterwards. */
  shutdown(reason: CloseReason = CLOSE.goingAway): void {
    this.closed = true
    for (const docName of [...this.rooms.keys()]) {
      this.rooms.get(docName)?.closeAll(reason)
      this.unload(docName)
    }
  }

  private load(docName: string): Room {
    let meeting
    try {
      meeting = this.storage.getMeeting(docName)
    } catch (err) {
      log.error('meeting lookup failed', { docName, err })
      throw new ProtocolError(CLOSE.storageFailure, 'meeting lookup failed')
    }
    if (!meeting) throw new ProtocolError(CLOSE.unknownDocument, `no meeting "${docName}"`)
    const room = Room.load(docName, this.storage, {
      compactAfterUpdates: this.options.compactAfterUpdates,
      savedDelayMs: this.options.savedDelayMs,
      pendingTimeoutMs: this.options.pendingTimeoutMs,
    })
    if (!room) throw new ProtocolError(CLOSE.storageFailure, `meeting "${docName}" has no document`)
    this.rooms.set(docName, room)
    log.debug('room loaded', { docName })
    return room
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
