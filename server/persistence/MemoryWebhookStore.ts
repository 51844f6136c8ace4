import type { WebhookAttemptInfo, WebhookDeliveryInfo, WebhookDeliveryStatus } from '../../shared/api/webhooks'
import { randomUUID } from 'node:crypto'
import {
  toDeliveryInfos,
  type ClaimedDelivery,
  type DeliveryOutcome,
  type WebhookEndpointRecord,
  type WebhookEventRecord,
  type WebhookStore,
} from './WebhookStore'

interface MemoryDelivery {
  readonly id: string
  readonly eventId: string
  readonly endpointId: string
  readonly organ: string
  status: WebhookDeliveryStatus
  attempts: number
  nextAttemptAtMs: number
  roundStartedAtMs: number
  leaseOwner: string | null
  leaseUntilMs: number
  readonly log: WebhookAttemptInfo[]
}

/** The webhook outbox in memory (one process; lost on restart): for tests and MemoryStorage. */
export class MemoryWebhookStore implements WebhookStore {
  private readonly endpoints = new Map<string, WebhookEndpointRecord>()
  private readonly events = new Map<string, WebhookEventRecord>()
  /** In insertion order (oldest first). */
  private readonly deliveries = new Map<string, MemoryDelivery>()

  async insertWebhookEndpoint(record: WebhookEndpointRecord): Promise<void> {
    if (this.endpoints.has(record.id)) throw new Error(`webhook endpoint ${record.id} exists`)
    this.endpoints.set(record.id, { ...record, events: [...record.events] })
  }

  async listWebhookEndpoints(organ: string): Promise<WebhookEndpointRecord[]> {
    return [...this.endpoints.values()].filter((e) => e.organ === organ)
  }

  async setWebhookSecret(organ: string, id: string, secret: string): Promise<boolean> {
    const endpoint = this.endpoints.get(id)
    if (!endpoint || endpoint.organ !== organ) return false
    this.endpoints.set(id, { ...endpoint, secret })
    return true
  }

  async deleteWebhookEndpoint(organ: string, id: string): Promise<boolean> {
    const endpoint = this.endpoints.get(id)
    if (!endpoint || endpoint.organ !== organ) return false
    this.endpoints.delete(id)
    for (const [key, d] of this.deliveries) if (d.endpointId === id) this.deliveries.delete(key)
    return true
  }

  async enqueueWebhookEvent(event: WebhookEventRecord, nowMs: number): Promise<number> {
    const targets = [...this.endpoints.values()].filter((e) => e.organ === event.organ && e.events.includes(event.type))
    if (targets.length === 0) return 0
    if (this.events.has(event.id)) throw new Error(`webhook event ${event.id} exists`)
    this.events.set(event.id, event)
    for (const endpoint of targets) {
      const id = randomUUID()
      this.deliveries.set(id, {
        id,
        eventId: event.id,
        endpointId: endpoint.id,
        organ: event.organ,
        status: 'pending',
        attempts: 0,
        nextAttemptAtMs: nowMs,
        roundStartedAtMs: nowMs,
        leaseOwner: null,
        leaseUntilMs: 0,
        log: [],
      })
    }
    return targets.length
  }

  async claimWebhookDeliveries(nowMs: number, limit: number, leaseMs: number, owner: string): Promise<ClaimedDelivery[]> {
    const due = [...this.deliveries.values()]
      .filter((d) => d.status === 'pending' && d.nextAttemptAtMs <= nowMs && d.leaseUntilMs <= nowMs)
      .sort((a, b) => a.nextAttemptAtMs - b.nextAttemptAtMs)
      .slice(0, Math.max(0, limit))
    return due.map((d) => {
      d.leaseOwner = owner
      d.leaseUntilMs = nowMs + leaseMs
      const event = this.events.get(d.eventId)!
      const endpoint = this.endpoints.get(d.endpointId)!
      return {
        id: d.id,
        eventId: d.eventId,
        type: event.type,
        url: endpoint.url,
        secret: endpoint.secret,
        body: event.body,
        attempts: d.attempts,
        roundStartedAtMs: d.roundStartedAtMs,
      }
    })
  }

  async finishWebhookAttempt(deliveryId: string, owner: string, attempt: WebhookAttemptInfo, outcome: DeliveryOutcome): Promise<boolean> {
    const d = this.deliveries.get(deliveryId)
    if (!d || d.leaseOwner !== owner) return false
    d.log.push({ ...attempt })
    d.attempts += 1
    d.status = outcome.status
    if (outcome.status === 'pending') d.nextAttemptAtMs = outcome.nextAttemptAtMs
    d.leaseOwner = null
    d.leaseUntilMs = 0
    return true
  }

  async listWebhookDeliveries(organ: string, limit: number): Promise<WebhookDeliveryInfo[]> {
    const mine = [...this.deliveries.values()].filter((d) => d.organ === organ).reverse().slice(0, Math.max(0, limit))
    const rows = mine.map((d) => {
      const event = this.events.get(d.eventId)!
      return {
        id: d.id,
        event_id: d.eventId,
        endpoint_id: d.endpointId,
        url: this.endpoints.get(d.endpointId)?.url ?? '',
        type: event.type,
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: d.nextAttemptAtMs,
        occurred_at: event.occurredAt,
      }
    })
    const attempts = mine.flatMap((d) => d.log.map((a) => ({ delivery_id: d.id, at: a.at, status_code: a.statusCode, error: a.error, duration_ms: a.durationMs })))
    return toDeliveryInfos(rows, attempts)
  }

  async resendWebhookDelivery(organ: string, deliveryId: string, nowMs: number): Promise<boolean> {
    const d = this.deliveries.get(deliveryId)
    if (!d || d.organ !== organ || d.status !== 'failed') return false
    Object.assign(d, { status: 'pending', attempts: 0, nextAttemptAtMs: nowMs, roundStartedAtMs: nowMs, leaseOwner: null, leaseUntilMs: 0 })
    return true
  }

  async countWebhookDeliveries(status: WebhookDeliveryStatus): Promise<number> {
    let n = 0
    for (const d of this.deliveries.values()) if (d.status === status) n++
    return n
  }
}
