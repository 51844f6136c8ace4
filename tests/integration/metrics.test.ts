import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE } from '../../shared/protocol'
import { startServer, type RunningServer } from '../../server/app'
import { readConfig } from '../../server/config'
import { isLoopbackAddress, metricsAccess } from '../../server/http/operations'
import { SqliteStorage, loadDocument, type AppendEntry, type Storage } from '../../server/persistence'
import {
  appendText,
  closedWithin,
  connectClient,
  createMeeting,
  findNode,
  minutesOf,
  nextClose,
  rawConnect,
  rawSync,
  spawnServer,
  startTestServer,
  tempDataDir,
  updateMessage,
  waitFor,
  withTimeout,
  TEST_ADMIN_TOKEN,
  type SpawnedServer,
  type TestClient,
  type TestServer,
} from '../helpers'

/** The value of the first series of `name` whose labels contain every one of `labels` (NaN when absent). */
function sample(body: string, name: string, labels: string[] = []): number {
  for (const line of body.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    if (labels.every((label) => (match[2] ?? '').includes(label))) return Number(match[3])
  }
  return Number.NaN
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(`${url}/metrics`, { headers })
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') }
}

async function get(url: string, pathname: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}${pathname}`)
  return { status: res.status, body: await res.text() }
}

const METRIC_NAMES = [
  'referat_connections_open',
  'referat_rooms_loaded',
  'referat_peers',
  'referat_updates_received_total',
  'referat_updates_relayed_total',
  'referat_commits_total',
  'referat_commit_batch_updates_count',
  'referat_persistence_seconds_count',
  'referat_persistence_errors_total',
  'referat_compactions_total',
  'referat_compaction_errors_total',
  'referat_draining',
  'nodejs_eventloop_lag_seconds',
  'process_cpu_user_seconds_total',
  'process_resident_memory_bytes',
]

/** A SqliteStorage whose appendBatch can be held (a slow commit) and whose getMeeting can stall or fail. */
function controllableStorage(dataDir: string) {
  const inner = new SqliteStorage(dataDir)
  let held: Promise<void> | null = null
  let release = () => {}
  let reads: 'ok' | 'stall' | 'fail' = 'ok'
  const storage = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'appendBatch') {
        return async (batch: readonly AppendEntry[]) => {
          if (held) await held
          return target.appendBatch(batch)
        }
      }
      if (prop === 'getMeeting') {
        return (id: string) => {
          if (reads === 'stall') return new Promise(() => {})
          if (reads === 'fail') return Promise.reject(new Error('database is gone'))
          return target.getMeeting(id)
        }
      }
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  }) as Storage
  return {
    storage,
    hold() {
      held = new Promise<void>((resolve) => (release = resolve))
    },
    release() {
      held = null
      release()
    },
    setReads(mode: 'ok' | 'stall' | 'fail') {
      reads = mode
    },
  }
}

describe('metrics, readiness and graceful shutdown', () => {
  const clients: TestClient[] = []
  const cleanups: (() => Promise<void> | void)[] = []

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function testServer(env: Record<string, string> = {}): Promise<TestServer> {
    const server = await startTestServer(env)
    cleanups.push(() => server.stop())
    return server
  }

  it('serves /metrics in the Prometheus text format, and the figures move when clients edit', async () => {
    const server = await testServer()
    const before = await scrape(server.url)
    expect(before.status).toBe(200)
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/)
    for (const name of METRIC_NAMES) expect(sample(before.body, name), name).not.toBeNaN()
    expect(sample(before.body, 'referat_updates_relayed_total')).toBe(0)
    expect(sample(before.body, 'referat_persistence_seconds_count')).toBe(0)

    const meeting = await createMeeting(server.url)
    const a = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    const b = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(a, b)
    await Promise.all([a.synced, b.synced])
    appendText(a.doc, 'meetingPlace', 'Bodø')
    await waitFor(() => findNode(minutesOf(b.doc), 'meetingPlace').node.textContent === 'Bodø', 5000, 'b to see a')

    const after = await waitFor<string | null>(
      async () => {
        const { body } = await scrape(server.url)
        return sample(body, 'referat_updates_relayed_total') > 0 && sample(body, 'referat_persistence_seconds_count') > 0 ? body : null
      },
      5000,
      'the relay and the commit to be counted',
    )
    if (after === null) throw new Error('unreachable: waitFor returns a truthy value')
    expect(sample(after, 'referat_updates_received_total')).toBeGreaterThan(0)
    expect(sample(after, 'referat_commits_total', ['result="ok"'])).toBeGreaterThan(0)
    expect(sample(after, 'referat_commit_batch_updates_count')).toBeGreaterThan(0)
    expect(sample(after, 'referat_persistence_errors_total')).toBe(0)
    expect(sample(after, 'referat_connections_open')).toBe(2)
    expect(sample(after, 'referat_peers')).toBe(2)
    expect(sample(after, 'referat_rooms_loaded')).toBeGreaterThanOrEqual(1)
    expect(sample(after, 'referat_draining')).toBe(0)
    // Nothing user-identifying: no meeting id, no token, no name.
    expect(after).not.toContain(meeting.id)
    for (const token of Object.values(meeting.tokens)) expect(after).not.toContain(token)
    expect(after).not.toContain('Bodø')

    // A protocol error is counted by close code (and the reason, from the documented set).
    const raw = await rawConnect(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    raw.send(new Uint8Array([0xff, 0xff, 0xff]))
    expect((await closedWithin(raw)).code).toBe(CLOSE.malformedMessage.code)
    const closes = await waitFor(
      async () => {
        const { body } = await scrape(server.url)
        return sample(body, 'referat_peer_closes_total', ['code="4400"', 'reason="malformed-message"']) === 1 ? body : null
      },
      5000,
      'the close to be counted',
    )
    expect(closes).toContain('referat_peer_closes_total{')
  })

  it('counts compactions', async () => {
    const server = await testServer({ COMPACT_AFTER_UPDATES: '1' })
    const meeting = await createMeeting(server.url)
    const a = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(a)
    await a.synced
    appendText(a.doc, 'meetingPlace', 'Narvik')
    await waitFor(async () => sample((await scrape(server.url)).body, 'referat_compactions_total') >= 1, 5000, 'a compaction to be counted')
    expect(sample((await scrape(server.url)).body, 'referat_compaction_errors_total')).toBe(0)
  })

  it('refuses other methods than GET on /metrics and /readyz with 405, and changes nothing', async () => {
    const server = await testServer()
    for (const path of ['/metrics', '/readyz']) {
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const res = await fetch(`${server.url}${path}`, { method, body: method === 'DELETE' ? undefined : 'x' })
        expect(res.status, `${method} ${path}`).toBe(405)
      }
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
  })

  it('keeps a separate registry per server', async () => {
    const one = await testServer()
    const two = await testServer()
    const meeting = await createMeeting(one.url)
    const a = connectClient(one.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(a)
    await a.synced
    await waitFor(async () => sample((await scrape(one.url)).body, 'referat_connections_open') === 1, 5000, 'the connection to be counted')
    expect(sample((await scrape(two.url)).body, 'referat_connections_open')).toBe(0)
  })

  it('serves /metrics to loopback without METRICS_TOKEN, and only with the bearer token when it is set', async () => {
    const open = await testServer()
    expect((await scrape(open.url)).status).toBe(200)
    // A proxy on the same host would make a public request look local: it says so in a header.
    expect((await scrape(open.url, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(403)
    expect((await scrape(open.url, { forwarded: 'for=203.0.113.7' })).status).toBe(403)

    const metricsToken = 'metrics-token-0123456789'
    const locked = await testServer({ METRICS_TOKEN: metricsToken })
    const missing = await fetch(`${locked.url}/metrics`)
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Bearer')
    expect((await scrape(locked.url, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401)
    expect((await scrape(locked.url, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` })).status).toBe(401)
    const allowed = await scrape(locked.url, { authorization: `Bearer ${metricsToken}` })
    expect(allowed.status).toBe(200)
    expect(allowed.body).toContain('referat_commits_total')
    // Health and readiness stay open: they tell nothing.
    expect(await get(locked.url, '/healthz')).toEqual({ status: 200, body: 'ok' })
    expect(await get(locked.url, '/readyz')).toEqual({ status: 200, body: 'ready' })

    // The remote-address rule, for addresses a test on 127.0.0.1 cannot connect from.
    const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
      ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage
    expect(metricsAccess(request('10.0.0.5'), null)).toBe(403)
    expect(metricsAccess(request('::ffff:192.168.1.2'), null)).toBe(403)
    expect(metricsAccess(request('::1'), null)).toBe(200)
    expect(metricsAccess(request('::ffff:127.0.0.1'), null)).toBe(200)
    expect(metricsAccess(request('10.0.0.5', { authorization: `Bearer ${metricsToken}` }), metricsToken)).toBe(200)
    expect(metricsAccess(request('127.0.0.1'), metricsToken)).toBe(401)
    expect(isLoopbackAddress('127.1.2.3')).toBe(true)
    expect(isLoopbackAddress('1127.0.0.1')).toBe(false)
  })

  it('answers /readyz with 503 when storage fails or is too slow, 200 again when it answers', async () => {
    const data = tempDataDir()
    cleanups.push(data.remove)
    const control = controllableStorage(data.dir)
    const server = await startServer(inProcessConfig(data.dir), { storage: control.storage })
    cleanups.push(() => server.close())

    expect(await get(server.url, '/readyz')).toEqual({ status: 200, body: 'ready' })
    control.setReads('fail')
    expect(await get(server.url, '/readyz')).toEqual({ status: 503, body: 'storage-error' })
    control.setReads('stall')
    const started = Date.now()
    expect(await get(server.url, '/readyz')).toEqual({ status: 503, body: 'storage-timeout' })
    expect(Date.now() - started).toBeLessThan(5000)
    // Liveness does not depend on storage.
    expect(await get(server.url, '/healthz')).toEqual({ status: 200, body: 'ok' })
    control.setReads('ok')
    expect(await get(server.url, '/readyz')).toEqual({ status: 200, body: 'ready' })
  })

  it('drains on close: not ready, upgrades refused with 503, peers closed with 1001, the pending edit stored', async () => {
    const data = tempDataDir()
    cleanups.push(data.remove)
    const control = controllableStorage(data.dir)
    cleanups.push(() => control.release())
    const server: RunningServer = await startServer(inProcessConfig(data.dir), { storage: control.storage })
    cleanups.push(() => server.close())
    const wsUrl = server.url.replace(/^http/, 'ws')
    const meeting = await createMeeting(server.url)
    const a = connectClient(wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(a)
    await a.synced
    expect(await get(server.url, '/readyz')).toEqual({ status: 200, body: 'ready' })
    // The writer's client id is bound (from its presence) before it edits, so that the edit goes
    // straight to the commit; an edit still waiting for its binding when the peer is closed is
    // the client's to send again, not a pending commit.
    await waitFor(async () => (await control.storage.loadClientOwners(meeting.id)).has(a.doc.clientID), 5000, 'the writer’s client id to be bound')

    // The edit reaches the server, but its commit is held: shutdown must wait for it.
    const received = sample((await scrape(server.url)).body, 'referat_updates_received_total')
    control.hold()
    appendText(a.doc, 'meetingPlace', 'Tromsø')
    await waitFor(
      async () => sample((await scrape(server.url)).body, 'referat_updates_received_total') > received,
      5000,
      'the server to receive the edit',
    )
    const closed = nextClose(a)
    let closeDone = false
    const closing = server.close().then(() => (closeDone = true))

    expect((await closed).code).toBe(CLOSE.goingAway.code)
    expect(await get(server.url, '/readyz')).toEqual({ status: 503, body: 'draining' })
    await expect(rawConnect(wsUrl, meeting.id, { token: meeting.tokens.sekretær })).rejects.toThrow('HTTP 503')
    const whileDraining = (await scrape(server.url)).body
    expect(sample(whileDraining, 'referat_draining')).toBe(1)
    expect(sample(whileDraining, 'referat_peer_closes_total', ['code="1001"', 'reason="going-away"'])).toBe(1)
    expect(closeDone).toBe(false)

    control.release()
    await withTimeout(closing, 10_000, 'the drain to finish')
    a.destroy()

    const reopened = new SqliteStorage(data.dir)
    try {
      const loaded = await loadDocument(reopened, meeting.id)
      expect(findNode(minutesOf(loaded!.doc), 'meetingPlace').node.textContent).toBe('Tromsø')
    } finally {
      await reopened.close()
    }
  })

  it('gives up draining after DRAIN_TIMEOUT_MS and closes anyway', async () => {
    const data = tempDataDir()
    cleanups.push(data.remove)
    const control = controllableStorage(data.dir)
    cleanups.push(() => control.release())
    const server = await startServer(inProcessConfig(data.dir, { DRAIN_TIMEOUT_MS: '300' }), { storage: control.storage })
    const wsUrl = server.url.replace(/^http/, 'ws')
    const meeting = await createMeeting(server.url)
    const a = connectClient(wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(a)
    await a.synced
    const received = sample((await scrape(server.url)).body, 'referat_updates_received_total')
    control.hold()
    appendText(a.doc, 'meetingPlace', 'Vadsø')
    await waitFor(
      async () => sample((await scrape(server.url)).body, 'referat_updates_received_total') > received,
      5000,
      'the server to receive the edit',
    )
    const started = Date.now()
    await withTimeout(server.close(), 5000, 'close despite a hung commit')
    expect(Date.now() - started).toBeLessThan(4000)
  })

  describe('SIGTERM', () => {
    const servers: SpawnedServer[] = []
    afterEach(async () => {
      for (const s of servers.splice(0)) await s.kill9()
    })

    it('closes a connected client with 1001, exits 0, and the edit it made just before is on disk after restart', async () => {
      const data = tempDataDir()
      cleanups.push(data.remove)
      const first = await spawnServer(data.dir)
      servers.push(first)
      const meeting = await createMeeting(first.url)
      const raw = await rawConnect(first.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
      const doc = new Y.Doc()
      await rawSync(raw, doc)
      expect(sample((await scrape(first.url)).body, 'referat_updates_received_total')).toBe(0)
      doc.on('update', (update: Uint8Array) => raw.send(updateMessage(update)))
      appendText(doc, 'meetingPlace', 'Alta')
      // SIGTERM as soon as the server has the edit: no ack, no relay waited for.
      await waitFor(
        async () => sample((await scrape(first.url)).body, 'referat_updates_received_total') >= 1,
        5000,
        'the server to receive the edit',
      )
      const exited = new Promise<number | null>((resolve) => first.child.once('exit', (code) => resolve(code)))
      first.child.kill('SIGTERM')
      expect((await closedWithin(raw, 10_000)).code).toBe(CLOSE.goingAway.code)
      expect(await withTimeout(exited, 15_000, 'the server to exit')).toBe(0)
      doc.destroy()

      const second = await spawnServer(data.dir)
      servers.push(second)
      const fresh = connectClient(second.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
      clients.push(fresh)
      await fresh.synced
      expect(findNode(minutesOf(fresh.doc), 'meetingPlace').node.textContent).toBe('Alta')
    })
  })
})

/** The configuration startTestServer would use, for servers started with a storage of the test's own. */
function inProcessConfig(dataDir: string, env: Record<string, string> = {}) {
  return readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    STATIC_DIR: path.join(dataDir, 'no-client'),
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ...env,
  })
}
