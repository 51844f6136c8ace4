import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { canWriteMinutes } from '../../shared/auth'
import { CLOSE, MESSAGE, ProtocolError, type CloseReason } from '../../shared/protocol'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import { log } from '../log'
import type { Metrics } from '../metrics'
import { decodeStored, emptyDocument, loadDocument, type DocStorage, type LoadedDocument, type StoredDoc } from '../persistence'
import { normalizeMinutes, validateTransaction, type ValidationResult } from '../validation'
import type { RemoteUpdates } from '../cluster/RedisRelay'
import { Committer, type CommitSource } from './Committer'
import type { PeerInfo, PeerSocket } from './PeerSocket'
import { PendingDependencies } from './PendingDependencies'
import { SavedAcks } from './SavedAcks'
import { applyPeerUpdate, captureTransaction, transactionChanged } from './captureTransaction'
import type { RoomKind } from './docNames'
import { RoomPresence } from './RoomPresence'
import { ClientIdOwners } from './clientIds'
import { refuseChanges, updateWouldChange } from './wouldChange'
import { syncStep1Message, syncStep2Message, syncUpdateMessage } from './messages'

/** Tuning of a Room. */
export interface RoomOptions {
  /** Stored updates after which the document is compacted (off the hot path). */
  readonly compactAfterUpdates: number
  /** Delay that coalesces `saved` messages, in milliseconds. */
  readonly savedDelayMs?: number
  /**
   * How long updates whose dependencies are missing may wait for them, in milliseconds, before
   * the peers that sent them are closed with CLOSE.updateRejected (they resync on reconnect).
   */
  readonly pendingTimeoutMs?: number
  /**
   * 'minutes' (default): writers' updates are validated against the minutes schema.
   * 'register': only the server writes (applyServerChange); every peer is read-only.
   */
  readonly kind?: RoomKind
  /** The meeting is closed: nobody may change the minutes (see setClosed). */
  readonly closed?: boolean
  /**
   * The group commit shared by the rooms of one storage (the registry's). Without one, the room
   * commits through a Committer of its own.
   */
  readonly committer?: Committer
  /** Least time between two compactions of the room, in milliseconds (default 1000). */
  readonly compactIntervalMs?: number
  /**
   * A document stored as one blob at least this large is decoded after the load returns: until
   * then fresh clients get the stored bytes as they are, and everything else waits (default:
   * never, decode at once). See Room.load.
   */
  readonly lazyDecodeBytes?: number
  /**
   * Several nodes (PostgreSQL with per-document contiguous sequence numbers, Redis relay): how
   * this room tells the other nodes what it stored and its peers' presence.
   */
  readonly cluster?: RoomClusterLink
  /** Where compactions are counted (default: nowhere). */
  readonly metrics?: Metrics
  /** Largest presence state a peer may send, in bytes of JSON (default DEFAULT_MAX_AWARENESS_BYTES). */
  readonly maxAwarenessBytes?: number
  /**
   * Storage is read-only (a read-only DATA_DIR): writers are admitted as readers, a change from
   * any of them closes it with CLOSE.storageReadOnly, and nothing is compacted.
   */
  readonly storageReadOnly?: boolean
  /**
   * How long a sync step 1 answer may wait for a commit (storage locked or slow) before the
   * peer is answered from what storage holds, in milliseconds (default STORED_ANSWER_DELAY_MS).
   */
  readonly storedAnswerDelayMs?: number
}

/** Default of RoomOptions.maxAwarenessBytes: a name, a role, a colour and a caret need a few hundred bytes. */
export const DEFAULT_MAX_AWARENESS_BYTES = 16 * 1024

/**
 * Messages of one peer that may wait while its client ids are bound in storage (a round trip, once
 * per writer session). A safety net only: what a connection may send meanwhile is bounded by its
 * rate limits (transport), and a fast client's burst arrives in one read, before the binding's
 * answer can run.
 */
const MAX_HELD_MESSAGES = 4096

/** The room's side of the relay between nodes (see server/cluster). */
export interface RoomClusterLink {
  publishUpdates(batch: RemoteUpdates): void
  publishAwareness(message: Uint8Array): void
}

/** How long a gap in the sequence numbers may last before the room reads what it missed from storage. */
const GAP_CATCH_UP_MS = 300
/** Longest wait before a lazily loaded document is decoded when nothing needs it sooner (Room.decodeSoon). */
const LAZY_DECODE_DELAY_MS = 50

/** Default of RoomOptions.storedAnswerDelayMs. */
export const STORED_ANSWER_DELAY_MS = 200

/** Default of RoomOptions.pendingTimeoutMs. */
export const DEFAULT_PENDING_TIMEOUT_MS = 5000

interface PeerState extends PeerInfo {
  /** Decided once, at join, from the token's role and the room's kind. */
  readonly canWrite: boolean
  sawStep2: boolean
  /**
   * While the peer's client ids are being bound in storage (or the room catches up from it):
   * the peer's messages that wait, in order. Null otherwise.
   */
  held: HeldMessage[] | null
  /** Its presence id was bound to it (writers only). */
  presenceClaimed: boolean
}

/** A message waiting for its peer's client-id binding; `caughtUp`: the room caught up from storage for it. */
interface HeldMessage {
  readonly data: Uint8Array
  readonly caughtUp: boolean
}

/** Transaction origin of the server's own repairs. */
const REPAIR_ORIGIN = Symbol('minutes-repair')
/** Transaction origin of the server's own changes (the register). */
const SERVER_ORIGIN = Symbol('server-change')
/** Transaction origin of updates another node stored. */
const REMOTE_ORIGIN = Symbol('remote-node')

/** The encoding of an empty state vector: a client that has nothing yet. */
const isEmptyStateVector = (sv: Uint8Array): boolean => sv.length === 1 && sv[0] === 0
/** A whole sync step 1 message with an empty state vector: [sync, step 1, length 1, 0]. */
const isFreshClientStep1 = (data: Uint8Array): boolean =>
  data.length === 4 && data[0] === MESSAGE.sync && data[1] === syncProtocol.messageYjsSyncStep1 && data[2] === 1 && data[3] === 0

const malformed = (detail: string) => new ProtocolError(CLOSE.malformedMessage, detail)
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/** Something to send once batch `batch` of the room's updates is stored. */
interface Outgoing {
  readonly batch: number
  readonly send: () => void
}

/**
 * One open document: its Y.Doc, the awareness of its peers, and the peers. Every update goes
 * through apply → validate at once, then store (the group commit: the updates of one turn of the
 * event loop, or of everything that arrived while the previous commit was in flight, form one
 * numbered batch) → relay → ack. Until its batch is stored, whatever a peer would learn from an
 * update (relays, sync answers, acks) waits in the room's outbox, so nothing leaves the process
 * before it is on disk.
 *
 * When an update is rejected, the room reloads its document from storage; until that is done,
 * the room is gated: messages wait in order and HTTP readers wait (see `ready`).
 *
 * `receive` throws ProtocolError for the transport to turn into a close code; the Room has
 * already started restoring its document from storage when it throws. Peers whose queued
 * messages fail later are closed by the Room itself.
 */
export class Room implements CommitSource {
  private readonly presence: RoomPresence
  private readonly peers = new Map<PeerSocket, PeerState>()
  private lastSeq: number
  private uncompacted: number
  private compactTimer: NodeJS.Timeout | null = null
  private compacting: Promise<boolean> | null = null
  private lastCompactAt = 0
  private readonly savedAcks: SavedAcks
  private readonly pending: PendingDependencies
  private destroyed = false
  private closed: boolean
  /** Updates applied to the document and not handed to the Committer yet. */
  private unsaved: Uint8Array[] = []
  /** The batch number `unsaved` will be committed as. */
  private openBatch = 1
  /** The last batch handed to the Committer, and the last one it reported back. */
  private lastTaken = 0
  private lastSettled = 0
  /** The last batch that could not be stored. */
  private lastFailed = 0
  /** What waits for its batch to be stored, in order (batch numbers never decrease). */
  private outbox: Outgoing[] = []
  /** Set while the document is being reloaded; messages wait in `queued` meanwhile. */
  private gate: Promise<void> | null = null
  /** What waits for the gate, in order; `peer` is closed if its step fails. */
  private queued: { peer: PeerSocket; run: () => void }[] = []
  /** While the stored blob is being decoded (lazyDecodeBytes): the stored state, served as it is. */
  private storedBlob: Uint8Array | null = null
  /** Starts the deferred decode now (a message needs the document); null once started. */
  private startDecode: (() => void) | null = null
  /** `Y.encodeStateAsUpdate(doc)` as of the last change, or null: what every fresh client gets. */
  private encodedState: Uint8Array | null
  private readonly committer: Committer
  /**
   * Several nodes: sequence numbers stored beyond `lastSeq` (which is then the highest one up to
   * which everything stored is applied), as [from, to] ranges; a gap between them and lastSeq is
   * filled from storage after GAP_CATCH_UP_MS.
   */
  private ahead: [number, number][] = []
  private gapTimer: NodeJS.Timeout | null = null
  private catchingUp: Promise<void> | null = null

  private constructor(
    readonly docName: string,
    private doc: Y.Doc,
    loaded: LoadedDocument,
    private readonly storage: DocStorage,
    private readonly options: RoomOptions,
    private readonly clientIds: ClientIdOwners,
  ) {
    this.presence = new RoomPresence((message) => {
      this.sendToAll(message, null)
      this.options.cluster?.publishAwareness(message)
    }, options.maxAwarenessBytes ?? DEFAULT_MAX_AWARENESS_BYTES)
    this.lastSeq = loaded.lastSeq
    this.uncompacted = loaded.uncompacted
    this.encodedState = loaded.encodedState
    this.doc.on('afterTransaction', this.onDocUpdate)
    this.committer = options.committer ?? new Committer(storage)
    this.closed = options.closed ?? false
    this.savedAcks = new SavedAcks(() => this.doc, options.savedDelayMs ?? 30)
    this.pending = new PendingDependencies(options.pendingTimeoutMs ?? DEFAULT_PENDING_TIMEOUT_MS, this.dropPending)
  }

  /**
   * Loads the document. Resolves to null when nothing is stored under `docName`; rejects with
   * ProtocolError(CLOSE.storageFailure) when storage fails or holds an unreadable blob.
   */
  static async load(docName: string, storage: DocStorage, options: RoomOptions): Promise<Room | null> {
    try {
      const kind = options.kind ?? 'minutes'
      // Only writers' client ids are bound, and only the minutes have writers.
      const [stored, owners] = await Promise.all([
        storage.load(docName),
        kind === 'minutes' ? storage.loadClientOwners(docName) : new Map<number, string>(),
      ])
      if (!stored) return null
      const clientIds = new ClientIdOwners(owners)
      const blob = stored.updates.length === 1 ? stored.updates[0] : null
      if (blob && options.lazyDecodeBytes !== undefined && blob.byteLength >= options.lazyDecodeBytes) {
        // A long referat after a restart: the fresh clients that come first get the stored
        // bytes without waiting for the decode (and V8 compiling it, cold after a restart);
        // the rest waits behind the gate until the document is decoded, a turn later.
        const placeholder = emptyDocument(kind)
        const room = new Room(docName, placeholder, { doc: placeholder, lastSeq: stored.lastSeq, uncompacted: stored.uncompacted, encodedState: blob }, storage, options, clientIds)
        room.decodeSoon(stored)
        return room
      }
      const loaded = decodeStored(docName, stored, kind)
      return new Room(docName, loaded.doc, loaded, storage, options, clientIds)
    } catch (err) {
      log.error('document load failed', { docName, err })
      throw new ProtocolError(CLOSE.storageFailure, `load failed: ${messageOf(err)}`)
    }
  }

  /** Presence of the peers (y-protocols awareness). */
  get awareness() {
    return this.presence.awareness
  }

  /** The current document. Replaced when an update is rejected; do not keep a reference. */
  get document(): Y.Doc {
    return this.doc
  }

  get peerCount(): number {
    return this.peers.size
  }

  /** True when stored updates are waiting to be folded into the snapshot. */
  get hasUncompacted(): boolean {
    return this.uncompacted > 0
  }

  get kind(): RoomKind {
    return this.options.kind ?? 'minutes'
  }

  /** True once the meeting is closed: every update that would change the document is refused. */
  get isClosed(): boolean {
    return this.closed
  }

  /** Marks the meeting closed (the register is the record; the registry keeps this in step). */
  setClosed(closed: boolean): void {
    this.closed = closed
  }

  /**
   * Resolves when the document is settled for a reader: no reload running and everything applied
   * so far stored. Readers over HTTP call this before they look at `document`.
   */
  async ready(): Promise<void> {
    this.startDecode?.()
    for (let i = 0; i < 3 && this.gate; i++) await this.gate
    await this.committer.flush()
  }

  /** True when the document equals what is stored: nothing applied waits for a commit, no reload runs. */
  get isSettled(): boolean {
    return !this.gate && !this.destroyed && this.unsaved.length === 0 && this.lastTaken === this.lastSettled
  }

  /**
   * Adds a peer and greets it with sync step 1 and the current awareness states. Whether it may
   * write is decided here, once, from `info.actor.role`.
   */
  addPeer(peer: PeerSocket, info: PeerInfo): void {
    const canWrite = this.mayWrite(info) && !this.options.storageReadOnly
    this.peers.set(peer, { ...info, canWrite, sawStep2: false, held: null, presenceClaimed: false })
    const greet = () => {
      peer.send(syncStep1Message(this.doc))
      this.presence.greet(peer)
    }
    // Our state vector needs the decoded document.
    if (this.gate) this.queued.push({ peer, run: greet })
    else greet()
  }

  /** Removes a peer and the awareness states it controlled. Safe to call twice. */
  removePeer(peer: PeerSocket): void {
    const state = this.peers.get(peer)
    if (!state) return
    this.peers.delete(peer)
    this.savedAcks.forget(peer)
    this.presence.remove(peer)
  }

  /** Closes every peer with `reason` (shutdown, unrecoverable storage failure). */
  closeAll(reason: CloseReason): void {
    this.closePeersWhere(() => true, reason)
  }

  /** Closes the peers connected with token `tokenId` (revocation, expiry); returns how many. */
  closeToken(tokenId: string, reason: CloseReason): number {
    return this.closePeersWhere((state) => state.actor.tokenId === tokenId, reason)
  }

  /** Closes the peers whose token's actor matches (a sign-in requirement that changed); returns how many. */
  closeWhere(match: (actor: PeerInfo['actor']) => boolean, reason: CloseReason): number {
    return this.closePeersWhere((state) => match(state.actor), reason)
  }

  private closePeersWhere(match: (state: PeerState) => boolean, reason: CloseReason): number {
    let closed = 0
    for (const [peer, state] of [...this.peers]) {
      if (!match(state)) continue
      this.removePeer(peer)
      peer.close(reason.code, reason.reason)
      closed++
    }
    return closed
  }

  /**
   * Runs `change` on the document in one transaction with the server's origin, then stores and
   * relays the resulting update exactly like a client's. Resolves to the update once it is
   * stored, or to null when nothing changed. Nothing is validated: only server code calls this.
   * Rejects with ProtocolError(storageFailure) when the update cannot be stored (the document is
   * restored and the room's peers are closed, as for any failed commit).
   */
  applyServerChange(change: (doc: Y.Doc) => void): Promise<Uint8Array | null> {
    // Applied synchronously, before this returns: a caller's checks and this change cannot
    // interleave with anything else (the commit is what the promise waits for).
    if (this.destroyed || this.gate) return Promise.reject(new ProtocolError(CLOSE.storageFailure, 'room is not ready'))
    let update: Uint8Array | null
    try {
      update = captureTransaction(this.doc, SERVER_ORIGIN, () => this.doc.transact(() => change(this.doc), SERVER_ORIGIN)).update
    } catch (err) {
      this.reload()
      return Promise.reject(err)
    }
    if (!update) return Promise.resolve(null)
    const stored = update
    const batch = this.store(stored)
    this.relay(stored, null)
    return this.committer.flush().then(() => {
      if (this.lastFailed >= batch) throw new ProtocolError(CLOSE.storageFailure, 'the change could not be stored')
      return stored
    })
  }

  /**
   * Handles one message from `peer`. Throws ProtocolError: malformedMessage for bytes that are
   * not a known message, updateRejected for an update Yjs or the schema rejects. While the room
   * reloads, the message waits and is handled afterwards (a failure then closes the peer).
   */
  receive(peer: PeerSocket, data: Uint8Array): void {
    this.dispatch(peer, data, false)
  }

  private dispatch(peer: PeerSocket, data: Uint8Array, caughtUp: boolean): void {
    const state = this.peers.get(peer)
    if (!state || this.destroyed) return
    if (state.held) return this.holdAlso(state, data, caughtUp)
    if (this.gate) {
      // A fresh client's first question needs no document while it is still the stored blob.
      if (this.storedBlob && isFreshClientStep1(data)) return peer.send(syncStep2Message(this.storedBlob))
      this.queued.push({ peer, run: () => this.handle(peer, data, caughtUp) })
      this.startDecode?.()
      return
    }
    this.handle(peer, data, caughtUp)
  }

  private handle(peer: PeerSocket, data: Uint8Array, caughtUp: boolean): void {
    const state = this.peers.get(peer)
    if (!state || this.destroyed) return
    // Came through the gate's queue while earlier messages of the peer wait for a binding.
    if (state.held) return this.holdAlso(state, data, caughtUp)
    const decoder = decoding.createDecoder(data)
    const type = decode(() => decoding.readVarUint(decoder))
    switch (type) {
      case MESSAGE.sync:
        return this.handleSync(peer, state, decoder, data, caughtUp)
      case MESSAGE.awareness: {
        const update = decode(() => decoding.readVarUint8Array(decoder))
        decode(() => this.presence.receive(peer, state.actor, update))
        if (state.canWrite && !state.presenceClaimed) this.claimPresenceId(peer, state)
        return
      }
      case MESSAGE.queryAwareness:
        return this.presence.sendAll(peer)
      default:
        throw malformed(`unknown message type ${type}`)
    }
  }

  private handleSync(peer: PeerSocket, state: PeerState, decoder: decoding.Decoder, data: Uint8Array, caughtUp: boolean): void {
    const syncType = decode(() => decoding.readVarUint(decoder))
    const payload = decode(() => decoding.readVarUint8Array(decoder))
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        // Encoded now (the state as applied so far), sent once that state is stored.
        const reply = isEmptyStateVector(payload) ? this.fullState() : decode(() => Y.encodeStateAsUpdate(this.doc, payload))
        return this.answerStep1(peer, payload, syncStep2Message(reply))
      }
      case syncProtocol.messageYjsSyncStep2:
        if (this.applyUpdate(peer, state, payload, data, caughtUp) === 'held') return
        if (!state.sawStep2) {
          // A client that reloaded with local pending edits learns what the server holds.
          state.sawStep2 = true
          if (state.wantsSaved) this.afterCommit(() => this.savedAcks.request(peer))
        }
        return
      case syncProtocol.messageYjsUpdate:
        this.applyUpdate(peer, state, payload, data, caughtUp)
        return
      default:
        throw malformed(`unknown sync message type ${syncType}`)
    }
  }

  /** Whether the role may write this room's document (before the storage has its say). */
  private mayWrite(info: PeerInfo): boolean {
    return this.kind === 'minutes' && canWriteMinutes(info.actor.role)
  }

  /** Why `state` may not change the document right now, or null when it may. */
  private writeRefusal(state: PeerState): CloseReason | null {
    if (this.kind === 'minutes' && this.closed) return CLOSE.meetingClosed
    if (state.canWrite) return null
    return this.options.storageReadOnly && this.mayWrite(state) ? CLOSE.storageReadOnly : CLOSE.readOnly
  }

  /**
   * (client ids bound to the writer) → apply → validate → (nothing changed: stop) → store → relay
   * → ack → repair. Returns 'held' when the message waits for a binding (it is handled again then).
   */
  private applyUpdate(peer: PeerSocket, state: PeerState, update: Uint8Array, data: Uint8Array, caughtUp: boolean): 'held' | void {
    const refusal = this.writeRefusal(state)
    if (refusal) {
      const detail = `role ${state.actor.role} sent a change`
      // Several nodes: a reader that comes from another node may hold stored updates this node
      // has not caught up with yet. Catch up first; refuse only what is still new after that.
      if (this.options.cluster && refusal === CLOSE.readOnly && updateWouldChange(this.doc, update)) {
        void this.catchUp().then(() => this.refuseLater(peer, update, refusal, detail))
        return
      }
      return refuseChanges(this.doc, update, refusal, detail)
    }
    if (this.kind === 'minutes' && this.checkClientIds(peer, state, update, data, caughtUp) === 'held') return 'held'
    const store = this.doc.store
    const [pendingStructs, pendingDs] = [store.pendingStructs, store.pendingDs]
    const { stored, result } = this.applyValidated(peer, update)
    // Yjs replaces these objects when an update adds to (or takes from) what waits.
    this.pending.track(this.doc, peer, store.pendingStructs !== pendingStructs || store.pendingDs !== pendingDs)
    if (!stored) return
    this.store(stored)
    this.relay(stored, peer)
    if (state.wantsSaved) this.afterCommit(() => this.savedAcks.request(peer))
    if (result.shapeErrors.length > 0) this.repair(result.shapeErrors, state)
  }

  /**
   * Refuses (ProtocolError clientIdTaken) an update under a client id that belongs to someone
   * else; holds the peer's messages while unbound client ids are bound to it in storage, or while
   * the room catches up (several nodes: another writer's structs this node has not applied yet
   * may come back from a client that moved nodes), then handles the message again.
   */
  private checkClientIds(peer: PeerSocket, state: PeerState, update: Uint8Array, data: Uint8Array, caughtUp: boolean): 'held' | void {
    const owner = state.actor.tokenId
    const check = this.clientIds.check(this.doc, update, owner, this.doc.clientID)
    if (check.kind === 'ok') return
    if (check.kind === 'taken') {
      if (this.options.cluster && !caughtUp) {
        this.hold(peer, state, { data, caughtUp: true }, this.catchUp())
        return 'held'
      }
      throw new ProtocolError(CLOSE.clientIdTaken, `update under client id ${check.clientId}, which another writer introduced`)
    }
    const claim = this.storage.claimClientIds(this.docName, check.clientIds, owner).then((owners) => this.clientIds.record(owners))
    this.hold(peer, state, { data, caughtUp }, claim)
    return 'held'
  }

  /** Holds the peer's messages, starting with `first`, until `work` is done; then handles them again in order. */
  private hold(peer: PeerSocket, state: PeerState, first: HeldMessage, work: Promise<unknown>): void {
    state.held = [first]
    work.then(
      () => this.release(peer, state),
      (err: unknown) => {
        log.error('binding client ids failed', { docName: this.docName, err })
        if (!this.peers.has(peer)) return
        this.removePeer(peer)
        peer.close(CLOSE.storageFailure.code, CLOSE.storageFailure.reason)
      },
    )
  }

  private holdAlso(state: PeerState, data: Uint8Array, caughtUp: boolean): void {
    if (state.held!.length >= MAX_HELD_MESSAGES) throw new ProtocolError(CLOSE.rateLimited, 'too many messages while its client ids were bound')
    state.held!.push({ data, caughtUp })
  }

  /** Handles the messages that waited for a binding, in order (a new hold takes the rest). */
  private release(peer: PeerSocket, state: PeerState): void {
    const waiting = state.held ?? []
    state.held = null
    for (const { data, caughtUp } of waiting) {
      if (this.destroyed || !this.peers.has(peer)) return
      try {
        this.dispatch(peer, data, caughtUp)
      } catch (err) {
        const close = err instanceof ProtocolError ? err.close : CLOSE.internal
        if (!(err instanceof ProtocolError)) log.error('unexpected error', { docName: this.docName, err })
        log.warn('closing peer', { docName: this.docName, connId: state.connId, reason: close.reason, detail: messageOf(err) })
        this.removePeer(peer)
        peer.close(close.code, close.reason)
        return
      }
    }
  }

  /**
   * Binds a writer's presence id to it as soon as it announces it, so that someone who reads the
   * id from the presence cannot claim it first by writing under it. In the background: the
   * writer's own first update waits for its binding anyway.
   */
  private claimPresenceId(peer: PeerSocket, state: PeerState): void {
    const id = this.presence.clientIdOf(peer)
    if (id === undefined) return
    state.presenceClaimed = true
    if (this.clientIds.get(id) !== undefined || id === this.doc.clientID) return
    this.storage.claimClientIds(this.docName, [id], state.actor.tokenId).then(
      (owners) => this.clientIds.record(owners),
      (err: unknown) => log.warn('binding a presence id failed', { docName: this.docName, err }),
    )
  }

  /** refuseChanges for a peer whose message was handled earlier: closes it itself. */
  private refuseLater(peer: PeerSocket, update: Uint8Array, refusal: CloseReason, detail: string): void {
    if (this.destroyed || !this.peers.has(peer)) return
    try {
      refuseChanges(this.doc, update, refusal, detail)
    } catch (err) {
      const close = err instanceof ProtocolError ? err.close : CLOSE.internal
      log.warn('closing peer', { docName: this.docName, reason: close.reason, detail })
      this.removePeer(peer)
      peer.close(close.code, close.reason)
    }
  }

  /** Applies `update` in one transaction and validates it; on any failure starts a reload and throws. */
  private applyValidated(origin: PeerSocket, update: Uint8Array): { stored: Uint8Array | null; result: ValidationResult } {
    try {
      let captured
      try {
        captured = applyPeerUpdate(this.doc, update, origin)
      } catch (err) {
        throw new ProtocolError(CLOSE.updateRejected, `yjs rejected the update: ${messageOf(err)}`)
      }
      const { transaction } = captured
      const result = transaction && this.kind === 'minutes' ? validateTransaction(transaction, this.fragment) : { shapeErrors: [] }
      return { stored: captured.update, result }
    } catch (err) {
      // The bad update was never stored and never relayed: storage still holds the truth.
      this.reload()
      throw err
    }
  }

  private get fragment(): Y.XmlFragment {
    return this.doc.getXmlFragment(MINUTES_FRAGMENT)
  }

  /** Queues an applied update for the group commit; returns the batch it will be stored in. */
  private store(update: Uint8Array): number {
    this.unsaved.push(update)
    this.committer.enqueue(this)
    return this.openBatch
  }

  /**
   * Sends the sync step 2 `message` (answering state vector `stateVector`) once everything
   * applied so far is stored. When that takes longer than storedAnswerDelayMs (another process
   * holds a lock, the disk is slow), the peer is answered from storage instead: what is stored,
   * never anything that is not; the rest reaches it as relays after each commit (it is a peer
   * already). Whichever answer is ready first is sent, the other dropped.
   */
  private answerStep1(peer: PeerSocket, stateVector: Uint8Array, message: Uint8Array): void {
    if (this.unsaved.length === 0 && this.lastTaken === this.lastSettled) return peer.send(message)
    let answered = false
    const answer = (bytes: Uint8Array) => {
      if (answered || this.destroyed || !this.peers.has(peer)) return
      answered = true
      peer.send(bytes)
    }
    this.afterCommit(() => answer(message))
    const timer = setTimeout(() => {
      if (answered || this.destroyed || !this.peers.has(peer)) return
      this.storedAnswer(stateVector).then(
        (stored) => stored && answer(stored),
        (err: unknown) => log.warn('answering from storage failed; the answer waits for the commit', { docName: this.docName, err }),
      )
    }, this.options.storedAnswerDelayMs ?? STORED_ANSWER_DELAY_MS)
    timer.unref()
  }

  /** A sync step 2 message with what storage holds beyond `stateVector`, or null when nothing is stored. */
  private async storedAnswer(stateVector: Uint8Array): Promise<Uint8Array | null> {
    const stored = await this.storage.load(this.docName)
    if (!stored) return null
    const merged = stored.updates.length === 1 ? stored.updates[0] : Y.mergeUpdates(stored.updates)
    log.debug('answered a sync from storage while a commit waits', { docName: this.docName })
    return syncStep2Message(isEmptyStateVector(stateVector) ? merged : Y.diffUpdate(merged, stateVector))
  }

  /** Runs `send` once everything applied so far is stored (at once when nothing waits). */
  private afterCommit(send: () => void): void {
    if (this.unsaved.length > 0) this.outbox.push({ batch: this.openBatch, send })
    else if (this.lastTaken > this.lastSettled) this.outbox.push({ batch: this.lastTaken, send })
    else send()
  }

  /** CommitSource: the Committer takes the unsaved updates into its batch. */
  takeUnsaved(): { updates: Uint8Array[]; batch: number } {
    const updates = this.unsaved
    this.unsaved = []
    this.lastTaken = this.openBatch++
    return { updates, batch: this.lastTaken }
  }

  /** CommitSource: the batch is on disk; send what waited for it. */
  committed(batch: number, lastSeq: number, rows: readonly Uint8Array[]): void {
    this.lastSettled = batch
    this.uncompacted += rows.length
    if (rows.length > 0) {
      if (this.options.cluster) {
        const firstSeq = lastSeq - rows.length + 1
        this.options.cluster.publishUpdates({ firstSeq, updates: [...rows] })
        this.markStored(firstSeq, lastSeq)
      } else this.lastSeq = lastSeq
    }
    let done = 0
    while (done < this.outbox.length && this.outbox[done].batch <= batch) done++
    const ready = this.outbox.splice(0, done)
    for (const { send } of ready) send()
    if (this.uncompacted >= this.options.compactAfterUpdates) this.scheduleCompaction()
  }

  /**
   * CommitSource: the batch could not be stored. Nothing of it was sent, nor of later updates
   * (they build on it); the document goes back to what storage holds, and every peer is closed
   * with CLOSE.storageFailure: the writers still hold their edits and send them again when they
   * reconnect, the others resync.
   */
  commitFailed(batch: number, err: unknown): void {
    this.lastSettled = batch
    this.lastFailed = batch
    this.outbox = []
    this.unsaved = []
    log.error('updates not stored; closing the room’s peers', { docName: this.docName, err: messageOf(err) })
    this.closeAll(CLOSE.storageFailure)
    this.reload()
  }

  /**
   * Updates another node stored: applied (they were validated there) and sent to this node's
   * peers at once, since they are on disk already. A gap before them is filled from storage.
   */
  remoteUpdates(batch: RemoteUpdates): void {
    if (this.destroyed || batch.updates.length === 0) return
    const lastSeq = batch.firstSeq + batch.updates.length - 1
    if (lastSeq <= this.lastSeq) return // applied already (a catch-up got there first)
    if (this.gate) {
      void this.catchUp() // the reload runs first; then storage has these too
      return
    }
    this.applyRemote(batch.updates)
    this.markStored(batch.firstSeq, lastSeq)
  }

  /** Presence from another node's peers: passed on to this node's peers as it is. */
  remoteAwareness(message: Uint8Array): void {
    if (this.destroyed) return
    for (const peer of this.peers.keys()) peer.send(message)
  }

  /**
   * Reads from storage what was stored after `lastSeq` and applies it (several nodes: after a
   * gap, or when the relay was away). Concurrent calls share one read.
   */
  catchUp(): Promise<void> {
    this.catchingUp ??= this.catchUpNow()
      .catch((err: unknown) => log.error('catch-up from storage failed', { docName: this.docName, err }))
      .finally(() => {
        this.catchingUp = null
      })
    return this.catchingUp
  }

  private async catchUpNow(): Promise<void> {
    if (!this.options.cluster || this.destroyed) return
    await this.ready()
    const stored = await this.storage.loadSince(this.docName, this.lastSeq)
    if (!stored || this.destroyed || this.gate || stored.lastSeq <= this.lastSeq) return
    this.applyRemote(stored.updates)
    this.markStored(this.lastSeq + 1, stored.lastSeq)
  }

  /** Applies stored updates in one transaction and sends what changed to this node's peers. */
  private applyRemote(updates: readonly Uint8Array[]): void {
    let update: Uint8Array | null
    try {
      update = captureTransaction(this.doc, REMOTE_ORIGIN, () =>
        this.doc.transact(() => {
          for (const u of updates) Y.applyUpdate(this.doc, u, REMOTE_ORIGIN)
        }, REMOTE_ORIGIN),
      ).update
    } catch (err) {
      log.error('a stored update from another node does not apply; reloading', { docName: this.docName, err })
      this.reload()
      return
    }
    if (update) this.sendNow(syncUpdateMessage(update), null, true) // stored already: no need to wait
  }

  /** Several nodes: seqs `from`..`to` are stored and applied here; advance lastSeq over what is contiguous. */
  private markStored(from: number, to: number): void {
    if (to <= this.lastSeq) return
    this.ahead.push([Math.max(from, this.lastSeq + 1), to])
    this.ahead.sort((a, b) => a[0] - b[0])
    while (this.ahead.length > 0 && this.ahead[0][0] <= this.lastSeq + 1) {
      this.lastSeq = Math.max(this.lastSeq, this.ahead.shift()![1])
    }
    if (this.ahead.length === 0) {
      if (this.gapTimer) clearTimeout(this.gapTimer)
      this.gapTimer = null
    } else {
      this.gapTimer ??= setTimeout(() => {
        this.gapTimer = null
        if (this.ahead.length > 0) void this.catchUp()
      }, GAP_CATCH_UP_MS)
    }
  }

  /** Fixes a shape that concurrent valid edits produced, as a server update sent to everyone. */
  private repair(shapeErrors: string[], writer: PeerState): void {
    let update: Uint8Array | null
    try {
      update = captureTransaction(this.doc, REPAIR_ORIGIN, () => {
        normalizeMinutes(this.doc, this.fragment, REPAIR_ORIGIN)
      }).update
    } catch (err) {
      log.error('repair failed', { docName: this.docName, connId: writer.connId, err })
      this.reload()
      throw new ProtocolError(CLOSE.internal, `repair failed: ${messageOf(err)}`)
    }
    if (!update) return
    log.info('repaired concurrent shape', { docName: this.docName, connId: writer.connId, shapeErrors })
    this.store(update)
    this.relay(update, null)
  }

  /** The dependencies never came: drop what waits (reload) and close its senders to resync. */
  private readonly dropPending = (peers: PeerSocket[]): void => {
    if (this.destroyed) return
    log.warn('dropping updates with missing dependencies', { docName: this.docName, peers: peers.length })
    for (const peer of peers) {
      if (!this.peers.has(peer)) continue
      this.removePeer(peer)
      peer.close(CLOSE.updateRejected.code, CLOSE.updateRejected.reason)
    }
    this.reload()
  }

  /**
   * Replaces the document with a fresh load from storage, after committing what was applied and
   * valid before (the updates before the one being rejected). Gates the room meanwhile; when
   * the load fails, closes every peer and destroys the room (the registry loads a new one on
   * the next join).
   */
  private reload(): void {
    if (this.gate || this.destroyed) return
    this.behindGate('reload', this.reloadNow())
  }

  private async reloadNow(): Promise<void> {
    this.pending.destroy()
    await this.committer.flush()
    const loaded = await loadDocument(this.storage, this.docName, this.kind)
    if (!loaded) throw new Error('document vanished from storage')
    this.adopt(loaded)
  }

  /**
   * Gates the room while `work` runs: messages wait in `queued`, readers in ready(). When it
   * fails, every peer is closed and the room destroyed (the registry loads a new one on the next
   * join); either way what waited is handled afterwards.
   */
  private behindGate(what: string, work: Promise<void>): void {
    this.gate = work
      .catch((err: unknown) => {
        log.error(`${what} failed; closing room`, { docName: this.docName, err })
        this.queued = []
        this.closeAll(CLOSE.storageFailure)
        this.destroy()
      })
      .finally(() => {
        this.gate = null
        this.drainQueued()
      })
  }

  /** Replaces the document with `loaded` (a reload, or the decode of a lazily loaded blob). */
  private adopt(loaded: LoadedDocument): void {
    if (this.destroyed) {
      loaded.doc.destroy()
      return
    }
    const old = this.doc
    old.off('afterTransaction', this.onDocUpdate)
    this.doc = loaded.doc
    this.doc.on('afterTransaction', this.onDocUpdate)
    this.lastSeq = loaded.lastSeq
    this.ahead = []
    this.uncompacted = loaded.uncompacted
    this.encodedState = loaded.encodedState
    old.destroy()
  }

  /**
   * Decodes the stored blob behind the gate (see load): when a message needs the document, when
   * a reader asks (ready), or LAZY_DECODE_DELAY_MS after the load, whichever comes first. The
   * delay lets the fresh clients' first questions, which arrive a moment after they joined, be
   * answered from the blob before the decode takes the event loop.
   */
  private decodeSoon(stored: StoredDoc): void {
    this.storedBlob = stored.updates[0]
    const needed = new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.startDecode?.(), LAZY_DECODE_DELAY_MS)
      this.startDecode = () => {
        this.startDecode = null
        clearTimeout(timer)
        setImmediate(resolve) // after the current message's answer has gone out
      }
    })
    const decoded = needed
      .then(() => {
        // Nothing was applied or committed behind the gate: the stored state is still the truth.
        if (!this.destroyed) this.adopt(decodeStored(this.docName, stored, this.kind))
      })
      .finally(() => {
        this.storedBlob = null
      })
    this.behindGate('decode', decoded)
  }

  /** Handles what waited for a reload or decode, in order; stops if another reload starts. */
  private drainQueued(): void {
    while (this.queued.length > 0 && !this.gate && !this.destroyed) {
      const { peer, run } = this.queued.shift()!
      if (!this.peers.has(peer)) continue
      try {
        run()
      } catch (err) {
        const close = err instanceof ProtocolError ? err.close : CLOSE.internal
        if (!(err instanceof ProtocolError)) log.error('unexpected error', { docName: this.docName, err })
        this.removePeer(peer)
        peer.close(close.code, close.reason)
      }
    }
  }

  /** Any transaction may have changed the document: drop the cached encoding ('afterTransaction', which costs no encoding, unlike 'update'). */
  private readonly onDocUpdate = (tr: Y.Transaction): void => {
    if (this.encodedState && transactionChanged(tr)) this.encodedState = null
  }

  /** The whole document encoded, cached until it changes: N fresh clients cost one encoding. */
  private fullState(): Uint8Array {
    this.encodedState ??= Y.encodeStateAsUpdate(this.doc)
    return this.encodedState
  }

  /** Sends `message` to every peer but `except`, once what is applied so far is stored. */
  private sendToAll(message: Uint8Array, except: PeerSocket | null): void {
    this.afterCommit(() => this.sendNow(message, except, false))
  }

  /** Relays an update to every peer but `except` once it is stored; counted once per relay, not per peer. */
  private relay(update: Uint8Array, except: PeerSocket | null): void {
    const message = syncUpdateMessage(update)
    this.afterCommit(() => this.sendNow(message, except, true))
  }

  private sendNow(message: Uint8Array, except: PeerSocket | null, isUpdate: boolean): void {
    let sent = 0
    for (const peer of this.peers.keys()) {
      if (peer === except) continue
      peer.send(message)
      sent++
    }
    if (isUpdate) this.options.metrics?.updateRelayed(sent)
  }

  /** Compacts soon, but not more often than every compactIntervalMs (a burst compacts a few times, not per batch). */
  private scheduleCompaction(): void {
    if (this.compactTimer || this.destroyed) return
    const wait = Math.max(0, this.lastCompactAt + (this.options.compactIntervalMs ?? 1000) - Date.now())
    this.compactTimer = setTimeout(() => {
      this.compactTimer = null
      void this.compact()
    }, wait)
  }

  /**
   * Folds the stored updates into one snapshot. Failures are logged and leave the updates in
   * place (retried on the next trigger). Resolves to true when there was nothing left to compact.
   */
  compact(): Promise<boolean> {
    this.compacting ??= this.compactNow().finally(() => {
      this.compacting = null
    })
    return this.compacting
  }

  private async compactNow(): Promise<boolean> {
    await this.ready()
    if (this.options.storageReadOnly) return true
    // Only a document that equals what is stored: nothing applied and not yet committed.
    if (this.destroyed || this.gate || this.unsaved.length > 0 || this.lastTaken > this.lastSettled) return this.destroyed
    if (this.uncompacted === 0) return true
    const folded = this.uncompacted
    try {
      await this.storage.compact(this.docName, this.fullState(), this.lastSeq)
      this.uncompacted -= folded
      this.lastCompactAt = Date.now()
      this.options.metrics?.compactionDone(true)
      return this.uncompacted === 0
    } catch (err) {
      log.error('compaction failed', { docName: this.docName, err })
      this.options.metrics?.compactionDone(false)
      return false
    }
  }

  /** Commits what waits, compacts, and releases the room (unload, shutdown). */
  async close(): Promise<void> {
    await this.committer.flush()
    await this.compact()
    this.destroy()
  }

  /** Releases the document, awareness and timers at once. The Room cannot be used afterwards. */
  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    if (this.compactTimer) clearTimeout(this.compactTimer)
    if (this.gapTimer) clearTimeout(this.gapTimer)
    this.queued = []
    this.outbox = []
    this.savedAcks.destroy()
    this.pending.destroy()
    this.presence.destroy()
    this.doc.destroy()
  }

  /** True after destroy (also after an unrecoverable storage failure). */
  get isDestroyed(): boolean {
    return this.destroyed
  }
}

/** Runs a decoding step; any failure but a ProtocolError becomes CLOSE.malformedMessage. */
function decode<T>(fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    if (err instanceof ProtocolError) throw err
    throw malformed(messageOf(err))
  }
}
