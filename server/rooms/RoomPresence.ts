import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { Actor } from '../../shared/register'
import type { PeerSocket } from './PeerSocket'
import { awarenessMessage } from './messages'
import { bindPresence, decodeAwarenessUpdate, encodeAwarenessUpdate } from './presence'

/**
 * Least time between two presence broadcasts of a room, in milliseconds. A change in a quiet room
 * goes out at once; changes that follow within this time go out together at its end. Stock
 * y-websocket clients send every presence change they receive back to the server, so the rate of
 * broadcasts is also the rate of echoes every client sends: bounded here, whatever the size of
 * the meeting or a flooding member (who is rate limited too).
 */
export const PRESENCE_BROADCAST_INTERVAL_MS = 50

/**
 * The presence (awareness) of one room's peers, bound to their tokens: each peer speaks for one
 * client id only, and its `user` field is rewritten from its token (see bindPresence).
 */
export class RoomPresence {
  /** Bound to a scratch doc, so that reloading the room's document leaves presence untouched. */
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc())
  /** The client id each peer announced first, and the reverse. */
  private readonly idOf = new Map<PeerSocket, number>()
  private readonly ownerOf = new Map<number, PeerSocket>()
  /** Every client id whose state arrived through a peer, to remove when it leaves. */
  private readonly controlled = new Map<PeerSocket, Set<number>>()
  /** Client ids changed since the last broadcast, while a broadcast interval runs. */
  private changed = new Set<number>()
  private broadcastTimer: NodeJS.Timeout | null = null

  /** `maxStateBytes`: largest presence state accepted (bytes of its JSON); see decodeAwarenessUpdate. */
  constructor(
    private readonly broadcast: (message: Uint8Array) => void,
    private readonly maxStateBytes: number,
  ) {
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.handleUpdate)
  }

  /** Sends a new peer every current presence state. */
  greet(peer: PeerSocket): void {
    const ids = [...this.awareness.getStates().keys()]
    if (ids.length > 0) peer.send(awarenessMessage(this.awareness, ids))
  }

  /** Answers a query-awareness message. */
  sendAll(peer: PeerSocket): void {
    peer.send(awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]))
  }

  /**
   * Applies an awareness update from `peer`, bound to its token's `actor`. Throws on bytes that
   * are not an awareness update, and ProtocolError(CLOSE.foreignAwareness) for a newer entry
   * for a client id another peer owns.
   */
  receive(peer: PeerSocket, actor: Actor, update: Uint8Array): void {
    const claim = { presenceId: this.idOf.get(peer) ?? null }
    const bound = bindPresence(claim, actor, decodeAwarenessUpdate(update, this.maxStateBytes), {
      serverClientId: this.awareness.clientID,
      ownedByOther: (id) => {
        const owner = this.ownerOf.get(id)
        return owner !== undefined && owner !== peer
      },
      knownClock: (id) => this.awareness.meta.get(id)?.clock ?? 0,
    })
    if (claim.presenceId !== null && !this.idOf.has(peer)) {
      this.idOf.set(peer, claim.presenceId)
      this.ownerOf.set(claim.presenceId, peer)
    }
    if (bound.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(bound), peer)
  }

  /** The client id `peer` speaks for, once it announced one. */
  clientIdOf(peer: PeerSocket): number | undefined {
    return this.idOf.get(peer)
  }

  /** Removes the presence a departing peer controlled. */
  remove(peer: PeerSocket): void {
    const id = this.idOf.get(peer)
    if (id !== undefined) this.ownerOf.delete(id)
    this.idOf.delete(peer)
    const ids = this.controlled.get(peer)
    this.controlled.delete(peer)
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null)
  }

  destroy(): void {
    if (this.broadcastTimer) clearTimeout(this.broadcastTimer)
    this.broadcastTimer = null
    this.awareness.off('update', this.handleUpdate)
    this.awareness.destroy()
  }

  private readonly handleUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const peer = origin as PeerSocket
    if (this.idOf.has(peer)) {
      let ids = this.controlled.get(peer)
      if (!ids) this.controlled.set(peer, (ids = new Set()))
      for (const id of changes.added) ids.add(id)
      for (const id of changes.removed) ids.delete(id)
    }
    const ids = [...changes.added, ...changes.updated, ...changes.removed]
    if (this.broadcastTimer) {
      for (const id of ids) this.changed.add(id)
      return
    }
    this.broadcast(awarenessMessage(this.awareness, ids))
    this.startInterval()
  }

  /** Broadcasts what changed during the interval at its end (and starts another), or ends the interval. */
  private startInterval(): void {
    this.broadcastTimer = setTimeout(() => {
      this.broadcastTimer = null
      if (this.changed.size === 0) return
      const ids = [...this.changed]
      this.changed = new Set()
      this.broadcast(awarenessMessage(this.awareness, ids))
      this.startInterval()
    }, PRESENCE_BROADCAST_INTERVAL_MS)
    this.broadcastTimer.unref()
  }
}
