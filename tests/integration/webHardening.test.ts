import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { FailureLimits } from '../../server/limits'
import { ServerMetrics } from '../../server/metrics'
import { createMeeting, dropSchema, requirePostgres, startTestRedis, startTestServer, tempDataDir, waitFor, withTimeout, type TestServer } from '../helpers'
import { CLUSTER_DATABASE_URL, CLUSTER_TOKEN_SECRET, randomSuffix } from '../helpers/cluster'

// Issue 10, the web side: security headers on every response, failed credentials and refused
// upgrades counted per client address (HTTP 429 with Retry-After), and the pre-auth deadline.

const servers: TestServer[] = []
const cleanups: (() => void | Promise<void>)[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()))
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer(env)
  servers.push(server)
  return server
}

interface Answer {
  readonly status: number
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

/** One HTTP request from `localAddress` (any 127/8 address reaches the loopback server on Linux). */
function request(
  baseUrl: string,
  pathname: string,
  opts: { method?: string; token?: string; localAddress?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${pathname}`, { method: opts.method ?? 'GET', headers, localAddress: opts.localAddress, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** A WebSocket upgrade request: 101 when it was upgraded (the socket is then closed), else the refusal's status. */
function upgrade(baseUrl: string, pathname: string, opts: { localAddress?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${pathname}`, {
      localAddress: opts.localAddress,
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-version': '13',
        ...opts.headers,
      },
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' })
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Opens the sync endpoint from `localAddress` and resolves with how it ended: the close code, or the HTTP status of a refused upgrade. */
function syncOutcome(server: TestServer, docName: string, token: string, localAddress = '127.0.0.1'): Promise<{ open: boolean; code?: number; status?: number; retryAfter?: string }> {
  return withTimeout(
    new Promise((resolve) => {
      const ws = new WebSocket(`${server.wsUrl}/sync/${docName}?token=${encodeURIComponent(token)}`, { localAddress })
      let opened = false
      ws.on('open', () => (opened = true))
      // Admitted: the server starts the sync. A refused token is closed before anything is sent.
      ws.on('message', () => {
        resolve({ open: true })
        ws.terminate()
      })
      ws.on('unexpected-response', (_req, res) => {
        resolve({ open: false, status: res.statusCode, retryAfter: res.headers['retry-after'] })
        ws.terminate()
      })
      ws.on('close', (code) => resolve({ open: opened, code }))
      ws.on('error', () => undefined)
    }),
    5000,
    'the sync connection to end',
  )
}

async function limitTrips(server: TestServer, kind: string): Promise<number> {
  const { body } = await server.metrics.exposition()
  const match = new RegExp(`^referat_limits_tripped_total\\{kind="${kind}"[^}]*\\} (\\d+)$`, 'm').exec(body)
  return match ? Number(match[1]) : Number.NaN
}

function retryAfterSeconds(answer: Answer): number {
  return Number(answer.headers['retry-after'])
}

describe('security headers', () => {
  function expectHardened(answer: Answer) {
    const csp = String(answer.headers['content-security-policy'])
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
      expect(csp).toContain(directive)
    }
    expect(csp).toMatch(/connect-src 'self'/)
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(answer.headers['x-frame-options']).toBe('DENY')
    expect(answer.headers['x-content-type-options']).toBe('nosniff')
    expect(answer.headers['referrer-policy']).toBe('no-referrer')
    expect(answer.headers['cross-origin-opener-policy']).toBe('same-origin')
    expect(answer.headers['permissions-policy']).toMatch(/camera=\(\)/)
    expect(answer.headers['permissions-policy']).toMatch(/microphone=\(\)/)
    expect(answer.headers['permissions-policy']).toMatch(/geolocation=\(\)/)
  }

  function staticClient(): string {
    const dir = tempDataDir()
    cleanups.push(dir.remove)
    fs.mkdirSync(path.join(dir.dir, 'assets'))
    fs.writeFileSync(path.join(dir.dir, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>')
    fs.writeFileSync(path.join(dir.dir, 'assets', 'app.js'), 'export {}')
    return dir.dir
  }

  it('are sent on the page, a static asset, the API, a 404 and the operational routes, without HSTS over plain http', async () => {
    const server = await start({ STATIC_DIR: staticClient() })
    const answers = {
      page: await request(server.url, '/'),
      asset: await request(server.url, '/assets/app.js'),
      api: await request(server.url, '/api/meetings', { token: server.adminToken }),
      apiRefusal: await request(server.url, '/api/meetings'),
      notFound: await request(server.url, '/no/such/page'),
      apiNotFound: await request(server.url, '/api/nothing'),
      healthz: await request(server.url, '/healthz'),
      readyz: await request(server.url, '/readyz'),
      metrics: await request(server.url, '/metrics'),
    }
    expect(Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, a.status]))).toEqual({
      page: 200,
      asset: 200,
      api: 200,
      apiRefusal: 401,
      notFound: 404,
      apiNotFound: 404,
      healthz: 200,
      readyz: 200,
      metrics: 200,
    })
    for (const answer of Object.values(answers)) {
      expectHardened(answer)
      expect(answer.headers['strict-transport-security']).toBeUndefined()
    }
    // The WebSocket origin spelled out for browsers whose 'self' does not cover ws:.
    expect(answers.page.headers['content-security-policy']).toContain(`connect-src 'self' ${server.wsUrl}`)
  })

  it('sends HSTS behind TLS: PUBLIC_URL https, or a trusted proxy saying X-Forwarded-Proto https', async () => {
    const tls = await start({ PUBLIC_URL: 'https://referat.example.no' })
    const page = await request(tls.url, '/healthz')
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000')
    expect(page.headers['content-security-policy']).toContain("connect-src 'self' wss://referat.example.no")

    const untrusted = await start()
    const spoofed = await request(untrusted.url, '/healthz', { headers: { 'x-forwarded-proto': 'https' } })
    expect(spoofed.headers['strict-transport-security']).toBeUndefined()

    const proxied = await start({ TRUSTED_PROXIES: '127.0.0.1' })
    const viaProxy = await request(proxied.url, '/healthz', { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } })
    expect(viaProxy.headers['strict-transport-security']).toBe('max-age=31536000')
    const notFromProxy = await request(proxied.url, '/healthz', { localAddress: '127.0.0.2', headers: { 'x-forwarded-proto': 'https' } })
    expect(notFromProxy.headers['strict-transport-security']).toBeUndefined()
  })

  it('the client page has no inline script', () => {
    const html = fs.readFileSync(path.resolve(import.meta.dirname, '../../client/index.html'), 'utf8')
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/)
      expect(body.trim()).toBe('')
    }
    expect(html).not.toMatch(/\son[a-z]+=/i)
  })
})

describe('failed admin credentials', () => {
  it('block the address after 10 failures (429 with Retry-After) while the right credential works from another address', async () => {
    const server = await start()
    const statuses: number[] = []
    let last: Answer | null = null
    for (let i = 0; i < 50; i++) {
      last = await request(server.url, '/api/meetings', { token: `wrong-admin-credential-${i}` })
      statuses.push(last.status)
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(statuses.slice(10)).toEqual(Array(40).fill(429))
    expect(retryAfterSeconds(last!)).toBeGreaterThan(800)
    expect(retryAfterSeconds(last!)).toBeLessThanOrEqual(900)
    expect(JSON.parse(last!.body).error).toMatch(/For mange mislykkede forsøk/)
    // The blocked address learns nothing, not even from the right credential.
    expect((await request(server.url, '/api/meetings', { token: server.adminToken })).status).toBe(429)
    expect((await request(server.url, '/api/meetings', { token: server.adminToken, localAddress: '127.0.0.2' })).status).toBe(200)
    expect(await limitTrips(server, 'admin-credential')).toBe(41)
  })

  it('do not block members of the address, whose meeting tokens count against another budget', async () => {
    const server = await start({ ADMIN_FAILURE_LIMIT: '2' })
    const meeting = await createMeeting(server.url)
    for (let i = 0; i < 3; i++) await request(server.url, '/api/meetings', { token: 'wrong-admin-credential' })
    expect((await request(server.url, '/api/meetings', { token: 'wrong-admin-credential' })).status).toBe(429)
    expect((await request(server.url, `/api/meetings/${meeting.id}`, { token: meeting.tokens.medlem })).status).toBe(200)
    expect((await syncOutcome(server, meeting.id, meeting.tokens.medlem)).open).toBe(true)
  })
})

describe('failed token checks', () => {
  it('on the API block the address (429 with Retry-After); a valid token from another address works', async () => {
    const server = await start({ TOKEN_FAILURE_LIMIT: '5' })
    const meeting = await createMeeting(server.url)
    const forged = `${meeting.tokens.sekretær.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await request(server.url, `/api/meetings/${meeting.id}`, { token: forged })).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
    const blocked = await request(server.url, `/api/meetings/${meeting.id}`, { token: meeting.tokens.sekretær })
    expect(blocked.status).toBe(429)
    expect(retryAfterSeconds(blocked)).toBeGreaterThan(0)
    expect(retryAfterSeconds(blocked)).toBeLessThanOrEqual(60)
    expect((await request(server.url, `/api/meetings/${meeting.id}`, { token: meeting.tokens.sekretær, localAddress: '127.0.0.2' })).status).toBe(200)
    // The sync endpoint refuses the blocked address too, before any WebSocket is made.
    expect(await syncOutcome(server, meeting.id, meeting.tokens.sekretær)).toMatchObject({ open: false, status: 429 })
    expect(await limitTrips(server, 'token-check')).toBe(5)
  })

  it('on the sync endpoint block further upgrades from the address with HTTP 429', async () => {
    const server = await start({ TOKEN_FAILURE_LIMIT: '4' })
    const meeting = await createMeeting(server.url)
    const forged = `${meeting.tokens.medlem.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`
    for (let i = 0; i < 4; i++) expect(await syncOutcome(server, meeting.id, forged)).toMatchObject({ open: true, code: 4401 })
    const refused = await syncOutcome(server, meeting.id, meeting.tokens.medlem)
    expect(refused).toMatchObject({ open: false, status: 429 })
    expect(Number(refused.retryAfter)).toBeGreaterThan(0)
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60)
    expect((await syncOutcome(server, meeting.id, meeting.tokens.medlem, '127.0.0.2')).open).toBe(true)
    // ... and the API, which counts against the same budget.
    expect((await request(server.url, `/api/meetings/${meeting.id}`, { token: meeting.tokens.medlem })).status).toBe(429)
    expect(await limitTrips(server, 'token-check')).toBe(2)
  })
})

describe('refused upgrades', () => {
  it('are counted per address: bad path, bad document name and foreign origin, then 429 before any WebSocket', async () => {
    const server = await start({ UPGRADE_REFUSAL_LIMIT: '6' })
    const meeting = await createMeeting(server.url)
    expect((await upgrade(server.url, '/not-sync')).status).toBe(404)
    expect((await upgrade(server.url, '/sync/..%2Fetc')).status).toBe(400)
    expect((await upgrade(server.url, `/sync/${meeting.id}`, { headers: { origin: 'https://evil.example' } })).status).toBe(403)
    for (let i = 0; i < 3; i++) expect((await upgrade(server.url, '/not-sync')).status).toBe(404)
    const refused = await upgrade(server.url, `/sync/${meeting.id}?token=${meeting.tokens.medlem}`)
    expect(refused.status).toBe(429)
    expect(retryAfterSeconds(refused)).toBeGreaterThan(0)
    expect(retryAfterSeconds(refused)).toBeLessThanOrEqual(60)
    expect((await upgrade(server.url, `/sync/${meeting.id}?token=${meeting.tokens.medlem}`, { localAddress: '127.0.0.2' })).status).toBe(101)
    expect(await limitTrips(server, 'upgrade-refused')).toBe(1)
  })
})

describe('X-Forwarded-For', () => {
  it('is ignored without TRUSTED_PROXIES: a client cannot escape its block by naming another address', async () => {
    const server = await start({ ADMIN_FAILURE_LIMIT: '3' })
    for (let i = 0; i < 3; i++) {
      await request(server.url, '/api/meetings', { token: 'wrong-admin-credential', headers: { 'x-forwarded-for': `198.51.100.${i}` } })
    }
    const again = await request(server.url, '/api/meetings', { token: server.adminToken, headers: { 'x-forwarded-for': '198.51.100.99' } })
    expect(again.status).toBe(429)
  })

  it('names the client behind a trusted proxy: its rightmost untrusted hop is counted, not the proxy', async () => {
    const server = await start({ ADMIN_FAILURE_LIMIT: '3', TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' })
    const from = (hops: string) => ({ 'x-forwarded-for': hops })
    for (let i = 0; i < 3; i++) await request(server.url, '/api/meetings', { token: 'wrong-admin-credential', headers: from('203.0.113.7') })
    expect((await request(server.url, '/api/meetings', { token: server.adminToken, headers: from('203.0.113.7') })).status).toBe(429)
    // Made-up hops to the left are not believed; trusted hops (10/8) to the right are skipped.
    expect((await request(server.url, '/api/meetings', { token: server.adminToken, headers: from('192.0.2.1, 203.0.113.7') })).status).toBe(429)
    expect((await request(server.url, '/api/meetings', { token: server.adminToken, headers: from('203.0.113.7, 10.1.2.3') })).status).toBe(429)
    // Another client behind the same proxy, and the proxy's own requests, go on.
    expect((await request(server.url, '/api/meetings', { token: server.adminToken, headers: from('203.0.113.8') })).status).toBe(200)
    expect((await request(server.url, '/api/meetings', { token: server.adminToken })).status).toBe(200)
    // An untrusted peer's X-Forwarded-For is not believed.
    expect((await request(server.url, '/api/meetings', { token: server.adminToken, localAddress: '127.0.0.2', headers: from('203.0.113.7') })).status).toBe(200)
  })
})

describe('pre-auth deadline', () => {
  /** Opens a TCP connection, runs `talk` on it and resolves with the milliseconds until the server closed it. */
  function closedAfterMs(server: TestServer, talk: (socket: net.Socket) => void = () => {}, timeoutMs = 15_000): Promise<number> {
    return withTimeout(
      new Promise((resolve) => {
        const started = Date.now()
        const socket = net.connect(server.port, '127.0.0.1')
        socket.on('error', () => undefined)
        socket.resume()
        socket.on('connect', () => talk(socket))
        socket.on('close', () => resolve(Date.now() - started))
      }),
      timeoutMs,
      'the server to close the connection',
    )
  }

  function dribble(startAfterMs: number) {
    return (socket: net.Socket) => {
      const bytes = Buffer.from('GET /sync/abc HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Padding: ' + 'x'.repeat(100))
      let sent = 0
      let timer: NodeJS.Timeout | undefined
      const first = setTimeout(() => {
        timer = setInterval(() => {
          if (socket.destroyed || sent >= bytes.length) return clearInterval(timer)
          socket.write(bytes.subarray(sent, ++sent))
        }, 1000)
      }, startAfterMs)
      socket.on('close', () => {
        clearTimeout(first)
        clearInterval(timer)
      })
    }
  }

  it('closes a silent connection, one dribbling its headers and one that waits before dribbling, within UPGRADE_TIMEOUT_MS', async () => {
    const server = await start({ UPGRADE_TIMEOUT_MS: '2000' })
    const [silent, dribbling, lateDribbling] = await Promise.all([
      closedAfterMs(server),
      closedAfterMs(server, dribble(0)),
      // Node alone restarts its header clock at the first byte: this one would get ~3.5 s.
      closedAfterMs(server, dribble(1500)),
    ])
    for (const ms of [silent, dribbling, lateDribbling]) {
      expect(ms).toBeGreaterThanOrEqual(1400)
      expect(ms).toBeLessThan(2400)
    }
    expect(await limitTrips(server, 'upgrade-timeout')).toBe(3)
  })

  it('is 10 s by default', async () => {
    const server = await start()
    const silent = await closedAfterMs(server)
    expect(silent).toBeGreaterThanOrEqual(9000)
    expect(silent).toBeLessThan(10_400)
    // A client that completes its request in time is served as before.
    expect((await request(server.url, '/healthz')).status).toBe(200)
  }, 20_000)
})

describe('failure counts in Redis', () => {
  it('are shared by the nodes, and fall back to memory when Redis is gone', async () => {
    const redis = await startTestRedis()
    const clients: Redis[] = []
    cleanups.push(async () => {
      for (const client of clients) client.disconnect()
      await redis.kill()
    })
    const prefix = `test-${process.pid}-${Date.now()}`
    const node = () => {
      const client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500 })
      client.on('error', () => undefined)
      clients.push(client)
      const metrics = new ServerMetrics()
      const budget = { limit: 3, windowMs: 60_000 }
      return new FailureLimits({
        budgets: { 'admin-credential': budget, 'token-check': budget, 'upgrade-refused': budget },
        metrics,
        redis: { client, prefix },
      })
    }
    const [a, b] = [node(), node()]
    await waitFor(() => clients.every((c) => c.status === 'ready'), 5000)
    for (let i = 0; i < 3; i++) await a.failed('admin-credential', '192.0.2.10')
    expect(await b.blocked('192.0.2.10', 'admin-credential')).toMatchObject({ kind: 'admin-credential' })
    expect(await b.blocked('192.0.2.11', 'admin-credential')).toBeNull()

    await redis.kill()
    await waitFor(() => clients.every((c) => c.status !== 'ready'), 5000)
    const started = Date.now()
    for (let i = 0; i < 3; i++) await b.failed('token-check', '192.0.2.20')
    expect(await b.blocked('192.0.2.20', 'token-check')).toMatchObject({ kind: 'token-check' })
    expect(await b.blocked('192.0.2.21', 'token-check')).toBeNull()
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

describe('failure counts of several nodes', () => {
  it('are shared through REDIS_URL: an address blocked on one node is blocked on the other; sign-ins go on without Redis', async () => {
    await (await requirePostgres()).end()
    const redis = await startTestRedis()
    const schema = `web_${randomSuffix()}`
    cleanups.push(async () => {
      await redis.kill()
      await dropSchema(schema)
    })
    const env = {
      DATABASE_URL: CLUSTER_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `web-${schema}`,
      TOKEN_SECRET: CLUSTER_TOKEN_SECRET,
      ADMIN_FAILURE_LIMIT: '3',
    }
    const [a, b] = [await start({ ...env, NODE_ID: 'node-a' }), await start({ ...env, NODE_ID: 'node-b' })]
    for (let i = 0; i < 3; i++) expect((await request(a.url, '/api/meetings', { token: 'wrong-admin-credential' })).status).toBe(401)
    expect((await request(b.url, '/api/meetings', { token: b.adminToken })).status).toBe(429)
    expect((await request(b.url, '/api/meetings', { token: b.adminToken, localAddress: '127.0.0.2' })).status).toBe(200)

    await redis.kill()
    const started = Date.now()
    expect((await request(a.url, '/api/meetings', { token: a.adminToken, localAddress: '127.0.0.3' })).status).toBe(200)
    for (let i = 0; i < 3; i++) await request(a.url, '/api/meetings', { token: 'wrong-admin-credential', localAddress: '127.0.0.4' })
    expect((await request(a.url, '/api/meetings', { token: a.adminToken, localAddress: '127.0.0.4' })).status).toBe(429)
    expect(Date.now() - started).toBeLessThan(3000)
  })
})
