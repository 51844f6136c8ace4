import type { WebhookAttemptInfo, WebhookDeliveryInfo, WebhookDeliveryStatus, WebhookEventType } from '../../shared/api/webhooks'

/** An organ's webhook endpoint as stored, with its signing secret (never listed by the API). */
export interface WebhookEndpointRecord {
  readonly id: string
  readonly organ: string
  readonly url: string
  readonly events: readonly WebhookEventType[]
  /** HMAC-SHA256 key, hex. Never log it. */
  readonly secret: string
  /** ISO timestamp. */
  readonly createdAt: string
}

/** An event in the outbox: its JSON body is fixed when it is enqueued and sent byte for byte. */
export interface WebhookEventRecord {
  /** Unique (receivers deduplicate by it). */
  readonly id: string
  readonly organ: string
  readonly type: WebhookEventType
  /** The exact JSON body every delivery of the event sends (and signs). */
  readonly body: string
  /** ISO timestamp. */
  readonly occurredAt: string
}

/** A delivery a worker claimed: everything needed to send it once. */
export interface ClaimedDelivery {
  readonly id: string
  readonly eventId: string
  readonly type: WebhookEventType
  readonly url: string
  readonly secret: string
  readonly body: string
  /** Attempts made in this round before this one. */
  readonly attempts: number
  /** When this round began (the event, or the admin's re-send), ms since the epoch: give-up by age counts from here. */
  readonly roundStartedAtMs: number
}

/** What became of an attempt: delivered, try again at `nextAttemptAtMs`, or given up. */
export type DeliveryOutcome =
  | { readonly status: 'delivered' }
  | { readonly status: 'pending'; readonly nextAttemptAtMs: number }
  | { readonly status: 'failed' }

/** Most attempts of one delivery kept in its log (the newest). */
export const MAX_LOGGED_ATTEMPTS = 50

/**
 * The webhook outbox: endpoints per organ, events, one delivery per (event, endpoint) and each
 * attempt's log. Enqueueing writes the event and its deliveries in one transaction, so an event is
 * either durable with every delivery or not stored at all. Deliveries are claimed with a lease:
 * a claimed row is invisible to other claimers (on any node) until the lease ends, and only the
 * lease holder can record its attempt. Times are ms since the epoch unless named ISO.
 */
export interface WebhookStore {
  /** Stores a new endpoint. Rejects if the id exists. */
  insertWebhookEndpoint(record: WebhookEndpointRecord): Promise<void>
  /** The organ's endpoints, oldest first. */
  listWebhookEndpoints(organ: string): Promise<WebhookEndpointRecord[]>
  /** Replaces the endpoint's secret; false when the organ has no such endpoint. */
  setWebhookSecret(organ: string, id: string, secret: string): Promise<boolean>
  /** Deletes the endpoint with its deliveries and their log; false when the organ has no such endpoint. */
  deleteWebhookEndpoint(organ: string, id: string): Promise<boolean>
  /**
   * Stores the event and a pending delivery (due at `nowMs`) for each of the organ's endpoints
   * subscribed to its type, in one transaction. Returns how many deliveries were made (0: the
   * event is not stored, nobody listens).
   */
  enqueueWebhookEvent(event: WebhookEventRecord, nowMs: number): Promise<number>
  /**
   * Claims up to `limit` pending deliveries due at `nowMs` whose lease (if any) has ended, oldest
   * due first, leasing them to `owner` until `nowMs + leaseMs`. Two claimers never get the same
   * row while its lease runs.
   */
  claimWebhookDeliveries(nowMs: number, limit: number, leaseMs: number, owner: string): Promise<ClaimedDelivery[]>
  /**
   * Logs an attempt and applies its outcome (counts the attempt, ends the lease), if `owner` still
   * holds the delivery's lease; false (nothing written) otherwise.
   */
  finishWebhookAttempt(deliveryId: string, owner: string, attempt: WebhookAttemptInfo, outcome: DeliveryOutcome): Promise<boolean>
  /** The organ's newest deliveries (at most `limit`), newest first, each with its attempts (oldest first, at most MAX_LOGGED_ATTEMPTS). */
  listWebhookDeliveries(organ: string, limit: number): Promise<WebhookDeliveryInfo[]>
  /**
   * Starts a new round for a failed delivery: pending, due at `nowMs`, 0 attempts, round started
   * at `nowMs` (its log is kept). False when the organ has no such failed delivery.
   */
  resendWebhookDelivery(organ: string, deliveryId: string, nowMs: number): Promise<boolean>
  /** How many deliveries have `status` (all organs). */
  countWebhookDeliveries(status: WebhookDeliveryStatus): Promise<number>
}

/** Endpoint events as stored in one text column: `meeting.closed,action.changed`. */
export function eventsToColumn(events: readonly WebhookEventType[]): string {
  return events.join(',')
}

/** The inverse of eventsToColumn. */
export function eventsOfColumn(column: string): WebhookEventType[] {
  return column === '' ? [] : (column.split(',') as WebhookEventType[])
}

/** Common row shapes of the SQL backends (numbers may arrive as strings from PostgreSQL BIGINT). */
export interface EndpointRow {
  id: string
  organ: string
  url: string
  events: string
  secret: string
  created_at: string
}

export function toEndpointRecord(row: EndpointRow): WebhookEndpointRecord {
  return { id: row.id, organ: row.organ, url: row.url, events: eventsOfColumn(row.events), secret: row.secret, createdAt: row.created_at }
}

export interface ClaimRow {
  id: string
  event_id: string
  type: string
  url: string
  secret: string
  body: string
  attempts: number | string
  round_started_at: number | string
}

export function toClaimed(row: ClaimRow): ClaimedDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    type: row.type as WebhookEventType,
    url: row.url,
    secret: row.secret,
    body: row.body,
    attempts: Number(row.attempts),
    roundStartedAtMs: Number(row.round_started_at),
  }
}

export interface DeliveryRow {
  id: string
  event_id: string
  endpoint_id: string
  url: string
  type: string
  status: string
  attempts: number | string
  next_attempt_at: number | string
  occurred_at: string
}

export interface AttemptRow {
  delivery_id: string
  at: string
  status_code: number | null
  error: string | null
  duration_ms: number | string
}

/** Builds the listing from delivery rows and their attempt rows (in the order they were logged). */
export function toDeliveryInfos(rows: readonly DeliveryRow[], attempts: readonly AttemptRow[]): WebhookDeliveryInfo[] {
  const logs = new Map<string, WebhookAttemptInfo[]>()
  for (const a of attempts) {
    const log = logs.get(a.delivery_id) ?? []
    log.push({ at: a.at, statusCode: a.status_code === null ? null : Number(a.status_code), error: a.error, durationMs: Number(a.duration_ms) })
    logs.set(a.delivery_id, log)
  }
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    endpointId: r.endpoint_id,
    url: r.url,
    type: r.type as WebhookEventType,
    status: r.status as WebhookDeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: r.status === 'pending' ? new Date(Number(r.next_attempt_at)).toISOString() : null,
    createdAt: r.occurred_at,
    log: (logs.get(r.id) ?? []).slice(-MAX_LOGGED_ATTEMPTS),
  }))
}
