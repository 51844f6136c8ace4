import type { Role } from '../../shared/auth'
import { CLOSE, ProtocolError, type CloseReason } from '../../shared/protocol'
import { registerDocName } from '../../shared/register'
import { log } from '../log'
import type { Metrics } from '../metrics'
import { loadDocument, type DocStorage, type MeetingStore } from '../persistence'
import type { PeerInfo, PeerSocket } from './PeerSocket'
import type { RedisRelay, RelayListener } from '../cluster/RedisRelay'
import { Committer } from './Committer'
import { MemoryRelease } from './MemoryRelease'
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
  /** Several nodes: the relay to the others (needs storage with per-document contiguous sequence numbers). */
  readonly relay?: RedisRelay
  /**
   * Several nodes: how often rooms with peers check storage for updates the relay did not bring
   * (a message lost while Redis was away), in milliseconds (default 5000).
   */
  readonly catchUpIntervalMs?: number
  /** Where the group commit and the rooms count commits and compactions (default: nowhere). */
  readonly metrics?: Metrics
  /** See RoomOptions.maxAwarenessBytes. */
  readonly maxAwarenessBytes?: number
  /** Storage is read-only: every room admits writers as readers (see RoomOptions.storageReadOnly). */
  readonly storageReadOnly?: boolean
  /** How long a commit may wait for a lock on the storage (default Committer's DEFAULT_BUSY_RETRY_MS). */
  readonly busyRetryMs?: number
  /** Gives memory back after a wave of unloads (default: a MemoryRelease with V8's full collection). */
  readonly memoryRelease?: MemoryRelease
  /** See CommitterOptions.onCommitted (the search index and the follow-up lists listen here). */
  readonly onCommitted?: (docNames: readonly string[]) => void
}

/** Stored documents of at least this size are decoded after the first fresh clients got them (Room.load). */
const LAZY_DECODE_BYTES = 64 * 1024

/** Rounds of waiting for commits before withRooms gives up (each is one commit, a few ms). */
const SETTLE_ATTEMPTS = 5

/**
 * The open rooms by docName. Loads a room when its first peer joins (concurrent joins share one
 * load) and unloads it `roomIdleMs` after the last one left (committing and compacting first; a
 * join meanwhile waits for that to finish and loads afresh); a join cancels a pending unload.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>()
  private readonly loading = new Map<string, Promise<Room>>()
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly idleTimers = new Map<string, NodeJS.Timeout>()
  private closed = false
  /** One group commit for all rooms: one transaction per turn of the event loop. */
  private readonly committer: Committer

  private readonly catchUpTimer: NodeJS.Timeout | null = null
  private readonly memoryRelease: MemoryRelease

  constructor(
    private readonly storage: DocStorage & MeetingStore,
    private readonly options: RoomRegistryOptions,
  ) {
    this.committer = new Committer(storage, options.metrics, { busyRetryMs: options.busyRetryMs, onCommitted: options.onCommitted })
    this.memoryRelease = options.memoryRelease ?? new MemoryRelease()
    if (options.relay) {
      this.catchUpTimer = setInterval(() => {
        for (const room of this.rooms.values()) if (room.peerCount > 0) void room.catchUp()
      }, options.catchUpIntervalMs ?? 5000)
      this.catchUpTimer.unref()
    }
  }

  /** Several nodes: every loaded room reads what it may have missed from storage (the relay was away). */
  resync(): void {
    for (const room of this.rooms.values()) void room.catchUp()
  }

  /** The loaded room of `docName`, if any. */
  get(docName: string): Room | undefined {
    return this.rooms.get(docName)
  }

  /** Number of loaded rooms. */
  get size(): number {
    return this.rooms.size
  }

  /** How long the group commit in flight has waited for a lock on the storage, in milliseconds (0: not waiting). */
  storageBusyForMs(): number {
    return this.committer.busyForMs()
  }

  /** Number of peers in all loaded rooms. */
  get peerCount(): number {
    let count = 0
    for (const room of this.rooms.values()) count += room.peerCount
    return count
  }

  /**
   * Adds `peer` to the room of `docName`, loading it first. Rejects with ProtocolError:
   * unknownDocument when no meeting has that id, storageFailure when it cannot be loaded,
   * goingAway during shutdown.
   */
  async join(docName: string, peer: PeerSocket, info: PeerInfo): Promise<Room> {
    const room = await this.open(docName)
    if (this.closed) throw new ProtocolError(CLOSE.goingAway, 'server is shutting down')
    room.addPeer(peer, info)
    return room
  }

  /**
   * Runs `use` with the room of `docName` (loaded for the purpose if no peer has it open, and
   * unloaded after ROOM_IDLE_MS as usual), once its document equals what is stored. For the HTTP
   * API: server-side reads and Room.applyServerChange. Rejects with ProtocolError like join, and
   * with whatever `use` throws.
   */
  withRoom<T>(docName: string, use: (room: Room) => T | Promise<T>): Promise<T> {
    return this.withRooms([docName], ([room]) => use(room))
  }

  /**
   * Like withRoom for several documents at once: `use` is called synchronously when every one of
   * them equals what is stored, so what it reads in one and writes to another (a vedtak's text
   * and its confirmation) cannot interleave with any other change.
   */
  async withRooms<T>(docNames: readonly string[], use: (rooms: Room[]) => T | Promise<T>): Promise<T> {
    const rooms: Room[] = []
    try {
      for (const docName of docNames) rooms.push(await this.open(docName))
      for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt++) {
        await Promise.all(rooms.map((room) => room.ready()))
        // `use` sees what is stored, not updates still waiting for the commit.
        if (rooms.every((room) => room.isSettled)) return await use(rooms)
      }
      throw new ProtocolError(CLOSE.storageFailure, 'the documents did not settle')
    } finally {
      for (const room of rooms) if (room.peerCount === 0 && !this.closed) this.scheduleUnload(room.docName)
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

  /**
   * Closes the open connections to the meeting's documents (minutes and register) that came in
   * with a link of one of `roles` (not a signed-in person's): those roles must now sign in.
   * Returns how many were closed.
   */
  closeLinks(meetingId: string, roles: readonly Role[], reason: CloseReason): number {
    let closed = 0
    for (const docName of [meetingId, registerDocName(meetingId)]) {
      const room = this.rooms.get(docName)
      if (!room) continue
      const count = room.closeWhere((actor) => roles.includes(actor.role) && actor.verified !== true, reason)
      closed += count
      if (count > 0 && room.peerCount === 0) this.scheduleUnload(docName)
    }
    return closed
  }

  /** Tells the meeting's loaded minutes room that the meeting is closed (or open). */
  setMeetingClosed(meetingId: string, closed: boolean): void {
    this.rooms.get(meetingId)?.setClosed(closed)
  }

  private async open(docName: string): Promise<Room> {
    if (this.closed) throw new ProtocolError(CLOSE.goingAway, 'server is shutting down')
    this.cancelUnload(docName)
    const open = this.rooms.get(docName)
    if (open && !open.isDestroyed) return open
    // A room that lost its storage destroyed itself; start over with a fresh load.
    if (open) this.rooms.delete(docName)
    let loading = this.loading.get(docName)
    if (!loading) {
      loading = this.load(docName).finally(() => this.loading.delete(docName))
      this.loading.set(docName, loading)
    }
    const room = await loading
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
      setTimeout(() => void this.unload(docName), this.options.roomIdleMs),
    )
  }

  /** Closes every peer with `reason`, commits, compacts and unloads every room; joins fail afterwards. */
  async shutdown(reason: CloseReason = CLOSE.goingAway): Promise<void> {
    this.closed = true
    if (this.catchUpTimer) clearInterval(this.catchUpTimer)
    this.memoryRelease.destroy()
    await Promise.allSettled([...this.loading.values()])
    // An edit received just before, still waiting for its writer's client ids to be bound, is
    // handled (and so committed below) before its connection closes.
    await Promise.all([...this.rooms.values()].map((room) => room.heldMessagesHandled()))
    for (const room of this.rooms.values()) room.closeAll(reason)
    await this.committer.flush()
    await Promise.all([...this.rooms.keys()].map((docName) => this.unload(docName)))
    await Promise.all([...this.unloading.values()])
  }

  private async load(docName: string): Promise<Room> {
    const name = parseRoomName(docName)
    if (!name) throw new ProtocolError(CLOSE.unknownDocument, `no document "${docName}"`)
    await this.unloading.get(docName) // the previous room of this document commits first
    let meeting
    try {
      meeting = await this.storage.getMeeting(name.meetingId)
    } catch (err) {
      log.error('meeting lookup failed', { docName, err })
      throw new ProtocolError(CLOSE.storageFailure, 'meeting lookup failed')
    }
    if (!meeting) throw new ProtocolError(CLOSE.unknownDocument, `no meeting "${name.meetingId}"`)
    const relay = this.options.relay
    const options = {
      compactAfterUpdates: this.options.compactAfterUpdates,
      savedDelayMs: this.options.savedDelayMs,
      pendingTimeoutMs: this.options.pendingTimeoutMs,
      kind: name.kind,
      closed: name.kind === 'minutes' && (await this.isMeetingClosed(name.meetingId)),
      committer: this.committer,
      // Minutes only: the register is read synchronously (isMeetingClosed) and stays small.
      lazyDecodeBytes: name.kind === 'minutes' ? LAZY_DECODE_BYTES : undefined,
      cluster: relay && {
        publishUpdates: (batch: Parameters<RedisRelay['publishUpdates']>[1]) => relay.publishUpdates(docName, batch),
        publishAwareness: (message: Uint8Array) => relay.publishAwareness(docName, message),
      },
      metrics: this.options.metrics,
      maxAwarenessBytes: this.options.maxAwarenessBytes,
      storageReadOnly: this.options.storageReadOnly,
    }
    if (name.kind === 'register') await this.ensureRegister(docName)
    // Subscribe before loading, so nothing stored after the load is missed; what arrives while
    // the load runs waits for the room.
    let room: Room | null = null
    const early: ((room: Room) => void)[] = []
    const listener: RelayListener = {
      remoteUpdates: (batch) => (room ? room.remoteUpdates(batch) : early.push((r) => r.remoteUpdates(batch))),
      remoteAwareness: (message) => room?.remoteAwareness(message),
    }
    try {
      await relay?.subscribe(docName, listener)
      room = await Room.load(docName, this.storage, options)
    } catch (err) {
      await relay?.unsubscribe(docName)
      if (err instanceof ProtocolError) throw err
      log.error('relay subscription failed', { docName, err })
      throw new ProtocolError(CLOSE.storageFailure, 'relay subscription failed')
    }
    if (!room) {
      await relay?.unsubscribe(docName)
      throw new ProtocolError(CLOSE.storageFailure, `meeting "${docName}" has no document`)
    }
    for (const deliver of early) deliver(room)
    this.rooms.set(docName, room)
    this.memoryRelease.loaded(this.rooms.size)
    log.debug('room loaded', { docName })
    return room
  }

  /** Meetings created before the register existed get an empty one on first use. */
  private async ensureRegister(docName: string): Promise<void> {
    try {
      if (!(await this.storage.load(docName))) await this.storage.append(docName, initialRegisterUpdate())
    } catch (err) {
      log.error('register creation failed', { docName, err })
      throw new ProtocolError(CLOSE.storageFailure, 'register creation failed')
    }
  }

  /** Reads the register (the open room, or a throwaway load) for the meeting's closedAt. */
  private async isMeetingClosed(meetingId: string): Promise<boolean> {
    const docName = registerDocName(meetingId)
    const open = this.rooms.get(docName)
    if (open && !open.isDestroyed) return meetingStateOf(open.document).closedAt !== null
    let loaded
    try {
      loaded = await loadDocument(this.storage, docName, 'register')
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

  /** Takes an empty room out of the registry at once, then commits, compacts and destroys it. */
  private unload(docName: string): Promise<void> {
    this.cancelUnload(docName)
    const room = this.rooms.get(docName)
    if (!room || room.peerCount > 0) return Promise.resolve()
    this.rooms.delete(docName)
    const closing = room
      .close()
      .then(() => this.options.relay?.unsubscribe(docName))
      .catch((err: unknown) => log.error('unload failed', { docName, err }))
      .finally(() => {
        if (this.unloading.get(docName) === closing) this.unloading.delete(docName)
        if (!this.closed) this.memoryRelease.unloadedOne(this.rooms.size)
        log.debug('room unloaded', { docName })
      })
    this.unloading.set(docName, closing)
    return closing
  }
}
