import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { Redis } from 'ioredis'
import { accessChangeOf, type AccessChange } from '../auth/AccessChanges'
import { log } from '../log'

/** Stored updates of one document, as a node that committed them publishes them. */
export interface RemoteUpdates {
  /** Sequence number of the first update; the others follow without gaps. */
  readonly firstSeq: number
  readonly updates: Uint8Array[]
}

/** What a node hears from the others about one document. */
export interface RelayListener {
  /** Updates another node has stored (already in PostgreSQL when this is called). */
  remoteUpdates(batch: RemoteUpdates): void
  /** An awareness message (the y-websocket `awareness` message bytes) from another node's peers. */
  remoteAwareness(message: Uint8Array): void
}

const KIND_UPDATES = 0
const KIND_AWARENESS = 1

/**
 * Relays stored updates and presence between server nodes through Redis pub/sub: one channel per
 * document (`<prefix>:doc:<docName>`), subscribed while the document is loaded on this node.
 *
 * Pub/sub does not guarantee delivery (a Redis restart, a subscriber that falls behind and is
 * dropped), so nothing depends on it for correctness: every message carries the documents'
 * sequence numbers, rooms notice gaps and read what they missed from storage, and `onResync`
 * tells the registry to catch every room up after the subscriber (re)connects.
 *
 * One more channel, `<prefix>:access`, carries access changes (a token revoked, a session ended,
 * a role that must now sign in) to every node; after a reconnect `onResync` also re-checks every
 * connection against storage, so a change published meanwhile still takes effect.
 */
export class RedisRelay {
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly listeners = new Map<string, RelayListener>()
  private readyOnce = false
  private closed = false

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly nodeId: string,
    private readonly onResync: () => void,
    private readonly onAccessChange: (change: AccessChange) => void = () => {},
  ) {
    const options = {
      lazyConnect: false,
      // Keep trying (every 0.2 s up to 2 s apart) while Redis is away; commands wait meanwhile.
      retryStrategy: (times: number) => Math.min(200 * times, 2000),
      maxRetriesPerRequest: null,
    }
    this.pub = new Redis(url, { ...options, connectionName: `${nodeId}-pub` })
    this.sub = new Redis(url, { ...options, connectionName: `${nodeId}-sub` })
    for (const [name, client] of [['pub', this.pub], ['sub', this.sub]] as const) {
      client.on('error', (err: Error) => log.warn('redis error', { connection: name, detail: err.message }))
    }
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message))
    this.sub.subscribe(this.accessChannel).catch((err: unknown) => log.warn('redis subscribe failed', { channel: this.accessChannel, err }))
    this.sub.on('ready', () => {
      // ioredis resubscribes by itself; whatever was published meanwhile is in storage.
      if (this.readyOnce) {
        log.info('redis subscriber reconnected; catching up from storage', { rooms: this.listeners.size })
        this.onResync()
      }
      this.readyOnce = true
    })
  }

  /** Resolves once both connections are up (startup), rejects after `timeoutMs`. */
  async ready(timeoutMs = 10_000): Promise<void> {
    const up = (client: Redis) =>
      client.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => client.once('ready', () => resolve()))
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      await Promise.race([Promise.all([up(this.pub), up(this.sub)]), timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  private get accessChannel(): string {
    return `${this.prefix}:access`
  }

  /** Tells the other nodes about an access change (they close what it ends). Fire and forget: see the class comment. */
  publishAccessChange(change: AccessChange): void {
    if (this.closed) return
    this.pub.publish(this.accessChannel, JSON.stringify({ ...change, from: this.nodeId })).catch((err: unknown) => {
      log.warn('redis publish failed', { err })
    })
  }

  private channel(docName: string): string {
    return `${this.prefix}:doc:${docName}`
  }

  /** Starts hearing about `docName` (before it is loaded, so nothing stored after the load is missed). */
  async subscribe(docName: string, listener: RelayListener): Promise<void> {
    this.listeners.set(docName, listener)
    await this.sub.subscribe(this.channel(docName))
  }

  /** Stops hearing about `docName` (it was unloaded). */
  async unsubscribe(docName: string): Promise<void> {
    this.listeners.delete(docName)
    if (this.closed) return
    await this.sub.unsubscribe(this.channel(docName)).catch((err: unknown) => log.warn('redis unsubscribe failed', { err }))
  }

  /** Tells the other nodes about updates this node has stored. Fire and forget: gaps are caught up from storage. */
  publishUpdates(docName: string, batch: RemoteUpdates): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, KIND_UPDATES)
    encoding.writeVarString(encoder, this.nodeId)
    encoding.writeVarUint(encoder, batch.firstSeq)
    encoding.writeVarUint(encoder, batch.updates.length)
    for (const update of batch.updates) encoding.writeVarUint8Array(encoder, update)
    this.publish(docName, encoding.toUint8Array(encoder))
  }

  /** Tells the other nodes about presence on this node (an awareness message). */
  publishAwareness(docName: string, message: Uint8Array): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, KIND_AWARENESS)
    encoding.writeVarString(encoder, this.nodeId)
    encoding.writeVarUint8Array(encoder, message)
    this.publish(docName, encoding.toUint8Array(encoder))
  }

  private publish(docName: string, payload: Uint8Array): void {
    if (this.closed) return
    // While Redis is away ioredis queues commands; a node that would rather drop than queue
    // loses nothing either way (storage is the truth), so queueing is fine up to its limits.
    this.pub.publish(this.channel(docName), Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)).catch((err: unknown) => {
      log.warn('redis publish failed', { err })
    })
  }

  private receive(channel: string, message: Buffer): void {
    if (channel === this.accessChannel) return this.receiveAccessChange(message)
    const prefix = `${this.prefix}:doc:`
    if (!channel.startsWith(prefix)) return
    const listener = this.listeners.get(channel.slice(prefix.length))
    if (!listener) return
    try {
      const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength))
      const kind = decoding.readVarUint(decoder)
      const from = decoding.readVarString(decoder)
      if (from === this.nodeId) return // our own, echoed by Redis
      if (kind === KIND_UPDATES) {
        const firstSeq = decoding.readVarUint(decoder)
        const count = decoding.readVarUint(decoder)
        const updates: Uint8Array[] = []
        for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder))
        listener.remoteUpdates({ firstSeq, updates })
      } else if (kind === KIND_AWARENESS) {
        listener.remoteAwareness(decoding.readVarUint8Array(decoder))
      }
    } catch (err) {
      // Only our nodes publish here; a message we cannot read is a bug or a foreign writer.
      log.error('unreadable relay message', { channel, err })
    }
  }

  private receiveAccessChange(message: Buffer): void {
    let value: unknown
    try {
      value = JSON.parse(message.toString('utf8'))
    } catch {
      value = null
    }
    if ((value as { from?: unknown } | null)?.from === this.nodeId) return // ours, applied when it was made
    const change = accessChangeOf(value)
    if (!change) return log.error('unreadable access change', { channel: this.accessChannel })
    this.onAccessChange(change)
  }

  async close(): Promise<void> {
    this.closed = true
    this.listeners.clear()
    await Promise.allSettled([this.sub.quit(), this.pub.quit()])
  }
}
