import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MeetingSummary } from '../../../../shared/minutes'
import { setLogLevel } from '../../../../server/log'
import { MemoryWebhookStore, type WebhookEventRecord } from '../../../../server/persistence'
import { ENQUEUE_ATTEMPTS, Webhooks } from '../../../../server/webhooks'

/** An outbox whose enqueues fail `failures` times before they go through. */
class FlakyStore extends MemoryWebhookStore {
  calls = 0
  constructor(private failures: number) {
    super()
  }
  override async enqueueWebhookEvent(event: WebhookEventRecord, nowMs: number): Promise<number> {
    this.calls++
    if (this.failures > 0) {
      this.failures--
      throw new Error('disk full')
    }
    return super.enqueueWebhookEvent(event, nowMs)
  }
}

const NOW = Date.parse('2024-05-02T12:00:00.000Z')
const meeting: MeetingSummary = {
  id: 'm1', organ: 'Styret', title: 'Styremøte', number: '3/2024', date: '2024-05-02', time: '10:00', place: 'Oslo', firstAgendaNumber: 1, createdAt: '2024-04-01T00:00:00.000Z',
}

async function webhooksWith(store: MemoryWebhookStore, publicUrl: string | null = null): Promise<Webhooks> {
  await store.insertWebhookEndpoint({ id: 'e1', organ: 'Styret', url: 'https://hook.example.no/', events: ['meeting.closed', 'action.changed'], secret: 's', createdAt: '2024-01-01T00:00:00.000Z' })
  // The worker is never started here: enqueue only.
  return new Webhooks(store, { nodeId: 'test', publicUrl, now: () => NOW, enqueueRetryMs: 0 })
}

afterEach(() => {
  vi.restoreAllMocks()
  setLogLevel('silent')
})

describe('Webhooks.enqueue', () => {
  it('stores the event as `{ ...payload, id, type, occurredAt, organ }`, the payload unable to override those', async () => {
    const store = new MemoryWebhookStore()
    const webhooks = await webhooksWith(store)
    const id = await webhooks.enqueue('Styret', 'action.changed', { action: { id: 'a1', status: 'done' }, id: 'forged', organ: 'Other' })
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    const [claimed] = await store.claimWebhookDeliveries(NOW, 1, 1000, 'w')
    expect(JSON.parse(claimed.body)).toEqual({ action: { id: 'a1', status: 'done' }, id, type: 'action.changed', occurredAt: '2024-05-02T12:00:00.000Z', organ: 'Styret' })
  })

  it('builds a meeting event with the meeting and absolute export links under PUBLIC_URL', async () => {
    const store = new MemoryWebhookStore()
    const webhooks = await webhooksWith(store, 'https://referat.example.no')
    await webhooks.meetingEvent('meeting.closed', meeting, '2024-05-02T11:59:00.000Z', { commentDeadline: null })
    const [claimed] = await store.claimWebhookDeliveries(NOW, 1, 1000, 'w')
    expect(JSON.parse(claimed.body)).toMatchObject({
      type: 'meeting.closed',
      occurredAt: '2024-05-02T11:59:00.000Z',
      organ: 'Styret',
      meeting: { id: 'm1', title: 'Styremøte', number: '3/2024', date: '2024-05-02' },
      links: { json: 'https://referat.example.no/api/meetings/m1/export.json', docx: 'https://referat.example.no/api/meetings/m1/export.docx' },
      commentDeadline: null,
    })
  })

  it('resolves null and stores nothing when no endpoint of the organ listens', async () => {
    const store = new MemoryWebhookStore()
    const webhooks = await webhooksWith(store)
    expect(await webhooks.enqueue('Styret', 'meeting.approved', {})).toBeNull()
    expect(await webhooks.enqueue('Rådet', 'meeting.closed', {})).toBeNull()
    expect(await store.countWebhookDeliveries('pending')).toBe(0)
  })

  it('retries a failed enqueue and then stores it', async () => {
    const store = new FlakyStore(ENQUEUE_ATTEMPTS - 1)
    const webhooks = await webhooksWith(store)
    expect(await webhooks.enqueue('Styret', 'meeting.closed', {})).not.toBeNull()
    expect(store.calls).toBe(ENQUEUE_ATTEMPTS)
    expect(await store.countWebhookDeliveries('pending')).toBe(1)
  })

  it('never rejects: an enqueue that keeps failing is logged as an error, and settledAll waits for it', async () => {
    setLogLevel('error')
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const store = new FlakyStore(ENQUEUE_ATTEMPTS)
    const webhooks = await webhooksWith(store)
    const pending = webhooks.enqueue('Styret', 'meeting.closed', {})
    await webhooks.settledAll()
    expect(store.calls).toBe(ENQUEUE_ATTEMPTS)
    await expect(pending).resolves.toBeNull()
    const line = JSON.parse(String(stderr.mock.calls.at(-1)![0])) as Record<string, unknown>
    expect(line).toMatchObject({ level: 'error', msg: 'webhook enqueue failed', organ: 'Styret', type: 'meeting.closed', attempts: ENQUEUE_ATTEMPTS })
  })
})
