import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { CLOSE } from '../shared/protocol'

/**
 * What the server counts. Rooms, the Committer and the transport call these; the default is
 * NO_METRICS (unit tests that build a Room or a Committer directly need nothing). No method
 * takes anything user-identifying: no document names, tokens, names or connection ids.
 */
export interface Metrics {
  /** A WebSocket connection was accepted (upgrade done). */
  connectionOpened(): void
  /** An accepted WebSocket connection closed. */
  connectionClosed(): void
  /** A peer sent a message carrying a document update (sync step 2 or update). */
  updateReceived(): void
  /** A document update was sent to `peers` peers. */
  updateRelayed(peers: number): void
  /**
   * One group commit ended: `updates` updates in it, `seconds` spent in appendBatch including
   * retries, `failedAttempts` attempts that rejected, `ok` false when every attempt failed.
   */
  commitDone(updates: number, seconds: number, failedAttempts: number, ok: boolean): void
  /** A compaction ran (`ok` false: it failed and the updates stay). */
  compactionDone(ok: boolean): void
  /** The server closed a peer with `code` and `reason` (one of CLOSE's reasons). */
  peerClosed(code: number, reason: string): void
  /** A limit refused, slowed or closed something (see LIMIT_KINDS and docs/THREAT_MODEL.md). */
  limitTripped(kind: LimitKind): void
}

/**
 * The limits whose trips are counted in `referat_limits_tripped_total{kind}` (a fixed set: bounded
 * label values). Each is documented with its default in docs/THREAT_MODEL.md.
 */
export const LIMIT_KINDS = [
  'update-rate',
  'awareness-rate',
  'bytes-rate',
  'flood-close',
  'awareness-size',
  'client-id',
  'backpressure',
  'upgrade-timeout',
  'admin-credential',
  'token-check',
  'upgrade-refused',
  'verify-request',
  'search-request',
] as const
export type LimitKind = (typeof LIMIT_KINDS)[number]

/** Counts nothing. */
export const NO_METRICS: Metrics = {
  connectionOpened() {},
  connectionClosed() {},
  updateReceived() {},
  updateRelayed() {},
  commitDone() {},
  compactionDone() {},
  peerClosed() {},
  limitTripped() {},
}

/** What the gauges read at scrape time (the RoomRegistry). */
export interface RoomCounts {
  /** Loaded rooms. */
  readonly size: number
  /** Peers in all loaded rooms. */
  readonly peerCount: number
}

/** The close reasons the server sends; anything else is counted as `other` (bounded label values). */
const KNOWN_REASONS = new Set<string>(Object.values(CLOSE).map((close) => close.reason))

/** Seconds per commit: from a fraction of a millisecond (SQLite) to retries on a struggling database. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
/** Updates per group commit: one keystroke to a reconnecting client's backlog. */
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000]

/**
 * The metrics of one server instance, in a prom-client Registry of its own (several servers may
 * run in one process, as in the tests), with prom-client's default process metrics (CPU, memory,
 * event-loop lag, GC, handles) and a `node` label (NODE_ID) on every series.
 */
/** What the storage gauges read (see ServerMetrics.observeStorage). */
export interface StorageState {
  readonly readOnly: boolean
  /** Milliseconds the commit in flight has waited for a lock (0: not waiting). */
  busyForMs(): number
}

export class ServerMetrics implements Metrics {
  readonly registry = new Registry()
  private rooms: RoomCounts | null = null
  private webhookPending: (() => Promise<number>) | null = null
  private draining = false
  private storageState: StorageState | null = null

  private readonly connections = new Gauge({
    name: 'referat_connections_open',
    help: 'WebSocket connections open on the sync endpoint (joined or still being admitted).',
    registers: [this.registry],
  })
  private readonly updatesReceived = new Counter({
    name: 'referat_updates_received_total',
    help: 'Messages from peers carrying a document update (sync step 2 or update), before validation.',
    registers: [this.registry],
  })
  private readonly updatesRelayed = new Counter({
    name: 'referat_updates_relayed_total',
    help: 'Document update messages sent to peers (one per receiving peer), after they were stored.',
    registers: [this.registry],
  })
  private readonly commits = new Counter({
    name: 'referat_commits_total',
    help: 'Group commits (appendBatch of every update of one turn), by result (ok, failed after all retries).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  })
  private readonly commitBatch = new Histogram({
    name: 'referat_commit_batch_updates',
    help: 'Updates per group commit.',
    buckets: BATCH_BUCKETS,
    registers: [this.registry],
  })
  private readonly persistenceSeconds = new Histogram({
    name: 'referat_persistence_seconds',
    help: 'Seconds per group commit spent in appendBatch, including retries.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  })
  private readonly persistenceErrors = new Counter({
    name: 'referat_persistence_errors_total',
    help: 'appendBatch attempts that failed (each retry counts).',
    registers: [this.registry],
  })
  private readonly compactions = new Counter({
    name: 'referat_compactions_total',
    help: 'Compactions of a document into a snapshot that succeeded.',
    registers: [this.registry],
  })
  private readonly compactionErrors = new Counter({
    name: 'referat_compaction_errors_total',
    help: 'Compactions that failed (the updates stay and are compacted later).',
    registers: [this.registry],
  })
  private readonly peerCloses = new Counter({
    name: 'referat_peer_closes_total',
    help: 'Connections the server closed, by WebSocket close code and reason (1001 shutdown, 1009 too big, 44xx refused, 45xx server fault).',
    labelNames: ['code', 'reason'] as const,
    registers: [this.registry],
  })

  private readonly limitsTripped = new Counter({
    name: 'referat_limits_tripped_total',
    help: 'Times a limit refused, slowed or closed something, by kind (rate limits, sizes, deadlines, failed credentials).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  })

  private readonly webhookAttempts = new Counter({
    name: 'referat_webhook_attempts_total',
    help: 'Webhook delivery attempts on this node, by result (delivered, retry: failed and scheduled again, failed: given up).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  })

  constructor(options: { nodeId?: string } = {}) {
    if (options.nodeId) this.registry.setDefaultLabels({ node: options.nodeId })
    // Both results exist from the start: a rate over a series that appears late misses its first step.
    this.commits.inc({ result: 'ok' }, 0)
    this.commits.inc({ result: 'failed' }, 0)
    for (const kind of LIMIT_KINDS) this.limitsTripped.inc({ kind }, 0)
    for (const result of ['delivered', 'retry', 'failed']) this.webhookAttempts.inc({ result }, 0)
    const counts = () => this.rooms
    const draining = () => this.draining
    new Gauge({
      name: 'referat_rooms_loaded',
      help: 'Documents loaded in memory (minutes and registers).',
      registers: [this.registry],
      collect() {
        this.set(counts()?.size ?? 0)
      },
    })
    new Gauge({
      name: 'referat_peers',
      help: 'Peers joined to a loaded room.',
      registers: [this.registry],
      collect() {
        this.set(counts()?.peerCount ?? 0)
      },
    })
    new Gauge({
      name: 'referat_draining',
      help: '1 while the node shuts down (not ready, refusing new connections), else 0.',
      registers: [this.registry],
      collect() {
        this.set(draining() ? 1 : 0)
      },
    })
    this.registerStorageGauges()
    const webhookPending = () => this.webhookPending
    new Gauge({
      name: 'referat_webhook_pending',
      help: 'Webhook deliveries waiting for their (next) attempt, in the shared outbox (all nodes).',
      registers: [this.registry],
      async collect() {
        const count = webhookPending()
        this.set(count ? await count().catch(() => 0) : 0)
      },
    })
    collectDefaultMetrics({ register: this.registry })
  }

  /** `referat_storage_read_only` and `referat_storage_lock_wait_seconds`, read at scrape time. */
  private registerStorageGauges(): void {
    const storage = () => this.storageState
    new Gauge({
      name: 'referat_storage_read_only',
      help: '1 when storage was opened read-only (a read-only DATA_DIR): nothing can be changed, else 0.',
      registers: [this.registry],
      collect() {
        this.set(storage()?.readOnly ? 1 : 0)
      },
    })
    new Gauge({
      name: 'referat_storage_lock_wait_seconds',
      help: 'Seconds the group commit in flight has waited for a lock another process holds on the storage (0: not waiting).',
      registers: [this.registry],
      collect() {
        this.set((storage()?.busyForMs() ?? 0) / 1000)
      },
    })
  }

  /** Where the storage gauges are read from at scrape time. */
  observeStorage(state: StorageState): void {
    this.storageState = state
  }

  /** The rooms the `referat_rooms_loaded` and `referat_peers` gauges read when scraped. */
  observeRooms(rooms: RoomCounts): void {
    this.rooms = rooms
  }

  /** What the `referat_webhook_pending` gauge reads when scraped. */
  observeWebhooks(pending: () => Promise<number>): void {
    this.webhookPending = pending
  }

  /** Counts a webhook attempt in `referat_webhook_attempts_total{result}`. */
  webhookAttempt(result: 'delivered' | 'retry' | 'failed'): void {
    this.webhookAttempts.inc({ result })
  }

  /** Sets `referat_draining`. */
  setDraining(draining: boolean): void {
    this.draining = draining
  }

  /** The Prometheus text exposition and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() }
  }

  connectionOpened(): void {
    this.connections.inc()
  }

  connectionClosed(): void {
    this.connections.dec()
  }

  updateReceived(): void {
    this.updatesReceived.inc()
  }

  updateRelayed(peers: number): void {
    if (peers > 0) this.updatesRelayed.inc(peers)
  }

  commitDone(updates: number, seconds: number, failedAttempts: number, ok: boolean): void {
    this.commits.inc({ result: ok ? 'ok' : 'failed' })
    this.commitBatch.observe(updates)
    this.persistenceSeconds.observe(seconds)
    if (failedAttempts > 0) this.persistenceErrors.inc(failedAttempts)
  }

  compactionDone(ok: boolean): void {
    if (ok) this.compactions.inc()
    else this.compactionErrors.inc()
  }

  peerClosed(code: number, reason: string): void {
    this.peerCloses.inc({ code: String(code), reason: KNOWN_REASONS.has(reason) ? reason : 'other' })
  }

  limitTripped(kind: LimitKind): void {
    this.limitsTripped.inc({ kind })
  }
}
