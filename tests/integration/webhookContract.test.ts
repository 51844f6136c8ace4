// The webhook outbox contract (server/persistence/WebhookStore.ts) for every backend: memory,
// SQLite and PostgreSQL. PostgreSQL is a real server (TEST_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/test); this file works in a fresh schema
// referat_webhooks_<random> and drops it afterwards. Without PostgreSQL its tests fail (never skip).
import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { WebhookEventType } from '../../shared/api/webhooks'
import { MemoryStorage, PostgresStorage, SqliteStorage, type WebhookEndpointRecord, type WebhookStore } from '../../server/persistence'
import { TEST_DATABASE_URL, useContractStorage } from '../helpers/contractStorage'

const contract = useContractStorage('referat_webhooks')

interface Opened {
  store: WebhookStore
  /** The same data through another instance (another node, or the process after a restart); the same store for memory. */
  other: () => Promise<WebhookStore>
}

const backends: { name: string; open(): Promise<Opened> }[] = [
  {
    name: 'memory',
    open: async () => {
      const storage = contract.keep(new MemoryStorage())
      return { store: storage.webhookStore(), other: async () => storage.webhookStore() }
    },
  },
  {
    name: 'SQLite',
    open: async () => {
      const dir = contract.tempDir()
      return { store: contract.keep(new SqliteStorage(dir)).webhookStore(), other: async () => contract.keep(new SqliteStorage(dir)).webhookStore() }
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const schema = contract.schema()
      const storage = contract.keep(await PostgresStorage.open(TEST_DATABASE_URL, { schema }))
      return { store: storage.webhookStore(), other: async () => contract.keep(await PostgresStorage.open(TEST_DATABASE_URL, { schema })).webhookStore() }
    },
  },
]

const T0 = 1_700_000_000_000
let counter = 0
const endpoint = (organ: string, events: WebhookEventType[], url = 'https://hook.example.no/'): WebhookEndpointRecord => ({
  id: `ep-${++counter}`,
  organ,
  url,
  events,
  secret: crypto.randomBytes(32).toString('hex'),
  createdAt: new Date(T0 + counter).toISOString(),
})
const event = (organ: string, type: WebhookEventType, n = ++counter) => ({
  id: `ev-${n}`,
  organ,
  type,
  body: JSON.stringify({ id: `ev-${n}`, type, organ, occurredAt: new Date(T0).toISOString() }),
  occurredAt: new Date(T0 + n).toISOString(),
})
const attempt = (statusCode: number | null, error: string | null = null) => ({ at: new Date(T0).toISOString(), statusCode, error, durationMs: 12 })

describe.each(backends)('WebhookStore contract: $name', (backend) => {
  it('keeps endpoints per organ, oldest first, and changes the secret or deletes only within the organ', async () => {
    const { store } = await backend.open()
    const a = endpoint('Styret', ['meeting.closed'])
    const b = endpoint('Styret', ['meeting.approved', 'action.changed'])
    const c = endpoint('Rådet', ['meeting.closed'])
    for (const e of [a, b, c]) await store.insertWebhookEndpoint(e)
    await expect(store.insertWebhookEndpoint(a)).rejects.toThrow()
    expect(await store.listWebhookEndpoints('Styret')).toEqual([a, b])
    expect(await store.listWebhookEndpoints('Ingen')).toEqual([])
    expect(await store.setWebhookSecret('Rådet', a.id, 'x')).toBe(false)
    expect(await store.setWebhookSecret('Styret', a.id, 'new-secret')).toBe(true)
    expect((await store.listWebhookEndpoints('Styret'))[0].secret).toBe('new-secret')
    expect(await store.deleteWebhookEndpoint('Rådet', b.id)).toBe(false)
    expect(await store.deleteWebhookEndpoint('Styret', b.id)).toBe(true)
    expect(await store.listWebhookEndpoints('Styret')).toEqual([{ ...a, secret: 'new-secret' }])
  })

  it('enqueues one delivery per subscribed endpoint of the organ, and nothing when nobody listens', async () => {
    const { store } = await backend.open()
    const closed = endpoint('Styret', ['meeting.closed'])
    const both = endpoint('Styret', ['meeting.closed', 'meeting.approved'])
    const other = endpoint('Rådet', ['meeting.closed'])
    for (const e of [closed, both, other]) await store.insertWebhookEndpoint(e)
    const ev = event('Styret', 'meeting.closed')
    expect(await store.enqueueWebhookEvent(ev, T0)).toBe(2)
    expect(await store.enqueueWebhookEvent(event('Styret', 'action.changed'), T0)).toBe(0)
    expect(await store.countWebhookDeliveries('pending')).toBe(2)
    const claimed = await store.claimWebhookDeliveries(T0, 10, 60_000, 'node-a')
    expect(claimed.map((d) => d.url).length).toBe(2)
    expect(new Set(claimed.map((d) => d.secret))).toEqual(new Set([closed.secret, both.secret]))
    for (const d of claimed) expect(d).toMatchObject({ eventId: ev.id, type: 'meeting.closed', body: ev.body, attempts: 0, roundStartedAtMs: T0 })
    const listed = await store.listWebhookDeliveries('Styret', 10)
    expect(listed.map((d) => d.endpointId).sort()).toEqual([closed.id, both.id].sort())
    expect(listed[0]).toMatchObject({ eventId: ev.id, type: 'meeting.closed', status: 'pending', attempts: 0, createdAt: ev.occurredAt, log: [] })
    expect(await store.listWebhookDeliveries('Rådet', 10)).toEqual([])
  })

  it('leases a claimed delivery: nobody claims it again until the lease ends, and only the holder records its attempt', async () => {
    const { store } = await backend.open()
    await store.insertWebhookEndpoint(endpoint('Styret', ['meeting.closed']))
    await store.enqueueWebhookEvent(event('Styret', 'meeting.closed'), T0)
    const [first] = await store.claimWebhookDeliveries(T0, 10, 1000, 'node-a')
    expect(first).toBeDefined()
    expect(await store.claimWebhookDeliveries(T0 + 999, 10, 1000, 'node-b')).toEqual([])
    // node-a died: after its lease, node-b gets it; node-a's late answer is not recorded.
    const [again] = await store.claimWebhookDeliveries(T0 + 1000, 10, 1000, 'node-b')
    expect(again.id).toBe(first.id)
    expect(await store.finishWebhookAttempt(first.id, 'node-a', attempt(200), { status: 'delivered' })).toBe(false)
    expect(await store.finishWebhookAttempt(first.id, 'node-b', attempt(200), { status: 'delivered' })).toBe(true)
    expect(await store.finishWebhookAttempt(first.id, 'node-b', attempt(200), { status: 'delivered' })).toBe(false)
    const [listed] = await store.listWebhookDeliveries('Styret', 10)
    expect(listed).toMatchObject({ status: 'delivered', attempts: 1, nextAttemptAt: null })
    expect(listed.log).toEqual([attempt(200)])
    expect(await store.claimWebhookDeliveries(T0 + 10_000, 10, 1000, 'node-c')).toEqual([])
  })

  it('schedules a retry: not due before its time, then claimed with the attempts counted and logged in order', async () => {
    const { store } = await backend.open()
    await store.insertWebhookEndpoint(endpoint('Styret', ['meeting.approved']))
    await store.enqueueWebhookEvent(event('Styret', 'meeting.approved'), T0)
    const [d] = await store.claimWebhookDeliveries(T0, 1, 60_000, 'a')
    expect(await store.finishWebhookAttempt(d.id, 'a', attempt(null, 'ECONNREFUSED: refused'), { status: 'pending', nextAttemptAtMs: T0 + 5000 })).toBe(true)
    expect(await store.claimWebhookDeliveries(T0 + 4999, 1, 60_000, 'a')).toEqual([])
    const [second] = await store.claimWebhookDeliveries(T0 + 5000, 1, 60_000, 'a')
    expect(second).toMatchObject({ id: d.id, attempts: 1, roundStartedAtMs: T0 })
    await store.finishWebhookAttempt(d.id, 'a', attempt(500), { status: 'pending', nextAttemptAtMs: T0 + 15_000 })
    const [listed] = await store.listWebhookDeliveries('Styret', 10)
    expect(listed).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: new Date(T0 + 15_000).toISOString() })
    expect(listed.log.map((l) => [l.statusCode, l.error])).toEqual([[null, 'ECONNREFUSED: refused'], [500, null]])
  })

  it('gives up a delivery (failed, never claimed again) and starts a new round when it is re-sent', async () => {
    const { store } = await backend.open()
    await store.insertWebhookEndpoint(endpoint('Styret', ['meeting.closed']))
    await store.enqueueWebhookEvent(event('Styret', 'meeting.closed'), T0)
    const [d] = await store.claimWebhookDeliveries(T0, 1, 60_000, 'a')
    await store.finishWebhookAttempt(d.id, 'a', attempt(410), { status: 'failed' })
    expect(await store.countWebhookDeliveries('failed')).toBe(1)
    expect(await store.countWebhookDeliveries('pending')).toBe(0)
    expect(await store.claimWebhookDeliveries(T0 + 10 ** 9, 10, 60_000, 'a')).toEqual([])
    expect(await store.resendWebhookDelivery('Rådet', d.id, T0 + 100)).toBe(false)
    expect(await store.resendWebhookDelivery('Styret', d.id, T0 + 100)).toBe(true)
    expect(await store.resendWebhookDelivery('Styret', d.id, T0 + 100)).toBe(false) // pending now, not failed
    const [again] = await store.claimWebhookDeliveries(T0 + 100, 1, 60_000, 'b')
    expect(again).toMatchObject({ id: d.id, attempts: 0, roundStartedAtMs: T0 + 100 })
    expect((await store.listWebhookDeliveries('Styret', 1))[0].log).toEqual([attempt(410)])
  })

  it('lists the newest deliveries first, at most `limit`, and forgets an endpoint’s deliveries with it', async () => {
    const { store } = await backend.open()
    const e = endpoint('Styret', ['meeting.closed'])
    await store.insertWebhookEndpoint(e)
    const events = [event('Styret', 'meeting.closed'), event('Styret', 'meeting.closed'), event('Styret', 'meeting.closed')]
    for (const ev of events) await store.enqueueWebhookEvent(ev, T0)
    expect((await store.listWebhookDeliveries('Styret', 2)).map((d) => d.eventId)).toEqual([events[2].id, events[1].id])
    expect(await store.deleteWebhookEndpoint('Styret', e.id)).toBe(true)
    expect(await store.listWebhookDeliveries('Styret', 10)).toEqual([])
    expect(await store.claimWebhookDeliveries(T0, 10, 60_000, 'a')).toEqual([])
    expect(await store.countWebhookDeliveries('pending')).toBe(0)
  })

  it('keeps what was enqueued for another instance over the same data (a restart, another node)', async () => {
    const { store, other } = await backend.open()
    await store.insertWebhookEndpoint(endpoint('Styret', ['meeting.closed']))
    const ev = event('Styret', 'meeting.closed')
    await store.enqueueWebhookEvent(ev, T0)
    const [claimed] = await (await other()).claimWebhookDeliveries(T0, 10, 60_000, 'restarted')
    expect(claimed).toMatchObject({ eventId: ev.id, body: ev.body })
  })

  it('never gives one delivery to two claimers at once', async () => {
    const { store, other } = await backend.open()
    const second = await other()
    await store.insertWebhookEndpoint(endpoint('Styret', ['meeting.closed']))
    const total = 60
    for (let i = 0; i < total; i++) await store.enqueueWebhookEvent(event('Styret', 'meeting.closed'), T0)
    const seen: string[] = []
    // Bounded: each round claims at least one row while any is left.
    for (let round = 0; round < total && seen.length < total; round++) {
      const batches = await Promise.all([store, second, store, second].map((s, i) => s.claimWebhookDeliveries(T0, 4, 60_000, `claimer-${i}`)))
      for (const batch of batches) seen.push(...batch.map((d) => d.id))
    }
    expect(seen.length).toBe(total)
    expect(new Set(seen).size).toBe(total)
  })
})
