import { MESSAGE } from '../../shared/protocol'
import type { LimitKind } from '../metrics'

/**
 * Per-connection rate limits of the sync endpoint (token buckets). The defaults are far above
 * what a person produces: a fast secretary types ~15 characters a second (one update each), a
 * held-down key repeats ~30 times a second, and a reconnect sends its whole backlog as one
 * message. Presence counts a client's own caret moves (up to ~60 a second while dragging a
 * selection) and the echoes a stock client sends of every presence change it receives (at most
 * 1000 / PRESENCE_BROADCAST_INTERVAL_MS = 20 a second, see RoomPresence). See
 * docs/THREAT_MODEL.md, "Limits".
 */
export interface RateLimits {
  /** Sync messages (step 1, step 2, update) per second, sustained. */
  readonly updatesPerSecond: number
  /** Sync messages that may come at once before the rate applies. */
  readonly updatesBurst: number
  /** Awareness (presence) and awareness-query messages per second, sustained. */
  readonly awarenessPerSecond: number
  readonly awarenessBurst: number
  /** Bytes per second over all messages, sustained. */
  readonly bytesPerSecond: number
  /** Bytes that may come at once; at least the largest message accepted. */
  readonly bytesBurst: number
  /** A connection held back by its limits for this long without catching up is closed. */
  readonly floodCloseAfterMs: number
  /** A connection with more messages than this waiting for its limits is closed at once. */
  readonly maxQueuedMessages: number
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  updatesPerSecond: 50,
  updatesBurst: 300,
  awarenessPerSecond: 100,
  awarenessBurst: 300,
  bytesPerSecond: 1024 * 1024,
  bytesBurst: 16 * 1024 * 1024,
  floodCloseAfterMs: 3000,
  maxQueuedMessages: 512,
}

/** A token bucket: `rate` tokens a second, at most `burst` saved up. Starts full. */
export class TokenBucket {
  private tokens: number
  private at: number

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst
    this.at = now
  }

  private refill(now: number): void {
    if (now > this.at) this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.rate) / 1000)
    this.at = now
  }

  /** Milliseconds until `cost` tokens are there (0: now). A cost above the burst waits for a full bucket. */
  waitFor(cost: number, now: number): number {
    this.refill(now)
    const needed = Math.min(cost, this.burst) - this.tokens
    return needed <= 0 ? 0 : Math.ceil((needed * 1000) / this.rate)
  }

  /** Takes `cost` tokens (call after waitFor said 0). */
  take(cost: number): void {
    this.tokens -= Math.min(cost, this.burst)
  }
}

/** What the throttle does to its connection. */
export interface ThrottledConnection {
  /** Stop reading from the socket (backpressure: the sender's data waits in TCP buffers). */
  pause(): void
  resume(): void
  /** Handle one message that is within the limits, in arrival order. */
  deliver(message: Uint8Array): void
  /** The connection exceeded its limits for too long, or queued too much: close it. */
  flood(detail: string): void
  /** A limit started holding the connection back (once per episode). */
  tripped(kind: LimitKind): void
}

/**
 * Lets a connection's messages through within its RateLimits, in order. A message over a limit
 * waits and the socket is paused until the bucket refills; a connection that stays held back for
 * floodCloseAfterMs, or has maxQueuedMessages waiting (data that was already read when the
 * socket was paused), is flooding and is closed. Memory per connection stays bounded: at most
 * maxQueuedMessages messages, each at most the transport's message size limit.
 */
export class ConnectionThrottle {
  private readonly updates: TokenBucket
  private readonly awareness: TokenBucket
  private readonly bytes: TokenBucket
  private readonly queue: Uint8Array[] = []
  private heldSince: number | null = null
  private timer: NodeJS.Timeout | null = null
  private stopped = false

  constructor(
    private readonly limits: RateLimits,
    private readonly connection: ThrottledConnection,
    private readonly now: () => number = Date.now,
  ) {
    const at = now()
    this.updates = new TokenBucket(limits.updatesPerSecond, limits.updatesBurst, at)
    this.awareness = new TokenBucket(limits.awarenessPerSecond, limits.awarenessBurst, at)
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.bytesBurst, at)
  }

  /** A message arrived from the socket. */
  offer(message: Uint8Array): void {
    if (this.stopped) return
    if (this.queue.length > 0) {
      this.queue.push(message)
      if (this.queue.length > this.limits.maxQueuedMessages) this.stop(`more than ${this.limits.maxQueuedMessages} messages over the rate limits`)
      return
    }
    const blocked = this.admit(message)
    if (blocked === null) return this.connection.deliver(message)
    this.queue.push(message)
    this.hold(blocked.kind, blocked.waitMs)
  }

  /** Stops for good (the connection closed): drops what waits and the timer. */
  destroy(): void {
    this.stopped = true
    this.queue.length = 0
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Takes the message's tokens and returns null, or says which limit holds it back and for how long. */
  private admit(message: Uint8Array): { kind: LimitKind; waitMs: number } | null {
    const now = this.now()
    const isPresence = message[0] === MESSAGE.awareness || message[0] === MESSAGE.queryAwareness
    const bucket = isPresence ? this.awareness : this.updates
    const countWait = bucket.waitFor(1, now)
    const bytesWait = this.bytes.waitFor(message.byteLength, now)
    if (countWait === 0 && bytesWait === 0) {
      bucket.take(1)
      this.bytes.take(message.byteLength)
      return null
    }
    if (bytesWait > countWait) return { kind: 'bytes-rate', waitMs: bytesWait }
    return { kind: isPresence ? 'awareness-rate' : 'update-rate', waitMs: countWait }
  }

  private hold(kind: LimitKind, waitMs: number): void {
    if (this.heldSince === null) {
      this.heldSince = this.now()
      this.connection.tripped(kind)
      this.connection.pause()
    }
    this.timer = setTimeout(() => this.drain(), waitMs)
  }

  /** Delivers what the buckets allow now; waits again, resumes reading, or closes a flood. */
  private drain(): void {
    this.timer = null
    while (!this.stopped && this.queue.length > 0) {
      const blocked = this.admit(this.queue[0])
      if (blocked) {
        if (this.now() - this.heldSince! >= this.limits.floodCloseAfterMs) {
          return this.stop(`held back by the ${blocked.kind} limit for ${this.limits.floodCloseAfterMs} ms`)
        }
        this.timer = setTimeout(() => this.drain(), blocked.waitMs)
        return
      }
      this.connection.deliver(this.queue.shift()!)
    }
    if (this.stopped) return
    this.heldSince = null
    this.connection.resume()
  }

  private stop(detail: string): void {
    this.destroy()
    this.connection.flood(detail)
  }
}
