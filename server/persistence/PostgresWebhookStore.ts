import type { WebhookAttemptInfo, WebhookDeliveryInfo, WebhookDeliveryStatus } from '../../shared/api/webhooks'
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
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

/** The webhook tables in schema `s` (a validated, quoted identifier); run by PostgresStorage's migration. Times in ms since the epoch. */
export const postgresWebhookSql = (s: string): string => `
CREATE TABLE IF NOT EXISTS ${s}.webhook_endpoints (
  id TEXT PRIMARY KEY,
  organ TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_endpoints_organ ON ${s}.webhook_endpoints (organ, created_at);
CREATE TABLE IF NOT EXISTS ${s}.webhook_events (
  id TEXT PRIMARY KEY,
  organ TEXT NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  occurred_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.webhook_deliveries (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  organ TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  round_started_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON ${s}.webhook_deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_organ ON ${s}.webhook_deliveries (organ, seq);
CREATE TABLE IF NOT EXISTS ${s}.webhook_attempts (
  seq BIGSERIAL PRIMARY KEY,
  delivery_id TEXT NOT NULL,
  at TEXT NOT NULL,
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_attempts_delivery ON ${s}.webhook_attempts (delivery_id, seq);
`

/** How PostgresWebhookStore reaches the database: PostgresStorage's tracked pool calls. */
export interface PostgresRunner {
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>
}

/**
 * The webhook outbox in PostgreSQL (several nodes): deliveries are claimed in one statement with
 * `FOR UPDATE SKIP LOCKED`, so concurrent claimers on any node skip each other's rows, and the
 * lease they write keeps a row from being claimed again until it ends (a node that died holding
 * it: the row is claimed again after the lease).
 */
export class PostgresWebhookStore implements WebhookStore {
  private readonly t: { endpoints: string; events: string; deliveries: string; attempts: string }

  /** `schema` is PostgresStorage's validated, quoted schema name. */
  constructor(
    private readonly db: PostgresRunner,
    schema: string,
  ) {
    this.t = {
      endpoints: `${schema}.webhook_endpoints`,
      events: `${schema}.webhook_events`,
      deliveries: `${schema}.webhook_deliveries`,
      attempts: `${schema}.webhook_attempts`,
    }
  }

  async insertWebhookEndpoint(r: WebhookEndpointRecord): Promise<void> {
    await this.db.query(`INSERT INTO ${this.t.endpoints} (id, organ, url, events, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      r.id,
      r.organ,
      r.url,
      eventsToColumn(r.events),
      r.secret,
      r.createdAt,
    ])
  }

  async listWebhookEndpoints(organ: string): Promise<WebhookEndpointRecord[]> {
    const { rows } = await this.db.query<EndpointRow>(`SELECT * FROM ${this.t.endpoints} WHERE organ = $1 ORDER BY created_at, id`, [organ])
    return rows.map(toEndpointRecord)
  }

  async setWebhookSecret(organ: string, id: string, secret: string): Promise<boolean> {
    const { rowCount } = await this.db.query(`UPDATE ${this.t.endpoints} SET secret = $1 WHERE id = $2 AND organ = $3`, [secret, id, organ])
    return (rowCount ?? 0) > 0
  }

  deleteWebhookEndpoint(organ: string, id: string): Promise<boolean> {
    return this.db.transaction(async (c) => {
      const { rowCount } = await c.query(`DELETE FROM ${this.t.endpoints} WHERE id = $1 AND organ = $2`, [id, organ])
      if ((rowCount ?? 0) === 0) return false
      await c.query(`DELETE FROM ${this.t.attempts} WHERE delivery_id IN (SELECT id FROM ${this.t.deliveries} WHERE endpoint_id = $1)`, [id])
      await c.query(`DELETE FROM ${this.t.deliveries} WHERE endpoint_id = $1`, [id])
      return true
    })
  }

  enqueueWebhookEvent(event: WebhookEventRecord, nowMs: number): Promise<number> {
    return this.db.transaction(async (c) => {
      const { rows } = await c.query<EndpointRow>(`SELECT * FROM ${this.t.endpoints} WHERE organ = $1 ORDER BY created_at, id`, [event.organ])
      const targets = rows.map(toEndpointRecord).filter((e) => e.events.includes(event.type))
      if (targets.length === 0) return 0
      await c.query(`INSERT INTO ${this.t.events} (id, organ, type, body, occurred_at) VALUES ($1, $2, $3, $4, $5)`, [
        event.id,
        event.organ,
        event.type,
        event.body,
        event.occurredAt,
      ])
      for (const endpoint of targets) {
        await c.query(
          `INSERT INTO ${this.t.deliveries} (id, event_id, endpoint_id, organ, status, attempts, next_attempt_at, round_started_at, lease_owner, lease_until) ` +
            "VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5, NULL, 0)",
          [randomUUID(), event.id, endpoint.id, event.organ, nowMs],
        )
      }
      return targets.length
    })
  }

  async claimWebhookDeliveries(nowMs: number, limit: number, leaseMs: number, owner: string): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return []
    // One statement: the rows are locked (others skip them) until the lease is written and committed.
    const { rows } = await this.db.query<ClaimRow>(
      `WITH due AS (SELECT id FROM ${this.t.deliveries} WHERE status = 'pending' AND next_attempt_at <= $1 AND lease_until <= $1 ` +
        'ORDER BY next_attempt_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED), ' +
        `leased AS (UPDATE ${this.t.deliveries} d SET lease_owner = $3, lease_until = $4 FROM due WHERE d.id = due.id RETURNING d.*) ` +
        'SELECT leased.id, leased.event_id, e.type, p.url, p.secret, e.body, leased.attempts, leased.round_started_at ' +
        `FROM leased JOIN ${this.t.events} e ON e.id = leased.event_id JOIN ${this.t.endpoints} p ON p.id = leased.endpoint_id ORDER BY leased.next_attempt_at, leased.seq`,
      [nowMs, limit, owner, nowMs + leaseMs],
    )
    return rows.map(toClaimed)
  }

  finishWebhookAttempt(deliveryId: string, owner: string, attempt: WebhookAttemptInfo, outcome: DeliveryOutcome): Promise<boolean> {
    return this.db.transaction(async (c) => {
      const next = outcome.status === 'pending' ? outcome.nextAttemptAtMs : null
      const { rowCount } = await c.query(
        `UPDATE ${this.t.deliveries} SET status = $1, attempts = attempts + 1, next_attempt_at = COALESCE($2::bigint, next_attempt_at), lease_owner = NULL, lease_until = 0 ` +
          'WHERE id = $3 AND lease_owner = $4',
        [outcome.status, next, deliveryId, owner],
      )
      if ((rowCount ?? 0) === 0) return false
      await c.query(`INSERT INTO ${this.t.attempts} (delivery_id, at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)`, [
        deliveryId,
        attempt.at,
        attempt.statusCode,
        attempt.error,
        Math.round(attempt.durationMs),
      ])
      return true
    })
  }

  async listWebhookDeliveries(organ: string, limit: number): Promise<WebhookDeliveryInfo[]> {
    const { rows } = await this.db.query<DeliveryRow>(
      `SELECT d.id, d.event_id, d.endpoint_id, p.url, e.type, d.status, d.attempts, d.next_attempt_at, e.occurred_at FROM ${this.t.deliveries} d ` +
        `JOIN ${this.t.events} e ON e.id = d.event_id JOIN ${this.t.endpoints} p ON p.id = d.endpoint_id WHERE d.organ = $1 ORDER BY d.seq DESC LIMIT $2`,
      [organ, Math.max(0, limit)],
    )
    if (rows.length === 0) return []
    const attempts = await this.db.query<AttemptRow>(
      `SELECT delivery_id, at, status_code, error, duration_ms FROM (SELECT a.*, row_number() OVER (PARTITION BY delivery_id ORDER BY seq DESC) AS n ` +
        `FROM ${this.t.attempts} a WHERE delivery_id = ANY($1)) x WHERE n <= $2 ORDER BY seq`,
      [rows.map((r) => r.id), MAX_LOGGED_ATTEMPTS],
    )
    return toDeliveryInfos(rows, attempts.rows)
  }

  async resendWebhookDelivery(organ: string, deliveryId: string, nowMs: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE ${this.t.deliveries} SET status = 'pending', attempts = 0, next_attempt_at = $1, round_started_at = $1, lease_owner = NULL, lease_until = 0 ` +
        "WHERE id = $2 AND organ = $3 AND status = 'failed'",
      [nowMs, deliveryId, organ],
    )
    return (rowCount ?? 0) > 0
  }

  async countWebhookDeliveries(status: WebhookDeliveryStatus): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.t.deliveries} WHERE status = $1`, [status])
    return Number(rows[0].n)
  }
}
