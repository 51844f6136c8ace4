import { log } from '../log'
import type { ClaimedDelivery, WebhookStore } from '../persistence'
import { deliverOnce, type AttemptResult, type DeliveryLimits, type DeliveryRequest } from './deliver'
import { outcomeOf, type RetryPolicy } from './retryPolicy'

/** What the worker counts (server/metrics.ts). */
export interface WebhookMetrics {
  /** An attempt ended: delivered, to be retried, or the delivery given up. */
  webhookAttempt(result: 'delivered' | 'retry' | 'failed'): void
}

/** How a delivery worker runs. */
export interface DeliveryWorkerOptions {
  /** This worker's lease owner name (unique per process). */
  readonly owner: string
  readonly policy: RetryPolicy
  readonly limits: DeliveryLimits
  /** Attempts in flight at once on this node. */
  readonly concurrency: number
  /** Pause between looks for due deliveries when there was nothing to do, in ms. */
  readonly pollMs: number
  /** How long a claim holds a delivery, in ms; longer than an attempt can take (limits.totalTimeoutMs). */
  readonly leaseMs: number
  readonly now: () => number
  readonly metrics?: WebhookMetrics
  /** Sends one attempt (tests may wrap it). */
  readonly send?: (request: DeliveryRequest, limits: DeliveryLimits, nowMs: number) => Promise<AttemptResult>
}

/** Pause after a claim failed (storage away), in ms. */
const CLAIM_RETRY_MS = 5000

const isSuccess = (result: AttemptResult): boolean => result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300

/**
 * Delivers due webhook deliveries on this node: claims up to `concurrency` at a time from the
 * outbox (with a lease, so no other node sends them meanwhile), sends each once, logs the attempt
 * and schedules the next one (retryPolicy) or gives up. Looks again after `pollMs`, at once after
 * `wake()` (a new event here) and whenever an attempt frees a slot. A process that dies holding a
 * lease leaves the delivery to be claimed again when the lease ends: delivery is at least once,
 * and receivers deduplicate by the event id.
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null
  private readonly inFlight = new Set<Promise<void>>()
  private running = false
  private ticking = false
  private again = false

  constructor(
    private readonly store: WebhookStore,
    private readonly options: DeliveryWorkerOptions,
  ) {}

  start(): void {
    this.running = true
    this.schedule(0)
  }

  /** Looks for due deliveries now (e.g. right after an enqueue on this node). */
  wake(): void {
    if (!this.running) return
    if (this.ticking) this.again = true
    else this.schedule(0)
  }

  /** Stops looking for work and waits (at most `waitMs`) for the attempts in flight to be logged. */
  async stop(waitMs = this.options.limits.totalTimeoutMs): Promise<void> {
    this.running = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    let timer: NodeJS.Timeout | undefined
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))
    await Promise.race([Promise.allSettled([...this.inFlight]), bound])
    clearTimeout(timer)
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.tick(), ms)
  }

  private async tick(): Promise<void> {
    this.timer = null
    if (!this.running) return
    this.ticking = true
    this.again = false
    let busy = false
    let failed = false
    try {
      const free = this.options.concurrency - this.inFlight.size
      if (free > 0) {
        const { now, leaseMs, owner } = this.options
        const claimed = await this.store.claimWebhookDeliveries(now(), free, leaseMs, owner)
        for (const delivery of claimed) this.track(this.attempt(delivery))
        // A full claim may have left more due rows: look again as soon as a slot frees.
        busy = claimed.length === free
      } else {
        busy = true
      }
    } catch (err) {
      // Storage away (a failover, a lock): nothing is lost, the outbox waits. Look again later
      // rather than every poll, so an outage is not one log line per second.
      failed = true
      log.warn('webhook claim failed; trying again shortly', { retryInMs: CLAIM_RETRY_MS, err })
    } finally {
      this.ticking = false
      // When busy, the next look comes from the attempt that frees a slot (see track).
      if (this.running && failed) this.schedule(Math.max(this.options.pollMs, CLAIM_RETRY_MS))
      else if (this.running && !busy) this.schedule(this.again ? 0 : this.options.pollMs)
      else if (this.running && busy && this.inFlight.size === 0) this.schedule(this.options.pollMs)
    }
  }

  private track(attempt: Promise<void>): void {
    this.inFlight.add(attempt)
    void attempt.finally(() => {
      this.inFlight.delete(attempt)
      if (this.running && this.timer === null && !this.ticking) this.schedule(0)
    })
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const { now, limits, policy, owner } = this.options
    const send = this.options.send ?? deliverOnce
    const startedMs = now()
    const request = { url: delivery.url, secret: delivery.secret, body: delivery.body, eventId: delivery.eventId, type: delivery.type, deliveryId: delivery.id }
    const result = await send(request, limits, startedMs)
    const endedMs = now()
    const outcome = outcomeOf(isSuccess(result), delivery.attempts + 1, delivery.roundStartedAtMs, endedMs, policy)
    const attempt = { at: new Date(startedMs).toISOString(), statusCode: result.statusCode, error: result.error, durationMs: Math.max(0, endedMs - startedMs) }
    try {
      const recorded = await this.store.finishWebhookAttempt(delivery.id, owner, attempt, outcome)
      if (!recorded) log.warn('webhook attempt not recorded: the lease had passed to another worker', { deliveryId: delivery.id })
    } catch (err) {
      // The lease runs out and the delivery is tried again: at least once, never lost.
      log.error('webhook attempt could not be recorded', { deliveryId: delivery.id, err })
    }
    const fields = { deliveryId: delivery.id, eventId: delivery.eventId, type: delivery.type, statusCode: result.statusCode, error: result.error, attempt: delivery.attempts + 1 }
    if (outcome.status === 'delivered') log.info('webhook delivered', fields)
    else if (outcome.status === 'failed') log.warn('webhook delivery given up', fields)
    else log.info('webhook attempt failed; will retry', { ...fields, nextAttemptAt: new Date(outcome.nextAttemptAtMs).toISOString() })
    this.options.metrics?.webhookAttempt(outcome.status === 'pending' ? 'retry' : outcome.status)
  }
}
