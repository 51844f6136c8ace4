import type { WebhookAttemptInfo, WebhookDeliveryInfo, WebhookDeliveryStatus } from '../../shared/api/webhooks'
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import { StorageReadOnlyError, retryWhileBusy } from './storageErrors'
import {
  MAX_LOGGED_ATTEMPTS,
  eventsToColumn,
  toClaimed,
  toDeliveryInfos,
  toEndpointRecord,
  type AttemptRow,
  type ClaimRow,
  type ClaimedDelivery,
  type DeliveryOutcome,
  type DeliveryRow,
  type EndpointRow,
  type WebhookEndpointRecord,
  type WebhookEventRecord,
  type WebhookStore,
} from './WebhookStore'

/** The webhook tables (idempotent); run by SqliteStorage with its schema. Times in ms since the epoch. */
export const SQLITE_WEBHOOK_SQL = `
CREATE TABLE IF NOT EXISTS webhook_endpoints (
  id TEXT PRIMARY KEY,
  organ TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_endpoints_organ ON webhook_endpoints (organ, created_at);
CREATE TABLE IF NOT EXISTS webhook_events (
  id TEXT PRIMARY KEY,
  organ TEXT NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  occurred_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  organ TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  round_started_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_organ ON webhook_deliveries (organ, seq);
CREATE TABLE IF NOT EXISTS webhook_attempts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id TEXT NOT NULL,
  at TEXT NOT NULL,
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_attempts_delivery ON webhook_attempts (delivery_id, seq);
`

const CLAIM_COLUMNS = 'd.id, d.event_id, e.type, p.url, p.secret, e.body, d.attempts, d.round_started_at'
const DELIVERY_COLUMNS = 'd.id, d.event_id, d.endpoint_id, p.url, e.type, d.status, d.attempts, d.next_attempt_at, e.occurred_at'

/**
 * The webhook outbox in SQLite (the embedded, single-process default): a claim is one IMMEDIATE
 * transaction, so it is atomic against every other connection to the file; the lease is what
 * keeps a claimed row from being claimed again while it is being sent. Writes are retried while
 * another process holds a lock (retryWhileBusy) and refused when the database is read-only.
 */
export class SqliteWebhookStore implements WebhookStore {
  private readonly available: boolean

  constructor(
    private readonly db: Database.Database,
    private readonly readOnly: boolean,
    private readonly busyWaitMs: number,
  ) {
    // A database opened read-only may predate these tables: then nothing is listed.
    this.available = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'webhook_deliveries'").get() !== undefined
  }

  private read<T>(what: string, empty: T, fn: () => T): Promise<T> {
    if (!this.available) return Promise.resolve(empty)
    return retryWhileBusy(what, this.busyWaitMs, fn)
  }

  private write<T>(what: string, fn: () => T): Promise<T> {
    if (this.readOnly || !this.available) return Promise.reject(new StorageReadOnlyError(what))
    return retryWhileBusy(what, this.busyWaitMs, () => this.db.transaction(fn).immediate())
  }

  insertWebhookEndpoint(r: WebhookEndpointRecord): Promise<void> {
    return this.write('insertWebhookEndpoint', () => {
      this.db
        .prepare('INSERT INTO webhook_endpoints (id, organ, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(r.id, r.organ, r.url, eventsToColumn(r.events), r.secret, r.createdAt)
    })
  }

  listWebhookEndpoints(organ: string): Promise<WebhookEndpointRecord[]> {
    return this.read('listWebhookEndpoints', [], () =>
      this.db.prepare<[string], EndpointRow>('SELECT * FROM webhook_endpoints WHERE organ = ? ORDER BY created_at, id').all(organ).map(toEndpointRecord),
    )
  }

  setWebhookSecret(organ: string, id: string, secret: string): Promise<boolean> {
    return this.write('setWebhookSecret', () => this.db.prepare('UPDATE webhook_endpoints SET secret = ? WHERE id = ? AND organ = ?').run(secret, id, organ).changes > 0)
  }

  deleteWebhookEndpoint(organ: string, id: string): Promise<boolean> {
    return this.write('deleteWebhookEndpoint', () => {
      const deleted = this.db.prepare('DELETE FROM webhook_endpoints WHERE id = ? AND organ = ?').run(id, organ).changes > 0
      if (!deleted) return false
      this.db.prepare('DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ?)').run(id)
      this.db.prepare('DELETE FROM webhook_deliveries WHERE endpoint_id = ?').run(id)
      return true
    })
  }

  enqueueWebhookEvent(event: WebhookEventRecord, nowMs: number): Promise<number> {
    return this.write('enqueueWebhookEvent', () => {
      const targets = this.db
        .prepare<[string], EndpointRow>('SELECT * FROM webhook_endpoints WHERE organ = ? ORDER BY created_at, id')
        .all(event.organ)
        .map(toEndpointRecord)
        .filter((e) => e.events.includes(event.type))
      if (targets.length === 0) return 0
      this.db.prepare('INSERT INTO webhook_events (id, organ, type, body, occurred_at) VALUES (?, ?, ?, ?, ?)').run(event.id, event.organ, event.type, event.body, event.occurredAt)
      const insert = this.db.prepare(
        "INSERT INTO webhook_deliveries (id, event_id, endpoint_id, organ, status, attempts, next_attempt_at, round_started_at, lease_owner, lease_until) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, NULL, 0)",
      )
      for (const endpoint of targets) insert.run(randomUUID(), event.id, endpoint.id, event.organ, nowMs, nowMs)
      return targets.length
    })
  }

  async claimWebhookDeliveries(nowMs: number, limit: number, leaseMs: number, owner: string): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return []
    // The worker asks every second: a plain read first, so an idle outbox never takes the write lock
    // (which the group commit's thread needs).
    const due = await this.read('claimWebhookDeliveries', false, () =>
      this.db.prepare<[number, number], { n: number }>("SELECT 1 AS n FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? AND lease_until <= ? LIMIT 1").get(nowMs, nowMs) !== undefined,
    )
    if (!due) return []
    return this.write('claimWebhookDeliveries', () => {
      const rows = this.db
        .prepare<[number, number, number], ClaimRow>(
          `SELECT ${CLAIM_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhook_endpoints p ON p.id = d.endpoint_id ` +
            "WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.lease_until <= ? ORDER BY d.next_attempt_at, d.seq LIMIT ?",
        )
        .all(nowMs, nowMs, limit)
      const lease = this.db.prepare('UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id = ?')
      for (const row of rows) lease.run(owner, nowMs + leaseMs, row.id)
      return rows.map(toClaimed)
    })
  }

  finishWebhookAttempt(deliveryId: string, owner: string, attempt: WebhookAttemptInfo, outcome: DeliveryOutcome): Promise<boolean> {
    return this.write('finishWebhookAttempt', () => {
      const next = outcome.status === 'pending' ? outcome.nextAttemptAtMs : null
      const updated = this.db
        .prepare(
          'UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = COALESCE(?, next_attempt_at), lease_owner = NULL, lease_until = 0 ' +
            'WHERE id = ? AND lease_owner = ?',
        )
        .run(outcome.status, next, deliveryId, owner)
      if (updated.changes === 0) return false
      this.db
        .prepare('INSERT INTO webhook_attempts (delivery_id, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?)')
        .run(deliveryId, attempt.at, attempt.statusCode, attempt.error, Math.round(attempt.durationMs))
      return true
    })
  }

  listWebhookDeliveries(organ: string, limit: number): Promise<WebhookDeliveryInfo[]> {
    return this.read('listWebhookDeliveries', [], () =>
      this.db.transaction(() => {
        const rows = this.db
          .prepare<[string, number], DeliveryRow>(
            `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhook_endpoints p ON p.id = d.endpoint_id ` +
              'WHERE d.organ = ? ORDER BY d.seq DESC LIMIT ?',
          )
          .all(organ, Math.max(0, limit))
        const attempts = this.db.prepare<[string, number], AttemptRow>(
          'SELECT * FROM (SELECT delivery_id, at, status_code, error, duration_ms, seq FROM webhook_attempts WHERE delivery_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
        )
        return toDeliveryInfos(rows, rows.flatMap((r) => attempts.all(r.id, MAX_LOGGED_ATTEMPTS)))
      })(),
    )
  }

  resendWebhookDelivery(organ: string, deliveryId: string, nowMs: number): Promise<boolean> {
    return this.write(
      'resendWebhookDelivery',
      () =>
        this.db
          .prepare(
            "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, round_started_at = ?, lease_owner = NULL, lease_until = 0 " +
              "WHERE id = ? AND organ = ? AND status = 'failed'",
          )
          .run(nowMs, nowMs, deliveryId, organ).changes > 0,
    )
  }

  countWebhookDeliveries(status: WebhookDeliveryStatus): Promise<number> {
    return this.read('countWebhookDeliveries', 0, () => this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM webhook_deliveries WHERE status = ?').get(status)!.n)
  }
}
