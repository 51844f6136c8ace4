import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { CLOSE, MESSAGE, ProtocolError, type CloseReason } from '../../shared/protocol'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import { log } from '../log'
import { decodeStored, emptyDocument, loadDocument, type DocStorage, type LoadedDocument, type StoredDoc } from '../persistence'
import { normalizeMinutes, validateTransaction, type ValidationResult } from '../validation'
import type { RemoteUpdates } from '../cluster/RedisRelay'
import { Committer, type CommitSource } from './Committer'
import type { PeerInfo, PeerSocket } from './PeerSocket'
import { PendingDependencies } from './PendingDependencies'
import { SavedAcks } from './SavedAcks'
import { applyPeerUpdate, captureTransaction } from './captureTransaction'
import type { RoomKind } from './docNames'
import { RemoteSync, type SyncedRoom } from './RemoteSync'
import { RoomBroadcast } from './RoomBroadcast'
import { RoomCommits } from './RoomCommits'
import { RoomCompaction } from './RoomCompaction'
import { RoomGate, type GatedRoom } from './RoomGate'
import { DEFAULT_MAX_AWARENESS_BYTES, DEFAULT_PENDING_TIMEOUT_MS, STORED_ANSWER_DELAY_MS, type RoomOptions } from './RoomOptions'
import { RoomPresence } from './RoomPresence'
import { StoredSeqs } from './StoredSeqs'
import { WriteAccess, type PeerState, type WritingRoom } from './WriteAccess'
import { answerStep1, isEmptyStateVector } from './answerStep1'
import { ClientIdOwners } from './clientIds'
import { syncStep1Message, syncStep2Message, syncUpdateMessage } from './messages'

export { DEFAULT_MAX_AWARENESS_BYTES, DEFAULT_PENDING_TIMEOUT_MS, STORED_ANSWER_DELAY_MS, type RoomClusterLink, type RoomOptions } from './RoomOptions'

/** Transaction origin of the server's own repairs. */
const REPAIR_ORIGIN = Symbol('minutes-repair')
/** Transaction origin of the server's own changes (the register). */
const SERVER_ORIGIN = Symbol('server-change')


const malformed = (detail: string) => new ProtocolError(CLOSE.malformedMessage, detail)
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err))

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
 *
 * The parts live in modules of their own, each with its state: WriteAccess (who may write, under
 * which client ids), RoomCommits (durable store and acknowledgement), RoomBroadcast (peers and
 * what goes out to all), RoomGate (reload and lazy decode), RoomCompaction, StoredSeqs (several
 * nodes), RoomPresence, SavedAcks, PendingDependencies. The Room ties them to the document.
 */
export class Room implements CommitSource {
  private readonly presence: RoomPresence
  private readonly out: RoomBroadcast<PeerState>
  private readonly commits = new RoomCommits()
  private readonly gate: RoomGate
  private readonly access: WriteAccess
  private readonly compaction: RoomCompaction
  private readonly seqs: StoredSeqs
  private readonly savedAcks: SavedAcks
  private readonly pending: PendingDependencies
  private readonly committer: Committer
  private destroyed = false
  private closed: boolean
  private readonly remote: RemoteSync

  private constructor(
    readonly docName: string,
    private doc: Y.Doc,
    loaded: LoadedDocument,
    private readonly storage: DocStorage,
    private readonly options: RoomOptions,
    clientIds: ClientIdOwners,
  ) {
    this.presence = new RoomPresence((message) => {
      this.sendToAll(message, null)
      this.options.cluster?.publishAwareness(message)
    }, options.maxAwarenessBytes ?? DEFAULT_MAX_AWARENESS_BYTES)
    this.out = new RoomBroadcast(loaded.encodedState, options.metrics)
    this.seqs = new StoredSeqs(loaded.lastSeq, () => void this.catchUp())
    this.doc.on('afterTransaction', this.out.handleTransaction)
    this.committer = options.committer ?? new Committer(storage)
    this.closed = options.closed ?? false
    this.savedAcks = new SavedAcks(() => this.doc, options.savedDelayMs ?? 30)
    this.pending = new PendingDependencies(options.pendingTimeoutMs ?? DEFAULT_PENDING_TIMEOUT_MS, this.dropPending)
    this.gate = new RoomGate(this.asGated())
    this.remote = new RemoteSync(this.asSynced(), storage, this.seqs, options.cluster !== undefined)
    this.access = new WriteAccess(this.asWriting(), storage, clientIds)
    this.compaction = new RoomCompaction(this, storage, {
      afterUpdates: options.compactAfterUpdates,
      intervalMs: options.compactIntervalMs ?? 1000,
      storageReadOnly: options.storageReadOnly ?? false,
      metrics: options.metrics,
    }, loaded.uncompacted)
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
    return this.out.peers.size
  }

  /** True when stored updates are waiting to be folded into the snapshot. */
  get hasUncompacted(): boolean {
    return this.compaction.uncompacted > 0
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

  /** The sequence number of the last stored update the document holds (see StoredSeqs). */
  get lastSeq(): number {
    return this.seqs.lastSeq
  }

  /**
   * Resolves when the document is settled for a reader: no reload running and everything applied
   * so far stored. Readers over HTTP call this before they look at `document`.
   */
  async ready(): Promise<void> {
    await this.gate.settled()
    await this.committer.flush()
  }

  /** True when the document equals what is stored: nothing applied waits for a commit, no reload runs. */
  get isSettled(): boolean {
    return !this.gate.isShut && !this.destroyed && this.commits.allStored
  }

  /**
   * Adds a peer and greets it with sync step 1 and the current awareness states. Whether it may
   * write is decided here, once, from `info.actor.role`.
   */
  addPeer(peer: PeerSocket, info: PeerInfo): void {
    this.out.peers.set(peer, this.access.peerState(info))
    // Our state vector needs the decoded document.
    this.gate.whenOpen(peer, () => {
      peer.send(syncStep1Message(this.doc))
      this.presence.greet(peer)
    })
  }

  /** Removes a peer and the awareness states it controlled. Safe to call twice. */
  removePeer(peer: PeerSocket): void {
    if (!this.out.peers.delete(peer)) return
    this.savedAcks.forget(peer)
    this.presence.remove(peer)
  }

  /** Resolves once the writers' messages held for a client-id binding now have been handled. */
  heldMessagesHandled(): Promise<void> {
    return this.access.settled()
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
    for (const [peer, state] of [...this.out.peers]) {
      if (!match(state)) continue
      this.dropPeer(peer, reason)
      closed++
    }
    return closed
  }

  /** Removes `peer` and closes it with `reason`. */
  private dropPeer(peer: PeerSocket, reason: CloseReason): void {
    this.removePeer(peer)
    peer.close(reason.code, reason.reason)
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
    if (this.destroyed || this.gate.isShut) return Promise.reject(new ProtocolError(CLOSE.storageFailure, 'room is not ready'))
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
      if (this.commits.failed(batch)) throw new ProtocolError(CLOSE.storageFailure, 'the change could not be stored')
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
    const state = this.out.peers.get(peer)
    if (!state || this.destroyed) return
    if (state.held) return this.access.holdAlso(state, data, caughtUp)
    if (this.gate.admit(peer, data, () => this.handle(peer, data, caughtUp))) return
    this.handle(peer, data, caughtUp)
  }

  private handle(peer: PeerSocket, data: Uint8Array, caughtUp: boolean): void {
    const state = this.out.peers.get(peer)
    if (!state || this.destroyed) return
    // Came through the gate's queue while earlier messages of the peer wait for a binding.
    if (state.held) return this.access.holdAlso(state, data, caughtUp)
    const decoder = decoding.createDecoder(data)
    const type = decode(() => decoding.readVarUint(decoder))
    switch (type) {
      case MESSAGE.sync:
        return this.handleSync(peer, state, decoder, data, caughtUp)
      case MESSAGE.awareness: {
        const update = decode(() => decoding.readVarUint8Array(decoder))
        decode(() => this.presence.receive(peer, state.actor, update))
        if (state.canWrite && !state.presenceClaimed) this.access.claimPresenceId(state, this.presence.clientIdOf(peer))
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
        return answerStep1(
          {
            docName: this.docName,
            commits: this.commits,
            storage: this.storage,
            isGone: (p) => this.destroyed || !this.out.peers.has(p),
            storedAnswerDelayMs: this.options.storedAnswerDelayMs ?? STORED_ANSWER_DELAY_MS,
          },
          peer,
          payload,
          syncStep2Message(reply),
        )
      }
      case syncProtocol.messageYjsSyncStep2:
        if (this.applyUpdate(peer, state, payload, data, caughtUp) === 'held') return
        if (!state.sawStep2) {
          // A client that reloaded with local pending edits learns what the server holds.
          state.sawStep2 = true
          if (state.wantsSaved) this.commits.afterCommit(() => this.savedAcks.request(peer))
        }
        return
      case syncProtocol.messageYjsUpdate:
        this.applyUpdate(peer, state, payload, data, caughtUp)
        return
      default:
        throw malformed(`unknown sync message type ${syncType}`)
    }
  }

  /**
   * (write access; client ids bound to the writer) → apply → validate → (nothing changed: stop)
   * → store → relay → ack → repair. Returns 'held' when the message waits for a binding (it is
   * handled again then).
   */
  private applyUpdate(peer: PeerSocket, state: PeerState, update: Uint8Array, data: Uint8Array, caughtUp: boolean): 'held' | void {
    if (this.access.refuses(peer, state, update)) return
    if (this.kind === 'minutes' && this.access.checkClientIds(peer, state, update, data, caughtUp) === 'held') return 'held'
    const store = this.doc.store
    const [pendingStructs, pendingDs] = [store.pendingStructs, store.pendingDs]
    const { stored, result } = this.applyValidated(peer, update)
    // Yjs replaces these objects when an update adds to (or takes from) what waits.
    this.pending.track(this.doc, peer, store.pendingStructs !== pendingStructs || store.pendingDs !== pendingDs)
    if (!stored) return
    this.store(stored)
    this.relay(stored, peer)
    if (state.wantsSaved) this.commits.afterCommit(() => this.savedAcks.request(peer))
    if (result.shapeErrors.length > 0) this.repair(result.shapeErrors, state)
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
    const batch = this.commits.add(update)
    this.committer.enqueue(this)
    return batch
  }

  /** CommitSource: the Committer takes the unsaved updates into its batch. */
  takeUnsaved(): { updates: Uint8Array[]; batch: number } {
    return this.commits.take()
  }

  /** CommitSource: the batch is on disk; send what waited for it. */
  committed(batch: number, lastSeq: number, rows: readonly Uint8Array[]): void {
    if (rows.length > 0) {
      if (this.options.cluster) {
        const firstSeq = lastSeq - rows.length + 1
        this.options.cluster.publishUpdates({ firstSeq, updates: [...rows] })
        this.seqs.mark(firstSeq, lastSeq)
      } else this.seqs.lastSeq = lastSeq
    }
    this.commits.settle(batch)
    this.compaction.stored(rows.length)
    if (rows.length > 0) this.options.onStored?.()
  }

  /**
   * CommitSource: the batch could not be stored. Nothing of it was sent, nor of later updates
   * (they build on it); the document goes back to what storage holds, and every peer is closed
   * with CLOSE.storageFailure: the writers still hold their edits and send them again when they
   * reconnect, the others resync.
   */
  commitFailed(batch: number, err: unknown): void {
    this.commits.fail(batch)
    log.error('updates not stored; closing the room’s peers', { docName: this.docName, err: messageOf(err) })
    this.closeAll(CLOSE.storageFailure)
    this.reload()
  }

  /**
   * Updates another node stored: applied (they were validated there) and sent to this node's
   * peers at once, since they are on disk already. A gap before them is filled from storage.
   */
  remoteUpdates(batch: RemoteUpdates): void {
    this.remote.remoteUpdates(batch)
  }

  /** Presence from another node's peers: passed on to this node's peers as it is. */
  remoteAwareness(message: Uint8Array): void {
    if (this.destroyed) return
    this.out.sendNow(message, null, false)
  }

  /**
   * Reads from storage what was stored after `lastSeq` and applies it (several nodes: after a
   * gap, or when the relay was away). Concurrent calls share one read.
   */
  catchUp(): Promise<void> {
    return this.remote.catchUp()
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
      if (this.out.peers.has(peer)) this.dropPeer(peer, CLOSE.updateRejected)
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
    if (this.gate.isShut || this.destroyed) return
    this.gate.shutWhile('reload', this.reloadNow())
  }

  private async reloadNow(): Promise<void> {
    this.pending.destroy()
    await this.committer.flush()
    const loaded = await loadDocument(this.storage, this.docName, this.kind)
    if (!loaded) throw new Error('document vanished from storage')
    this.adopt(loaded)
  }

  /** Replaces the document with `loaded` (a reload, or the decode of a lazily loaded blob). */
  private adopt(loaded: LoadedDocument): void {
    if (this.destroyed) {
      loaded.doc.destroy()
      return
    }
    const old = this.doc
    old.off('afterTransaction', this.out.handleTransaction)
    this.doc = loaded.doc
    this.doc.on('afterTransaction', this.out.handleTransaction)
    this.seqs.reset(loaded.lastSeq)
    this.compaction.uncompacted = loaded.uncompacted
    this.out.replaced(loaded.encodedState)
    old.destroy()
  }

  /** Decodes the stored blob behind the gate (see load and RoomGate.decodeSoon). */
  private decodeSoon(stored: StoredDoc): void {
    // Nothing was applied or committed behind the gate: the stored state is still the truth.
    this.gate.decodeSoon(stored.updates[0], () => {
      if (!this.destroyed) this.adopt(decodeStored(this.docName, stored, this.kind))
    })
  }

  /** The whole document encoded, cached until it changes: N fresh clients cost one encoding. @internal */
  fullState(): Uint8Array {
    return this.out.fullState(this.doc)
  }

  /** Sends `message` to every peer but `except`, once what is applied so far is stored. */
  private sendToAll(message: Uint8Array, except: PeerSocket | null): void {
    this.commits.afterCommit(() => this.out.sendNow(message, except, false))
  }

  /** Relays an update to every peer but `except` once it is stored; encoded once per relay, not per peer. */
  private relay(update: Uint8Array, except: PeerSocket | null): void {
    const message = syncUpdateMessage(update)
    this.commits.afterCommit(() => this.out.sendNow(message, except, true))
  }

  /**
   * Folds the stored updates into one snapshot. Failures are logged and leave the updates in
   * place (retried on the next trigger). Resolves to true when there was nothing left to compact.
   */
  compact(): Promise<boolean> {
    return this.compaction.compact()
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
    this.compaction.destroy()
    this.seqs.destroy()
    this.gate.clear()
    this.commits.clear()
    this.savedAcks.destroy()
    this.pending.destroy()
    this.presence.destroy()
    this.doc.destroy()
  }

  /** True after destroy (also after an unrecoverable storage failure). */
  get isDestroyed(): boolean {
    return this.destroyed
  }

  /** The room as its gate sees it. */
  private asGated(): GatedRoom {
    return {
      docName: this.docName,
      isDestroyed: () => this.destroyed,
      hasPeer: (peer) => this.out.peers.has(peer),
      dropPeer: (peer, reason) => this.dropPeer(peer, reason),
      fail: () => {
        this.closeAll(CLOSE.storageFailure)
        this.destroy()
      },
    }
  }

  /** The room as its relay from other nodes sees it. */
  private asSynced(): SyncedRoom {
    return {
      docName: this.docName,
      isDestroyed: () => this.destroyed,
      isGated: () => this.gate.isShut,
      document: () => this.doc,
      ready: () => this.ready(),
      reload: () => this.reload(),
      sendToPeers: (message) => this.out.sendNow(message, null, true),
    }
  }

  /** The room as its write access sees it. */
  private asWriting(): WritingRoom {
    return {
      docName: this.docName,
      kind: this.kind,
      storageReadOnly: this.options.storageReadOnly ?? false,
      catchUp: this.options.cluster ? () => this.catchUp() : null,
      isClosed: () => this.closed,
      isDestroyed: () => this.destroyed,
      document: () => this.doc,
      hasPeer: (peer) => this.out.peers.has(peer),
      dropPeer: (peer, reason) => this.dropPeer(peer, reason),
      dispatch: (peer, data, caughtUp) => this.dispatch(peer, data, caughtUp),
    }
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
