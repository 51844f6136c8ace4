import type { RemoteUpdates } from '../cluster/RedisRelay'
import type { Metrics } from '../metrics'
import type { Committer } from './Committer'
import type { RoomKind } from './docNames'

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
  /** Called after updates of this room are stored (not for other nodes' updates), off the commit path: must not throw. */
  readonly onStored?: () => void
}

/** Default of RoomOptions.maxAwarenessBytes: a name, a role, a colour and a caret need a few hundred bytes. */
export const DEFAULT_MAX_AWARENESS_BYTES = 16 * 1024

/** The room's side of the relay between nodes (see server/cluster). */
export interface RoomClusterLink {
  publishUpdates(batch: RemoteUpdates): void
  publishAwareness(message: Uint8Array): void
}

/** Default of RoomOptions.storedAnswerDelayMs. */
export const STORED_ANSWER_DELAY_MS = 200

/** Default of RoomOptions.pendingTimeoutMs. */
export const DEFAULT_PENDING_TIMEOUT_MS = 5000
