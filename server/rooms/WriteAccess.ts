import type * as Y from 'yjs'
import { canWriteMinutes } from '../../shared/auth'
import { CLOSE, ProtocolError, type CloseReason } from '../../shared/protocol'
import { log } from '../log'
import type { DocStorage } from '../persistence'
import type { PeerInfo, PeerSocket } from './PeerSocket'
import type { RoomKind } from './docNames'
import type { ClientIdOwners } from './clientIds'
import { refuseChanges, updateWouldChange } from './wouldChange'

/**
 * Messages of one peer that may wait while its client ids are bound in storage (a round trip, once
 * per writer session). A safety net only: what a connection may send meanwhile is bounded by its
 * rate limits (transport), and a fast client's burst arrives in one read, before the binding's
 * answer can run.
 */
const MAX_HELD_MESSAGES = 4096

/** A peer of a room, as the room keeps it. */
export interface PeerState extends PeerInfo {
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

/** What WriteAccess needs from its room. */
export interface WritingRoom {
  readonly docName: string
  readonly kind: RoomKind
  isClosed(): boolean
  isDestroyed(): boolean
  /** The current document (replaced on reload). */
  document(): Y.Doc
  /** Several nodes: the room catches up from storage (see Room.catchUp); null on one node. */
  readonly catchUp: (() => Promise<void>) | null
  readonly storageReadOnly: boolean
  hasPeer(peer: PeerSocket): boolean
  /** Removes `peer` and closes it with `reason`. */
  dropPeer(peer: PeerSocket, reason: CloseReason): void
  /** Handles a message of `peer` again (after it was held). Throws like Room.receive. */
  dispatch(peer: PeerSocket, data: Uint8Array, caughtUp: boolean): void
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/**
 * The room's write gate: who may change the document (decided once at join from the token's role,
 * the room's kind and whether storage is writable; and whether the meeting is closed), and which
 * client ids a writer may write under (bound to its token in storage before its first update
 * under a new one is applied; its messages wait meanwhile, in order).
 */
export class WriteAccess {
  /** The holds not yet handled (see settled). */
  private readonly holding = new Set<Promise<void>>()

  constructor(
    private readonly room: WritingRoom,
    private readonly storage: DocStorage,
    private readonly clientIds: ClientIdOwners,
  ) {}

  /** Whether the role may write this room's document (before the storage has its say). */
  mayWrite(info: PeerInfo): boolean {
    return this.room.kind === 'minutes' && canWriteMinutes(info.actor.role)
  }

  /** The state of a peer joining now. */
  peerState(info: PeerInfo): PeerState {
    const canWrite = this.mayWrite(info) && !this.room.storageReadOnly
    return { ...info, canWrite, sawStep2: false, held: null, presenceClaimed: false }
  }

  /**
   * True when `update` from `peer` must not be applied: the peer may not write now and the update
   * changes nothing (or waits for a catch-up to decide). Throws ProtocolError with the refusal
   * when it would change the document.
   */
  refuses(peer: PeerSocket, state: PeerState, update: Uint8Array): boolean {
    const refusal = this.writeRefusal(state)
    if (!refusal) return false
    const detail = `role ${state.actor.role} sent a change`
    // Several nodes: a reader that comes from another node may hold stored updates this node
    // has not caught up with yet. Catch up first; refuse only what is still new after that.
    const catchUp = this.room.catchUp
    if (catchUp && refusal === CLOSE.readOnly && updateWouldChange(this.room.document(), update)) {
      void catchUp().then(() => this.refuseLater(peer, update, refusal, detail))
      return true
    }
    refuseChanges(this.room.document(), update, refusal, detail)
    return true
  }

  /**
   * Refuses (ProtocolError clientIdTaken) an update under a client id that belongs to someone
   * else; holds the peer's messages while unbound client ids are bound to it in storage, or while
   * the room catches up (several nodes: another writer's structs this node has not applied yet
   * may come back from a client that moved nodes), then handles the message again.
   */
  checkClientIds(peer: PeerSocket, state: PeerState, update: Uint8Array, data: Uint8Array, caughtUp: boolean): 'held' | void {
    const owner = state.actor.tokenId
    const doc = this.room.document()
    const check = this.clientIds.check(doc, update, owner, doc.clientID)
    if (check.kind === 'ok') return
    if (check.kind === 'taken') {
      const catchUp = this.room.catchUp
      if (catchUp && !caughtUp) {
        this.hold(peer, state, { data, caughtUp: true }, catchUp())
        return 'held'
      }
      throw new ProtocolError(CLOSE.clientIdTaken, `update under client id ${check.clientId}, which another writer introduced`)
    }
    const claim = this.storage.claimClientIds(this.room.docName, check.clientIds, owner).then((owners) => this.clientIds.record(owners))
    this.hold(peer, state, { data, caughtUp }, claim)
    return 'held'
  }

  /** Adds a message of a peer whose messages are held. Throws ProtocolError(rateLimited) past MAX_HELD_MESSAGES. */
  holdAlso(state: PeerState, data: Uint8Array, caughtUp: boolean): void {
    if (state.held!.length >= MAX_HELD_MESSAGES) throw new ProtocolError(CLOSE.rateLimited, 'too many messages while its client ids were bound')
    state.held!.push({ data, caughtUp })
  }

  /**
   * Binds a writer's presence id `id` to it as soon as it announces it, so that someone who reads
   * the id from the presence cannot claim it first by writing under it. In the background: the
   * writer's own first update waits for its binding anyway.
   */
  claimPresenceId(state: PeerState, id: number | undefined): void {
    if (id === undefined) return
    state.presenceClaimed = true
    if (this.clientIds.get(id) !== undefined || id === this.room.document().clientID) return
    this.storage.claimClientIds(this.room.docName, [id], state.actor.tokenId).then(
      (owners) => this.clientIds.record(owners),
      (err: unknown) => log.warn('binding a presence id failed', { docName: this.room.docName, err }),
    )
  }

  /** Why `state` may not change the document right now, or null when it may. */
  private writeRefusal(state: PeerState): CloseReason | null {
    if (this.room.kind === 'minutes' && this.room.isClosed()) return CLOSE.meetingClosed
    if (state.canWrite) return null
    return this.room.storageReadOnly && this.mayWrite(state) ? CLOSE.storageReadOnly : CLOSE.readOnly
  }

  /** Holds the peer's messages, starting with `first`, until `work` is done; then handles them again in order. */
  private hold(peer: PeerSocket, state: PeerState, first: HeldMessage, work: Promise<unknown>): void {
    state.held = [first]
    const handled = work.then(
      () => this.release(peer, state),
      (err: unknown) => {
        log.error('binding client ids failed', { docName: this.room.docName, err })
        if (!this.room.hasPeer(peer)) return
        this.room.dropPeer(peer, CLOSE.storageFailure)
      },
    )
    this.holding.add(handled)
    const forget = () => void this.holding.delete(handled)
    handled.then(forget, forget)
  }

  /**
   * Resolves once the messages held now (waiting for their client ids to be bound) have been
   * handled: a graceful shutdown waits for it before it closes the peers, so that an edit the
   * server received just before is stored, not dropped with its connection.
   */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.holding])
  }

  /** Handles the messages that waited for a binding, in order (a new hold takes the rest). */
  private release(peer: PeerSocket, state: PeerState): void {
    const waiting = state.held ?? []
    state.held = null
    for (const { data, caughtUp } of waiting) {
      if (this.room.isDestroyed() || !this.room.hasPeer(peer)) return
      try {
        this.room.dispatch(peer, data, caughtUp)
      } catch (err) {
        const close = err instanceof ProtocolError ? err.close : CLOSE.internal
        if (!(err instanceof ProtocolError)) log.error('unexpected error', { docName: this.room.docName, err })
        log.warn('closing peer', { docName: this.room.docName, connId: state.connId, reason: close.reason, detail: messageOf(err) })
        this.room.dropPeer(peer, close)
        return
      }
    }
  }

  /** refuseChanges for a peer whose message was handled earlier: closes it itself. */
  private refuseLater(peer: PeerSocket, update: Uint8Array, refusal: CloseReason, detail: string): void {
    if (this.room.isDestroyed() || !this.room.hasPeer(peer)) return
    try {
      refuseChanges(this.room.document(), update, refusal, detail)
    } catch (err) {
      const close = err instanceof ProtocolError ? err.close : CLOSE.internal
      log.warn('closing peer', { docName: this.room.docName, reason: close.reason, detail })
      this.room.dropPeer(peer, close)
    }
  }
}
