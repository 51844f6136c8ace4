// Sessions as people and admins see them: GET /api/sessions lists the active sign-ins (an admin
// everyone's, a person their own), DELETE /api/sessions/:id ends one and closes its open sync
// connections at once. Against a real OpenID provider (oidc-provider) and a real server.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CLOSE } from '../../shared/protocol'
import type { SessionsResponse } from '../../shared/api'
import { log } from '../../server/log'
import {
  api,
  connectClient,
  createMeeting,
  csrfOf,
  meOf,
  mintToken,
  nextClose,
  sessionCookieOf,
  startTestServer,
  startWithProvider,
  type TestClient,
  type TestOidcProvider,
  type TestServer,
} from '../helpers'

let server: TestServer | null = null
let idp: TestOidcProvider | null = null
const clients: TestClient[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  for (const client of clients.splice(0)) client.destroy()
  await server?.stop()
  await idp?.stop()
  server = idp = null
})

async function sessionsOf(url: string, cookie: string): Promise<SessionsResponse> {
  const res = await api(url, 'GET', '/api/sessions', { headers: { cookie } })
  expect(res.status).toBe(200)
  return res.body as SessionsResponse
}
const revoke = async (url: string, id: string, cookie: string, csrf: string | null) =>
  (await api(url, 'DELETE', `/api/sessions/${id}`, { origin: url, headers: csrf === null ? { cookie } : { cookie, 'x-csrf-token': csrf } })).status

describe('GET /api/sessions and DELETE /api/sessions/:id', () => {
  it('shows an admin everyone’s active sessions and a person only their own, never the cookie', async () => {
    ;({ server, idp } = await startWithProvider())
    const kari1 = await sessionCookieOf(server.url, 'sub-kari')
    const kari2 = await sessionCookieOf(server.url, 'sub-kari')
    const ada = await sessionCookieOf(server.url, 'sub-ada')
    const ola = await sessionCookieOf(server.url, 'sub-ola')

    const all = await sessionsOf(server.url, ada)
    expect(all.all).toBe(true)
    expect(all.sessions.map((s) => s.subject).sort()).toEqual(['sub-ada', 'sub-kari', 'sub-kari', 'sub-ola'])
    expect(all.sessions.filter((s) => s.current).map((s) => s.subject)).toEqual(['sub-ada'])
    expect(all.sessions.find((s) => s.subject === 'sub-ada')).toMatchObject({ name: 'Ada Admin', isAdmin: true, issuer: idp.issuer })
    const text = JSON.stringify(all)
    for (const cookie of [kari1, kari2, ada, ola]) expect(text).not.toContain(cookie.split('=')[1])

    const own = await sessionsOf(server.url, kari1)
    expect(own.all).toBe(false)
    expect(own.sessions.map((s) => [s.subject, s.current])).toEqual(expect.arrayContaining([['sub-kari', true], ['sub-kari', false]]))
    expect(own.sessions).toHaveLength(2)
    // The admin credential sees everyone's too.
    const byCredential = await api(server.url, 'GET', '/api/sessions', { token: server.adminToken })
    expect((byCredential.body as SessionsResponse).sessions).toHaveLength(4)
    expect((await api(server.url, 'GET', '/api/sessions')).status).toBe(401)
    const meeting = await createMeeting(server.url)
    expect((await api(server.url, 'GET', '/api/sessions', { token: meeting.tokens.møteleder })).status).toBe(403)
  })

  it('lets an admin end someone’s session: their connection closes with session-ended, their cookie opens nothing, and it is logged', async () => {
    ;({ server, idp } = await startWithProvider())
    const info = vi.spyOn(log, 'info')
    const meeting = await createMeeting(server.url)
    await mintToken(server.url, meeting.id, { role: 'møteleder', subject: 'sub-kari' })
    const kari = await sessionCookieOf(server.url, 'sub-kari')
    const ada = await sessionCookieOf(server.url, 'sub-ada')
    const chair = connectClient(server.wsUrl, meeting.id, { headers: { cookie: kari } })
    clients.push(chair)
    await chair.synced
    const kariSession = (await sessionsOf(server.url, kari)).sessions[0].id

    const closed = nextClose(chair)
    expect(await revoke(server.url, kariSession, ada, null)).toBe(403) // no CSRF token
    expect(await revoke(server.url, kariSession, ada, await csrfOf(server.url, ada))).toBe(204)
    expect(await closed).toEqual({ code: CLOSE.sessionEnded.code, reason: CLOSE.sessionEnded.reason })
    expect(await meOf(server.url, kari)).toEqual({ oidc: true, signedIn: false })
    expect((await sessionsOf(server.url, ada)).sessions.map((s) => s.subject)).toEqual(['sub-ada'])
    const lines = info.mock.calls.filter((call) => call[0] === 'session revoked').map((call) => call[1])
    expect(lines).toEqual([expect.objectContaining({ subject: 'sub-kari', by: 'sub-ada', closedConnections: 1 })])
    // Ending it again, or one that never was, is a 404.
    expect(await revoke(server.url, kariSession, ada, await csrfOf(server.url, ada))).toBe(204)
    expect(await revoke(server.url, 'f'.repeat(64), ada, await csrfOf(server.url, ada))).toBe(404)
    expect(await revoke(server.url, 'not-an-id', ada, await csrfOf(server.url, ada))).toBe(404)
  })

  it('lets a person end their own other session, but not anyone else’s (404, as for one that does not exist)', async () => {
    ;({ server, idp } = await startWithProvider())
    const kariHere = await sessionCookieOf(server.url, 'sub-kari')
    const kariThere = await sessionCookieOf(server.url, 'sub-kari')
    const ola = await sessionCookieOf(server.url, 'sub-ola')
    const olaSession = (await sessionsOf(server.url, ola)).sessions[0].id
    const there = (await sessionsOf(server.url, kariHere)).sessions.find((s) => !s.current)!.id
    const csrf = await csrfOf(server.url, kariHere)
    expect(await revoke(server.url, olaSession, kariHere, csrf)).toBe(404)
    expect((await meOf(server.url, ola)).signedIn).toBe(true)
    expect(await revoke(server.url, there, kariHere, csrf)).toBe(204)
    expect((await meOf(server.url, kariThere)).signedIn).toBe(false)
    expect((await meOf(server.url, kariHere)).signedIn).toBe(true)
  })

  it('is 404 without sign-in configured', async () => {
    server = await startTestServer()
    expect((await api(server.url, 'GET', '/api/sessions', { token: server.adminToken })).status).toBe(404)
    expect((await api(server.url, 'DELETE', `/api/sessions/${'a'.repeat(64)}`, { token: server.adminToken })).status).toBe(404)
  })
})
