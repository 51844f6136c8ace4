import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MemoryWebhookStore } from '../../../../server/persistence'
import { DEFAULT_DELIVERY_LIMITS, DeliveryWorker, type AttemptResult, type DeliveryRequest } from '../../../../server/webhooks'

const T0 = Date.parse('2024-05-02T12:00:00.000Z')
const POLICY = { maxAttempts: 3, maxAgeMs: 3_600_000, baseDelayMs: 1000, maxDelayMs: 1000 }

/** A send whose answers the test gives, one request at a time. */
function controlledSend() {
  const waiting: { request: DeliveryRequest; answer: (r: AttemptResult) => void }[] = []
  const send = (request: DeliveryRequest) => new Promise<AttemptResult>((answer) => waiting.push({ request, answer }))
  return { waiting, send }
}

async function outboxWith(events: number): Promise<MemoryWebhookStore> {
  const store = new MemoryWebhookStore()
  await store.insertWebhookEndpoint({ id: 'e1', organ: 'Styret', url: 'https://hook.example.no/', events: ['meeting.closed'], secret: 's', createdAt: '2024-01-01T00:00:00.000Z' })
  for (let i = 0; i < events; i++) await store.enqueueWebhookEvent({ id: `ev${i}`, organ: 'Styret', type: 'meeting.closed', body: `{"n":${i}}`, occurredAt: new Date(T0).toISOString() }, T0)
  return store
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('DeliveryWorker', () => {
  it('keeps at most `concurrency` attempts in flight and takes the next one as a slot frees', async () => {
    const store = await outboxWith(5)
    const { waiting, send } = controlledSend()
    const attempts: string[] = []
    const worker = new DeliveryWorker(store, {
      owner: 'w', policy: POLICY, limits: DEFAULT_DELIVERY_LIMITS, concurrency: 2, pollMs: 1000, leaseMs: 60_000, now: Date.now, send,
      metrics: { webhookAttempt: (result) => attempts.push(result) },
    })
    worker.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(waiting.map((w) => w.request.body)).toEqual(['{"n":0}', '{"n":1}'])
    await vi.advanceTimersByTimeAsync(5000)
    expect(waiting).toHaveLength(2)
    waiting[0].answer({ statusCode: 200, error: null })
    await vi.advanceTimersByTimeAsync(0)
    expect(waiting.map((w) => w.request.body)).toEqual(['{"n":0}', '{"n":1}', '{"n":2}'])
    for (const w of waiting.slice(1)) w.answer({ statusCode: 204, error: null })
    await vi.advanceTimersByTimeAsync(0)
    for (const w of waiting.slice(3)) w.answer({ statusCode: 200, error: null })
    await vi.advanceTimersByTimeAsync(0)
    expect(waiting).toHaveLength(5)
    expect(await store.countWebhookDeliveries('delivered')).toBe(5)
    expect(attempts).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered'])
    await worker.stop(0)
  })

  it('retries after the jittered delay, then gives up after the last attempt allowed', async () => {
    const store = await outboxWith(1)
    const { waiting, send } = controlledSend()
    const attempts: string[] = []
    const worker = new DeliveryWorker(store, {
      owner: 'w', policy: POLICY, limits: DEFAULT_DELIVERY_LIMITS, concurrency: 1, pollMs: 100, leaseMs: 60_000, now: Date.now, send,
      metrics: { webhookAttempt: (result) => attempts.push(result) },
    })
    worker.start()
    await vi.advanceTimersByTimeAsync(0)
    waiting[0].answer({ statusCode: null, error: 'ECONNREFUSED: refused' })
    await vi.advanceTimersByTimeAsync(0)
    // The delay is between 500 and 1000 ms: nothing before half of it.
    await vi.advanceTimersByTimeAsync(450)
    expect(waiting).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(700)
    expect(waiting).toHaveLength(2)
    waiting[1].answer({ statusCode: 500, error: null })
    await vi.advanceTimersByTimeAsync(1200)
    expect(waiting).toHaveLength(3)
    waiting[2].answer({ statusCode: 503, error: null })
    await vi.advanceTimersByTimeAsync(5000)
    expect(waiting).toHaveLength(3)
    expect(attempts).toEqual(['retry', 'retry', 'failed'])
    const [delivery] = await store.listWebhookDeliveries('Styret', 1)
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3 })
    expect(delivery.log.map((a) => [a.statusCode, a.error])).toEqual([[null, 'ECONNREFUSED: refused'], [500, null], [503, null]])
    await worker.stop(0)
  })

  it('claims nothing once stopped, and wake() looks at once while running', async () => {
    const store = await outboxWith(0)
    const { waiting, send } = controlledSend()
    const worker = new DeliveryWorker(store, { owner: 'w', policy: POLICY, limits: DEFAULT_DELIVERY_LIMITS, concurrency: 1, pollMs: 60_000, leaseMs: 60_000, now: Date.now, send })
    worker.start()
    await vi.advanceTimersByTimeAsync(0)
    await store.enqueueWebhookEvent({ id: 'late', organ: 'Styret', type: 'meeting.closed', body: '{}', occurredAt: new Date(T0).toISOString() }, Date.now())
    worker.wake()
    await vi.advanceTimersByTimeAsync(0)
    expect(waiting).toHaveLength(1)
    waiting[0].answer({ statusCode: 200, error: null })
    await vi.advanceTimersByTimeAsync(0)
    await worker.stop(0)
    await store.enqueueWebhookEvent({ id: 'after-stop', organ: 'Styret', type: 'meeting.closed', body: '{}', occurredAt: new Date(T0).toISOString() }, Date.now())
    worker.wake()
    await vi.advanceTimersByTimeAsync(120_000)
    expect(waiting).toHaveLength(1)
    expect(await store.countWebhookDeliveries('pending')).toBe(1)
  })
})
