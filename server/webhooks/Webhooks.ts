import { randomUUID } from 'node:crypto'
import type { WebhookEventType } from '../../shared/api/webhooks'
import type { MeetingSummary } from '../../shared/minutes'
import { log } from '../log'
import type { WebhookStore } from '../persistence'
import { DeliveryWorker, type WebhookMetrics } from './DeliveryWorker'
import { DEFAULT_DELIVERY_LIMITS, type DeliveryLimits } from './deliver'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy'

/** How often an enqueue is tried before it is given up (and logged as an error). */
export const ENQUEUE_ATTEMPTS = 3
/** Pause before the second enqueue try, doubled before each later one, in ms. */
export const ENQUEUE_RETRY_MS = 50

/** The export formats linked from a meeting event. */
const EXPORT_FORMATS = ['json', 'pdf', 'docx', 'html', 'md'] as const

/**
 * How long a claim holds a delivery: an attempt ends within totalTimeoutMs, and the lease outlives
 * it by as much again (at least 1 s) for recording the answer. A node that died holding it leaves
 * the delivery to others after this long. In ms.
 */
export function leaseMsFor(limits: DeliveryLimits): number {
  return 2 * limits.totalTimeoutMs + 1000
}

/** How webhooks run on this node (WEBHOOK_* settings, see config.ts). */
export interface WebhooksOptions {
  /** This node's name: the worker's lease owner is it plus a random suffix. */
  readonly nodeId: string
  /** PUBLIC_URL, for absolute export links; null: links are paths. */
  readonly publicUrl: string | null
  readonly policy?: RetryPolicy
  readonly limits?: DeliveryLimits
  /** Attempts in flight at once on this node (default 4). */
  readonly concurrency?: number
  /** Pause between looks for due deliveries, in ms (default 1000). */
  readonly pollMs?: number
  readonly now?: () => number
  readonly metrics?: WebhookMetrics
  /** Pause before the second enqueue try (ENQUEUE_RETRY_MS; tests may set 0). */
  readonly enqueueRetryMs?: number
}

/**
 * Webhooks of this node: `enqueue` puts an event into the durable outbox (one delivery per
 * subscribed endpoint of the organ), the worker delivers it. For the API and for other modules
 * that have news for other systems (e.g. `action.changed` from the organ's follow-up list):
 *
 * ```ts
 * void ctx.webhooks?.meetingEvent('action.changed', meeting, at, { action: { id, text, owner, dueDate, status, note, changedBy } })
 * ```
 *
 * `enqueue` is called after the act stands and never rejects: an act is never refused or undone
 * because its event could not be stored (it is retried ENQUEUE_ATTEMPTS times, then logged as an
 * error "webhook enqueue failed" with the organ, type and event id).
 */
export class Webhooks {
  readonly allowPrivate: boolean
  private readonly worker: DeliveryWorker
  private readonly pending = new Set<Promise<unknown>>()
  private readonly now: () => number

  constructor(
    readonly store: WebhookStore,
    private readonly options: WebhooksOptions,
  ) {
    this.now = options.now ?? Date.now
    const limits = options.limits ?? DEFAULT_DELIVERY_LIMITS
    this.allowPrivate = limits.allowPrivate
    this.worker = new DeliveryWorker(store, {
      owner: `${options.nodeId}-${randomUUID()}`,
      policy: options.policy ?? DEFAULT_RETRY_POLICY,
      limits,
      concurrency: options.concurrency ?? 4,
      pollMs: options.pollMs ?? 1000,
      leaseMs: leaseMsFor(limits),
      now: this.now,
      metrics: options.metrics,
    })
  }

  /** Starts delivering (the worker's timer). */
  start(): void {
    this.worker.start()
  }

  /** Stops delivering: no new claims; attempts in flight get `waitMs` to be logged (their leases cover the rest). */
  async stop(waitMs?: number): Promise<void> {
    await this.worker.stop(waitMs)
  }

  /** Looks for due deliveries now (e.g. after the admin re-sent one). */
  wake(): void {
    this.worker.wake()
  }

  /** Resolves once every enqueue started so far has settled (shutdown waits for it before storage closes). */
  async settledAll(): Promise<void> {
    await Promise.allSettled([...this.pending])
  }

  /**
   * Stores the event `{ ...payload, id, type, occurredAt, organ }` (id: a new UUID, occurredAt:
   * `occurredAt` or now) for every endpoint of `organ` subscribed to `type`, and wakes this node's
   * worker. Resolves to the event id, or null when no endpoint listens or it could not be stored
   * (logged). Never rejects.
   */
  enqueue(organ: string, type: WebhookEventType, payload: Readonly<Record<string, unknown>>, occurredAt?: string): Promise<string | null> {
    const id = randomUUID()
    const at = occurredAt ?? new Date(this.now()).toISOString()
    const body = JSON.stringify({ ...payload, id, type, occurredAt: at, organ })
    return this.track(this.enqueueWithRetry({ id, organ, type, body, occurredAt: at }))
  }

  /** Keeps `work` (that will enqueue; must not reject) in what settledAll waits for. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work)
    void work.finally(() => this.pending.delete(work))
    return work
  }

  /** `enqueue` of an event about a meeting (closed, approved, one of its aksjonspunkter changed): `meeting { id, title, number, date }` and `links` to its exports, with `extra`. */
  meetingEvent(type: WebhookEventType, meeting: MeetingSummary, occurredAt: string, extra: Readonly<Record<string, unknown>> = {}): Promise<string | null> {
    const base = `${this.options.publicUrl ?? ''}/api/meetings/${encodeURIComponent(meeting.id)}`
    const links = Object.fromEntries(EXPORT_FORMATS.map((format) => [format, `${base}/export.${format}`]))
    return this.enqueue(meeting.organ, type, { meeting: { id: meeting.id, title: meeting.title, number: meeting.number, date: meeting.date }, links, ...extra }, occurredAt)
  }

  private async enqueueWithRetry(event: { id: string; organ: string; type: WebhookEventType; body: string; occurredAt: string }): Promise<string | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        const deliveries = await this.store.enqueueWebhookEvent(event, this.now())
        if (deliveries === 0) return null
        log.info('webhook event enqueued', { eventId: event.id, type: event.type, deliveries })
        this.worker.wake()
        return event.id
      } catch (err) {
        if (attempt >= ENQUEUE_ATTEMPTS) {
          log.error('webhook enqueue failed', { organ: event.organ, type: event.type, eventId: event.id, attempts: attempt, err })
          return null
        }
        await new Promise((resolve) => setTimeout(resolve, (this.options.enqueueRetryMs ?? ENQUEUE_RETRY_MS) * 2 ** (attempt - 1)))
      }
    }
  }
}
