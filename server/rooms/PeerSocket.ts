import type { Actor } from '../../shared/register'

/**
 * The little a Room needs from a connection. The transport adapts `ws` to it; tests can use a
 * fake. Implementations never throw from send or close.
 */
export interface PeerSocket {
  /** Sends one binary message; a no-op when the socket is not open. */
  send(data: Uint8Array): void
  /** Starts the closing handshake with a close code and a short reason. */
  close(code: number, reason: string): void
  /** True while messages can be sent. */
  readonly isOpen: boolean
}

/** What the transport learned about a peer at connect. */
export interface PeerInfo {
  /** Who the peer's token says it is; decides what it may write and how its presence shows. */
  readonly actor: Actor
  /** Random id for log lines. */
  readonly connId: string
  /** The peer asked for `saved` messages (query `saved=1`). */
  readonly wantsSaved: boolean
}
