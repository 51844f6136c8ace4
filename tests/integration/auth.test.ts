import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { TokenClaims } from '../../shared/auth'
import { CLOSE, type CloseReason } from '../../shared/protocol'
import { registerDocName } from '../../shared/register'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import { signToken } from '../../server/auth'
import {
  TEST_ADMIN_TOKEN,
  api,
  closedWithin,
  connectClient,
  createMeeting,
  mintToken,
  nextClose,
  rawConnect,
  revokeToken,
  spawnServer,
  startTestServer,
  tempDataDir,
  waitFor,
  type CreatedMeeting,
  type SpawnedServer,
  type TestClient,
} from '../helpers'

const TOKEN_SECRET = 'integration-test-token-secret-0123456789'
/** A word only the meeting's minutes contain: no refused client may ever see it. */
const SECRET_ORGAN = 'Hemmelighetsrådet'
const FOREIGN_ORIGIN = 'https://evil.example'

/** A token with one character of its signature changed. */
function tamperSignature(token: string): string {
  const [payload, signature] = token.split('.')
  const i = Math.floor(signature.length / 2)
  return `${payload}.${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`
}

/** A token whose payload says sekretær, carrying the member token's signature. */
function tamperPayload(token: string): string {
  const [payload, signature] = token.split('.')
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims
  return `${Buffer.from(JSON.stringify({ ...claims, role: 'sekretær' })).toString('base64url')}.${signature}`
}

interface RefusalCase {
  readonly name: string
  readonly token: string | null
  readonly close: CloseReason
  readonly status: number
  readonly code: string
}

describe('refusals (spawned server, every log line captured)', () => {
  const data = tempDataDir()
  let server: SpawnedServer
  let meeting: CreatedMeeting
  let other: CreatedMeeting
  const cases: RefusalCase[] = []
  /** Every credential the tests used: none may appear in the server's output. */
  const secrets: string[] = [TEST_ADMIN_TOKEN, TOKEN_SECRET]
  const clients: TestClient[] = []

  beforeAll(async () => {
    // These tests send dozens of refused tokens from one address: budgets high enough that each
    // refusal keeps its own status (the 429s are tested in webHardening.test.ts), still counted.
    server = await spawnServer(data.dir, {
      LOG_LEVEL: 'debug',
      TOKEN_SECRET,
      ALLOWED_ORIGINS: 'https://allowed.example',
      TOKEN_FAILURE_LIMIT: '1000',
      UPGRADE_REFUSAL_LIMIT: '1000',
    })
    meeting = await createMeeting(server.url, { organ: SECRET_ORGAN })
    other = await createMeeting(server.url, { organ: 'Det andre rådet' })
    const revoked = await mintToken(server.url, meeting.id, { role: 'medlem', name: 'Tidligere Medlem' })
    await revokeToken(server.url, meeting.id, revoked.tokenId)
    const claims: TokenClaims = { tid: 'expired1', mid: meeting.id, role: 'sekretær', name: null, org: null, exp: Math.floor(Date.now() / 1000) - 60 }
    const expired = signToken(Buffer.from(TOKEN_SECRET), claims)
    cases.push(
      { name: 'no token', token: null, close: CLOSE.unauthorized, status: 401, code: 'credential-missing' },
      { name: 'a tampered signature', token: tamperSignature(meeting.tokens.medlem), close: CLOSE.unauthorized, status: 401, code: 'token-invalid' },
      { name: 'a tampered payload', token: tamperPayload(meeting.tokens.medlem), close: CLOSE.unauthorized, status: 401, code: 'token-invalid' },
      { name: 'an expired token', token: expired, close: CLOSE.tokenExpired, status: 401, code: 'token-expired' },
      { name: 'a revoked token', token: revoked.token, close: CLOSE.tokenRevoked, status: 403, code: 'token-revoked' },
      { name: 'another meeting’s token', token: other.tokens.sekretær, close: CLOSE.wrongMeeting, status: 403, code: 'token-wrong-meeting' },
    )
    secrets.push(...Object.values(meeting.tokens), ...Object.values(other.tokens), revoked.token, expired)
    secrets.push(...cases.flatMap((c) => (c.token ? [c.token] : [])))
  })
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
  })
  afterAll(async () => {
    await server?.kill9()
    data.remove()
  })

  it('refuses every bad token on the sync endpoint with its close code, for the minutes and the register, sending nothing', async () => {
    for (const c of cases) {
      for (const docName of [meeting.id, registerDocName(meeting.id)]) {
        const raw = await rawConnect(server.wsUrl, docName, { token: c.token })
        expect(await closedWithin(raw), `${c.name} on ${docName}`).toEqual({ code: c.close.code, reason: c.close.reason })
        expect(raw.messages, `${c.name} on ${docName}`).toEqual([])
      }
    }
  })

  it('refuses every bad token to a stock client, whose document stays empty', async () => {
    for (const c of cases) {
      const client = connectClient(server.wsUrl, meeting.id, { token: c.token, connect: false })
      clients.push(client)
      const closed = nextClose(client)
      client.provider.connect()
      expect(await closed, c.name).toEqual({ code: c.close.code, reason: c.close.reason })
      client.provider.disconnect()
      expect(client.doc.getXmlFragment(MINUTES_FRAGMENT).length, c.name).toBe(0)
      expect(client.provider.synced).toBe(false)
    }
  })

  it('refuses every bad token on the HTTP routes with 401/403 and nothing of the meeting', async () => {
    for (const c of cases) {
      const routes: [string, string, unknown][] = [
        ['GET', `/api/meetings/${meeting.id}`, undefined],
        ['POST', `/api/meetings/${meeting.id}/flags`, { anchor: { start: 'AA==', end: 'AA==' }, comment: 'x' }],
        ['POST', `/api/meetings/${meeting.id}/confirmations`, { agendaItemId: 'x', textHash: '0'.repeat(64) }],
        ['POST', `/api/meetings/${meeting.id}/close`, { commentDeadline: null }],
      ]
      for (const [method, path, body] of routes) {
        const res = await api(server.url, method, path, { token: c.token, body })
        expect(res.status, `${c.name}: ${method} ${path}`).toBe(c.status)
        expect(res.body, `${c.name}: ${method} ${path}`).toEqual({ error: expect.any(String), code: c.code })
        expect(res.text).not.toContain(SECRET_ORGAN)
        if (c.token) expect(res.text).not.toContain(c.token)
      }
      if (c.close === CLOSE.tokenExpired) {
        const res = await api(server.url, 'GET', `/api/meetings/${meeting.id}`, { token: c.token })
        expect((res.body as { error: string }).error).toMatch(/utløpt/)
      }
    }
    // The admin routes refuse meeting tokens and nothing.
    expect((await api(server.url, 'GET', '/api/meetings')).status).toBe(401)
    expect((await api(server.url, 'GET', '/api/meetings', { token: meeting.tokens.møteleder })).status).toBe(403)
    expect((await api(server.url, 'GET', '/api/meetings', { token: 'not-the-admin-credential' })).status).toBe(401)
    const mint = await api(server.url, 'POST', `/api/meetings/${meeting.id}/tokens`, { token: meeting.tokens.sekretær, body: { role: 'sekretær' } })
    expect(mint.status).toBe(403)
    expect((await api(server.url, 'GET', `/api/meetings/${meeting.id}/tokens`, { token: meeting.tokens.møteleder })).status).toBe(403)
  })

  it('refuses a browser from a foreign origin on the sync endpoint and on state-changing routes', async () => {
    for (const docName of [meeting.id, registerDocName(meeting.id)]) {
      await expect(rawConnect(server.wsUrl, docName, { token: meeting.tokens.sekretær, origin: FOREIGN_ORIGIN })).rejects.toThrow('HTTP 403')
      const own = await rawConnect(server.wsUrl, docName, { token: meeting.tokens.sekretær, origin: server.url })
      await waitFor(() => own.messages.length > 0, 5000, 'the own origin to be served')
      own.ws.close()
      const allowed = await rawConnect(server.wsUrl, docName, { token: meeting.tokens.sekretær, origin: 'https://allowed.example' })
      await waitFor(() => allowed.messages.length > 0, 5000, 'an allowed origin to be served')
      allowed.ws.close()
    }
    const flag = { anchor: { start: 'AA==', end: 'AA==' }, comment: 'Feil navn' }
    const foreignFlag = await api(server.url, 'POST', `/api/meetings/${meeting.id}/flags`, { token: meeting.tokens.medlem, body: flag, origin: FOREIGN_ORIGIN })
    expect(foreignFlag.status).toBe(403)
    const before = (await api(server.url, 'GET', '/api/meetings', { token: TEST_ADMIN_TOKEN })).body as { meetings: unknown[] }
    const foreignCreate = await api(server.url, 'POST', '/api/meetings', { token: TEST_ADMIN_TOKEN, body: { organ: 'X', date: '2024-01-01' }, origin: FOREIGN_ORIGIN })
    expect(foreignCreate.status).toBe(403)
    const foreignRevoke = await api(server.url, 'DELETE', `/api/meetings/${meeting.id}/tokens/${meeting.invitations[2].tokenId}`, { token: TEST_ADMIN_TOKEN, origin: FOREIGN_ORIGIN })
    expect(foreignRevoke.status).toBe(403)
    const after = (await api(server.url, 'GET', '/api/meetings', { token: TEST_ADMIN_TOKEN })).body as { meetings: unknown[] }
    expect(after.meetings).toHaveLength(before.meetings.length)
    const ownFlag = await api(server.url, 'POST', `/api/meetings/${meeting.id}/flags`, { token: meeting.tokens.medlem, body: flag, origin: server.url })
    expect(ownFlag.status).toBe(201)
  })

  it('closes a token’s open connections at once when it is revoked, and refuses it afterwards', async () => {
    const personal = await mintToken(server.url, meeting.id, { role: 'medlem', name: 'Kari Medlem', org: 'KS' })
    secrets.push(personal.token)
    const minutes = connectClient(server.wsUrl, meeting.id, { token: personal.token })
    const register = connectClient(server.wsUrl, registerDocName(meeting.id), { token: personal.token })
    clients.push(minutes, register)
    await Promise.all([minutes.synced, register.synced])
    const closes = [nextClose(minutes), nextClose(register)]
    await revokeToken(server.url, meeting.id, personal.tokenId)
    for (const close of await Promise.all(closes)) expect(close).toEqual({ code: CLOSE.tokenRevoked.code, reason: CLOSE.tokenRevoked.reason })
    expect((await api(server.url, 'GET', `/api/meetings/${meeting.id}`, { token: personal.token })).status).toBe(403)
    const listed = (await api(server.url, 'GET', `/api/meetings/${meeting.id}/tokens`, { token: TEST_ADMIN_TOKEN })).body as {
      tokens: { tokenId: string; revokedAt: string | null; name: string | null }[]
    }
    expect(listed.tokens.find((t) => t.tokenId === personal.tokenId)).toMatchObject({ name: 'Kari Medlem', revokedAt: expect.any(String) })
    expect(JSON.stringify(listed)).not.toContain(personal.token)
    expect((await api(server.url, 'DELETE', `/api/meetings/${meeting.id}/tokens/nosuchtoken`, { token: TEST_ADMIN_TOKEN })).status).toBe(404)
    expect((await api(server.url, 'DELETE', `/api/meetings/${other.id}/tokens/${personal.tokenId}`, { token: TEST_ADMIN_TOKEN })).status).toBe(404)
  })

  it('never writes a token or the admin credential to its output', async () => {
    // The refusals above were logged (debug level): the lines exist, the credentials are not in them.
    await waitFor(() => server.stderr().includes('closing peer'), 5000, 'log lines')
    const output = server.stderr() + server.stdout()
    expect(output.split('\n').length).toBeGreaterThan(20)
    for (const secret of secrets) expect(output.includes(secret), `a credential in the output`).toBe(false)
    for (const secret of secrets.filter((s) => s.includes('.'))) {
      expect(output.includes(secret.split('.')[1]), 'a token signature in the output').toBe(false)
    }
  })
})

describe('refusal before loading (in-process server)', () => {
  it('closes a bad token before the room is loaded', async () => {
    const server = await startTestServer()
    try {
      const meeting = await createMeeting(server.url)
      for (const token of [null, tamperSignature(meeting.tokens.medlem)]) {
        const raw = await rawConnect(server.wsUrl, meeting.id, { token })
        expect((await closedWithin(raw)).code).toBe(CLOSE.unauthorized.code)
      }
      expect(server.rooms.size).toBe(0)
    } finally {
      await server.stop()
    }
  })

  it('closes a connection when its token expires while connected', async () => {
    const server = await startTestServer()
    try {
      const meeting = await createMeeting(server.url)
      const { token } = await server.auth.mint({ meetingId: meeting.id, role: 'medlem', name: 'Kortvarig', org: null, days: 2 / 86_400 })
      const client = connectClient(server.wsUrl, meeting.id, { token })
      try {
        await client.synced
        const closed = await nextClose(client, 5000)
        expect(closed).toEqual({ code: CLOSE.tokenExpired.code, reason: CLOSE.tokenExpired.reason })
      } finally {
        client.destroy()
      }
    } finally {
      await server.stop()
    }
  })
})
