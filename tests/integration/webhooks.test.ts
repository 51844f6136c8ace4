// Webhooks end to end: the real server on 127.0.0.1 and a real HTTP receiver started by the test
// (tests/helpers/webhookReceiver.ts) that checks every signature as receivers are told to. Short
// retry delays through WEBHOOK_* settings; every wait is bounded polling (waitFor).
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../server/persistence'
import type { WebhookDeliveryInfo, WebhookEndpointsResponse, WebhookSecretResponse } from '../../shared/api/webhooks'
import type { ActionListResponse } from '../../shared/api'
import { TEST_ADMIN_TOKEN, api, createMeeting, type CreatedMeeting } from '../helpers/api'
import { connectClient } from '../helpers/clients'
import { addActionItems } from '../helpers/minutes'
import { CLUSTER_DATABASE_URL, CLUSTER_TOKEN_SECRET, dropSchema, randomSuffix, requirePostgres } from '../helpers/cluster'
import { spawnServer, startTestServer, tempDataDir, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/waitFor'
import { WebhookReceiver } from '../helpers/webhookReceiver'

/** Fast retries, private destinations allowed (the receiver is on 127.0.0.1). */
const FAST = { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_RETRY_MAX_MS: '80', WEBHOOK_POLL_MS: '20', WEBHOOK_MAX_ATTEMPTS: '100' }
const ORGAN = 'Kontrollutvalget'
const WAIT_MS = 15_000

const servers: TestServer[] = []
const receivers: WebhookReceiver[] = []
const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop()
  for (const r of receivers.splice(0)) await r.close()
  for (const c of cleanups.splice(0)) await c()
})

async function server(env: Record<string, string> = FAST, dataDir?: string): Promise<TestServer> {
  const s = await startTestServer(env, dataDir)
  servers.push(s)
  return s
}

async function receiver(): Promise<WebhookReceiver> {
  const r = await WebhookReceiver.start()
  receivers.push(r)
  return r
}

const organPath = (organ = ORGAN) => `/api/organs/${encodeURIComponent(organ)}/webhooks`

/** Adds an endpoint through the API and gives the receiver its secret. */
async function subscribe(s: { url: string }, r: WebhookReceiver, events: string[]): Promise<WebhookSecretResponse> {
  const res = await api(s.url, 'POST', organPath(), { token: TEST_ADMIN_TOKEN, body: { url: r.url, events } })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  const answer = res.body as WebhookSecretResponse
  r.secret = answer.secret
  return answer
}

async function deliveries(s: TestServer, organ = ORGAN): Promise<WebhookDeliveryInfo[]> {
  const res = await api(s.url, 'GET', `${organPath(organ)}/deliveries`, { token: s.adminToken })
  expect(res.status).toBe(200)
  return (res.body as { deliveries: WebhookDeliveryInfo[] }).deliveries
}

/** The delivery log once `ok` holds for it (bounded polling). */
async function deliveriesWhen(s: TestServer, what: string, ok: (list: WebhookDeliveryInfo[]) => boolean): Promise<WebhookDeliveryInfo[]> {
  const list = await waitFor(async () => {
    const current = await deliveries(s)
    return ok(current) ? current : null
  }, WAIT_MS, what)
  return list!
}

const close = (s: { url: string }, m: CreatedMeeting) =>
  api(s.url, 'POST', `/api/meetings/${m.id}/close`, { token: m.tokens.møteleder, body: { commentDeadline: new Date(Date.now() + 3_600_000).toISOString() } })

describe('webhook administration', () => {
  it('is for the admin only, shows the secret once, and validates what it stores', async () => {
    const s = await server()
    const m = await createMeeting(s.url, { organ: ORGAN })
    expect((await api(s.url, 'GET', organPath())).status).toBe(401)
    expect((await api(s.url, 'GET', organPath(), { token: m.tokens.møteleder })).status).toBe(403)
    expect((await api(s.url, 'POST', organPath(), { token: m.tokens.møteleder, body: { url: 'https://example.no/', events: ['meeting.closed'] } })).status).toBe(403)

    const bad = async (body: unknown) => api(s.url, 'POST', organPath(), { token: s.adminToken, body })
    expect((await bad({ url: 'ftp://example.no/', events: ['meeting.closed'] })).body).toMatchObject({ field: 'url' })
    expect((await bad({ url: 'http://127.0.0.1:1/', events: [] })).body).toMatchObject({ field: 'events', error: 'Velg minst én hendelse.' })
    expect((await bad({ url: 'http://127.0.0.1:1/', events: ['meeting.closed', 'meeting.closed'] })).status).toBe(400)
    expect((await bad({ url: 'http://127.0.0.1:1/', events: ['meeting.deleted'] })).status).toBe(400)
    expect((await bad(['x'])).status).toBe(400)

    const created = await api(s.url, 'POST', organPath(), { token: s.adminToken, body: { url: 'http://127.0.0.1:1/hook', events: ['meeting.closed'] } })
    expect(created.status).toBe(201)
    const { endpoint, secret } = created.body as WebhookSecretResponse
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    const listed = await api(s.url, 'GET', organPath(), { token: s.adminToken })
    expect(listed.body).toEqual({ organ: ORGAN, endpoints: [endpoint] } satisfies WebhookEndpointsResponse)
    expect(JSON.stringify(listed.body)).not.toContain(secret)

    const rotated = await api(s.url, 'POST', `${organPath()}/${endpoint.id}/secret`, { token: s.adminToken })
    expect(rotated.status).toBe(200)
    expect((rotated.body as WebhookSecretResponse).secret).not.toBe(secret)
    expect((await api(s.url, 'GET', `${organPath()}/deliveries?limit=0`, { token: s.adminToken })).status).toBe(400)
    expect((await api(s.url, 'GET', `${organPath()}/deliveries?limit=201`, { token: s.adminToken })).status).toBe(400)
    expect((await api(s.url, 'GET', `${organPath()}/deliveries?limit=2x`, { token: s.adminToken })).status).toBe(400)
    expect((await api(s.url, 'POST', `${organPath()}/deliveries/nope/resend`, { token: s.adminToken })).status).toBe(404)
    expect((await api(s.url, 'DELETE', `${organPath('Annet organ')}/${endpoint.id}`, { token: s.adminToken })).status).toBe(404)
    expect((await api(s.url, 'DELETE', `${organPath()}/${endpoint.id}`, { token: s.adminToken })).status).toBe(204)
    expect((await api(s.url, 'GET', organPath(), { token: s.adminToken })).body).toEqual({ organ: ORGAN, endpoints: [] })
  })

  it('refuses loopback, private and link-local destinations unless WEBHOOK_ALLOW_PRIVATE=1', async () => {
    const s = await server({})
    for (const url of ['http://127.0.0.1:8080/', 'http://localhost/', 'http://169.254.169.254/', 'http://10.0.0.1/', 'http://[::1]/']) {
      const res = await api(s.url, 'POST', organPath(), { token: s.adminToken, body: { url, events: ['meeting.closed'] } })
      expect(res.status, url).toBe(400)
      expect(res.body).toMatchObject({ field: 'url', error: 'Adressen peker til et internt eller lokalt nettverk, som ikke er tillatt.' })
    }
  })
})

describe('webhook delivery', () => {
  it('sends meeting.closed and meeting.approved, signed, to the organ’s subscribed endpoints', async () => {
    const s = await server()
    const r = await receiver()
    const other = await receiver()
    const { endpoint } = await subscribe(s, r, ['meeting.closed', 'meeting.approved'])
    // Another organ's endpoint hears nothing of this meeting.
    const res = await api(s.url, 'POST', organPath('Annet organ'), { token: s.adminToken, body: { url: other.url, events: ['meeting.closed'] } })
    expect(res.status).toBe(201)
    const m = await createMeeting(s.url, { organ: ORGAN, title: 'Møte i kontrollutvalget', number: '3/2024', date: '2024-05-02' })
    expect((await close(s, m)).status).toBe(200)
    await waitFor(() => r.received.length >= 1, WAIT_MS, 'meeting.closed')
    const approved = await api(s.url, 'POST', `/api/meetings/${m.id}/approve`, { token: m.tokens.møteleder, body: { approvedInMeeting: 'Møte 4/2024' } })
    expect(approved.status).toBe(201)
    await waitFor(() => r.received.length >= 2, WAIT_MS, 'meeting.approved')

    expect(r.received.map((w) => w.event.type)).toEqual(['meeting.closed', 'meeting.approved'])
    for (const w of r.received) {
      expect(w.signatureValid).toBe(true)
      expect(w.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(w.headers['referat-event']).toBe(w.event.type)
      expect(w.headers['referat-event-id']).toBe(w.event.id)
      expect(w.event).toMatchObject({
        organ: ORGAN,
        meeting: { id: m.id, title: 'Møte i kontrollutvalget', number: '3/2024', date: '2024-05-02' },
        links: { json: `/api/meetings/${m.id}/export.json`, pdf: `/api/meetings/${m.id}/export.pdf` },
      })
      expect(Date.parse(w.event.occurredAt)).not.toBeNaN()
    }
    expect(r.received[0].event.id).not.toBe(r.received[1].event.id)
    expect(r.received[1].event).toMatchObject({ approvedInMeeting: 'Møte 4/2024', sealSha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(other.received).toEqual([])

    const log = await deliveriesWhen(s, 'both deliveries recorded', (list) => list.length === 2 && list.every((d) => d.status === 'delivered'))
    expect(log.map((d) => d.type)).toEqual(['meeting.approved', 'meeting.closed'])
    for (const d of log) {
      expect(d).toMatchObject({ endpointId: endpoint.id, url: r.url, attempts: 1, nextAttemptAt: null })
      expect(d.log).toEqual([{ at: expect.any(String), statusCode: 200, error: null, durationMs: expect.any(Number) }])
    }
    const metrics = await (await fetch(`${s.url}/metrics`)).text()
    expect(metrics).toMatch(/referat_webhook_attempts_total\{result="delivered"[^}]*\} 2/)
    expect(metrics).toMatch(/referat_webhook_pending\{[^}]*\} 0/)
  })

  it('sends action.changed when the sekretær of a later meeting marks an aksjonspunkt done', async () => {
    const s = await server()
    const r = await receiver()
    await subscribe(s, r, ['action.changed'])
    const first = await createMeeting(s.url, { organ: ORGAN, number: '1/2026', date: '2026-01-10' })
    const later = await createMeeting(s.url, { organ: ORGAN, number: '2/2026', date: '2026-03-10' })
    const secretary = connectClient(s.wsUrl, first.id, { token: first.tokens.sekretær })
    try {
      await secretary.synced
      addActionItems(secretary.doc, 0, [{ id: 'item-rapport', text: 'Levere rapporten', owner: 'Kari Nordmann', dueDate: '2026-02-01' }])
      const actions = (token: string) => api(s.url, 'GET', `/api/organs/${encodeURIComponent(ORGAN)}/actions?meeting=${later.id}`, { token })
      // Read into the organ's list after the debounce, off the write path.
      await waitFor(async () => ((await actions(later.tokens.sekretær)).body as ActionListResponse).items.length === 1, WAIT_MS, 'the aksjonspunkt in the list')
    } finally {
      secretary.destroy()
    }
    const changed = await api(s.url, 'POST', `/api/organs/${encodeURIComponent(ORGAN)}/actions/${first.id}.item-rapport/status?meeting=${later.id}`, {
      token: later.tokens.sekretær,
      body: { status: 'done', note: 'Levert' },
    })
    expect(changed.status, changed.text).toBe(200)
    await waitFor(() => r.received.length >= 1, WAIT_MS, 'action.changed')
    expect(r.received).toHaveLength(1)
    const [w] = r.received
    expect(w.signatureValid).toBe(true)
    expect(w.event).toMatchObject({
      type: 'action.changed',
      organ: ORGAN,
      meeting: { id: first.id, number: '1/2026', date: '2026-01-10' },
      action: { id: `${first.id}.item-rapport`, text: 'Levere rapporten', owner: 'Kari Nordmann', dueDate: '2026-02-01', status: 'done', note: 'Levert', changedBy: { role: 'sekretær' }, inMeetingId: later.id },
    })
  })

  it('delivers after retries to a receiver that refuses, then answers 500, then comes back', async () => {
    const s = await server()
    const r = await receiver()
    await subscribe(s, r, ['meeting.closed'])
    await r.setMode('down')
    const m = await createMeeting(s.url, { organ: ORGAN })
    expect((await close(s, m)).status).toBe(200)
    await waitFor(async () => (await deliveries(s))[0]?.log.some((a) => a.error?.startsWith('ECONNREFUSED')), WAIT_MS, 'a refused attempt')
    await r.setMode(500)
    await waitFor(() => r.answered.includes(500), WAIT_MS, 'a 500 answer')
    await r.setMode(200)
    const [delivered] = await deliveriesWhen(s, 'delivery after the receiver came back', (list) => list[0]?.status === 'delivered')
    const codes = delivered.log.map((a) => a.statusCode)
    expect(delivered.log[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/^ECONNREFUSED/) })
    expect(codes).toContain(500)
    expect(codes.at(-1)).toBe(200)
    expect(codes.filter((c) => c === 200)).toHaveLength(1)
    // The same event every time, each attempt signed afresh.
    expect(new Set(r.received.map((w) => w.event.id)).size).toBe(1)
    expect(r.received.every((w) => w.signatureValid)).toBe(true)
    expect(r.answered.at(-1)).toBe(200)
  })

  it('gives up after WEBHOOK_MAX_ATTEMPTS, shows it failed, and delivers it when the admin re-sends it', async () => {
    const s = await server({ ...FAST, WEBHOOK_MAX_ATTEMPTS: '2' })
    const r = await receiver()
    await subscribe(s, r, ['meeting.closed'])
    await r.setMode(503)
    const m = await createMeeting(s.url, { organ: ORGAN })
    expect((await close(s, m)).status).toBe(200)
    const [failed] = await deliveriesWhen(s, 'the delivery given up', (list) => list[0]?.status === 'failed')
    expect(failed.log.map((a) => a.statusCode)).toEqual([503, 503])
    expect(failed.nextAttemptAt).toBeNull()
    await r.setMode(200)
    expect((await api(s.url, 'POST', `${organPath('Annet organ')}/deliveries/${failed.id}/resend`, { token: s.adminToken })).status).toBe(404)
    const resent = await api(s.url, 'POST', `${organPath()}/deliveries/${failed.id}/resend`, { token: s.adminToken })
    expect(resent.status).toBe(202)
    const [delivered] = await deliveriesWhen(s, 'the re-sent delivery', (list) => list[0]?.status === 'delivered')
    expect(delivered).toMatchObject({ id: failed.id, attempts: 1 })
    expect(delivered.log.map((a) => a.statusCode)).toEqual([503, 503, 200])
    const metrics = await (await fetch(`${s.url}/metrics`)).text()
    expect(metrics).toMatch(/referat_webhook_attempts_total\{result="failed"[^}]*\} 1/)
  })

  it('delivers an event enqueued before a restart after the restart (nothing lost)', async () => {
    const data = tempDataDir()
    cleanups.push(data.remove)
    const first = await startTestServer(FAST, data.dir)
    const r = await receiver()
    await subscribe(first, r, ['meeting.closed'])
    await r.setMode('down')
    const m = await createMeeting(first.url, { organ: ORGAN })
    expect((await close(first, m)).status).toBe(200)
    await waitFor(async () => ((await deliveries(first))[0]?.attempts ?? 0) >= 1, WAIT_MS, 'a failed attempt before the restart')
    await first.close()
    expect(r.received).toEqual([])

    await r.setMode(200)
    const second = await server(FAST, data.dir)
    await waitFor(() => r.received.length >= 1, WAIT_MS, 'delivery after the restart')
    expect(r.received[0]).toMatchObject({ signatureValid: true, event: { type: 'meeting.closed', meeting: { id: m.id } } })
    const [delivered] = await deliveriesWhen(second, 'the delivery recorded after the restart', (list) => list[0]?.status === 'delivered')
    expect(delivered.log.at(-1)?.statusCode).toBe(200)
  })

  it('delivers after a node died mid-attempt: another process claims it when the lease ends', async () => {
    const data = tempDataDir()
    cleanups.push(data.remove)
    // A 3 s attempt deadline: the lease is 7 s, and the kill comes well within the attempt.
    const env = { ...FAST, WEBHOOK_TIMEOUT_MS: '3000' }
    const r = await receiver()
    const child = await spawnServer(data.dir, env)
    try {
      await subscribe(child, r, ['meeting.closed'])
      await r.setMode('hang')
      const m = await createMeeting(child.url, { organ: ORGAN })
      expect((await close(child, m)).status).toBe(200)
      await waitFor(() => r.received.length === 1, WAIT_MS, 'the attempt in flight')
    } finally {
      await child.kill9()
    }
    await r.setMode(200)
    const restarted = await server(env, data.dir)
    await waitFor(() => r.answered.includes(200), 30_000, 'delivery by the restarted process after the lease')
    expect(r.received.map((w) => w.event.id)).toEqual([r.received[0].event.id, r.received[0].event.id])
    expect(r.received.every((w) => w.signatureValid)).toBe(true)
    const [delivered] = await deliveriesWhen(restarted, 'the delivery recorded', (list) => list[0]?.status === 'delivered')
    expect(delivered.log.at(-1)?.statusCode).toBe(200)
  })

  it('with two nodes over one PostgreSQL, delivers every event once', async () => {
    const client = await requirePostgres()
    await client.end()
    const schema = `referat_webhooks_${randomSuffix()}`
    cleanups.push(() => dropSchema(schema))
    const env = { ...FAST, DATABASE_URL: CLUSTER_DATABASE_URL, DATABASE_SCHEMA: schema, TOKEN_SECRET: CLUSTER_TOKEN_SECRET }
    const a = await server({ ...env, NODE_ID: 'node-a' })
    const b = await server({ ...env, NODE_ID: 'node-b' })
    const r = await receiver()
    await subscribe(a, r, ['meeting.closed'])
    const meetings = await Promise.all(Array.from({ length: 12 }, (_, i) => createMeeting(i % 2 ? a.url : b.url, { organ: ORGAN, number: `${i + 1}/2024` })))
    const closed = await Promise.all(meetings.map((m, i) => close(i % 2 ? b : a, m)))
    expect(closed.map((c) => c.status)).toEqual(meetings.map(() => 200))
    const log = await deliveriesWhen(a, 'every delivery recorded', (list) => list.length === 12 && list.every((d) => d.status === 'delivered'))
    expect(log.every((d) => d.attempts === 1 && d.log.length === 1)).toBe(true)
    expect(r.received).toHaveLength(12)
    expect(new Set(r.received.map((w) => w.event.id)).size).toBe(12)
    expect(new Set(r.received.map((w) => (w.event.meeting as { id: string }).id))).toEqual(new Set(meetings.map((m) => m.id)))
  })

  it('closes the meeting even when the webhook outbox cannot be written (the failure is only logged)', async () => {
    const s = await server()
    const r = await receiver()
    await subscribe(s, r, ['meeting.closed'])
    // Another process breaks the outbox: every enqueue fails.
    const db = new Database(path.join(s.dataDir, DATABASE_FILE))
    try {
      db.exec('DROP TABLE webhook_deliveries')
    } finally {
      db.close()
    }
    const m = await createMeeting(s.url, { organ: ORGAN })
    expect((await close(s, m)).status).toBe(200)
    // It stands: closing again is refused as already done.
    expect((await close(s, m)).status).toBe(409)
    // The act stands; nothing was sent (there is no event to send).
    expect(r.received).toEqual([])
  })
})
