// Issue 11: per meeting, the roles that must sign in with the identity provider. With sign-in
// configured the default is møteleder and sekretær: their links alone are refused (API 403
// `sign-in-required`, sync 4403 `sign-in-required`), members and observers may still use links,
// and the admin chooses per meeting. A real server and a real OpenID provider on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE } from '../../shared/protocol'
import type { MeResponse, SignInRolesResponse } from '../../shared/api'
import {
  api,
  closedWithin,
  connectClient,
  createMeeting,
  nextClose,
  rawConnect,
  startTestServer,
  TEST_ADMIN_TOKEN,
  type TestClient,
  type TestOidcProvider,
  type TestServer,
  sessionCookieOf,
  startWithProvider,
} from '../helpers'

let server: TestServer | null = null
let idp: TestOidcProvider | null = null
const clients: TestClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await server?.stop()
  await idp?.stop()
  server = idp = null
})

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  ;({ server, idp } = await startWithProvider(env))
  return server
}

const sessionCookie = sessionCookieOf

const connect = (s: TestServer, docName: string, opts: { token?: string; headers?: Record<string, string> }) => {
  const client = connectClient(s.wsUrl, docName, opts)
  clients.push(client)
  return client
}

describe('roles that must sign in', () => {
  it('by default refuses the chair’s and the secretary’s links, lets members and observers in by link, and lets the invited chair in signed in', async () => {
    const s = await start()
    const meeting = await createMeeting(s.url)
    const requirement = await api(s.url, 'GET', `/api/meetings/${meeting.id}/sign-in`, { token: TEST_ADMIN_TOKEN })
    expect(requirement.body).toEqual({ roles: ['møteleder', 'sekretær'], chosen: false } satisfies SignInRolesResponse)

    for (const role of ['møteleder', 'sekretær'] as const) {
      const refused = await api(s.url, 'GET', `/api/meetings/${meeting.id}`, { token: meeting.tokens[role] })
      expect(refused.status).toBe(403)
      expect(refused.body).toMatchObject({ code: 'sign-in-required' })
      const raw = await rawConnect(s.wsUrl, meeting.id, { token: meeting.tokens[role] })
      expect(await closedWithin(raw)).toEqual(CLOSE.signInRequired)
    }
    for (const role of ['medlem', 'observatør'] as const) {
      expect((await api(s.url, 'GET', `/api/meetings/${meeting.id}`, { token: meeting.tokens[role] })).status).toBe(200)
      await connect(s, meeting.id, { token: meeting.tokens[role] }).synced
    }

    // Kari is invited as møteleder by e-mail and signs in: the API and the sync endpoint let her in.
    const invited = await api(s.url, 'POST', `/api/meetings/${meeting.id}/tokens`, { token: TEST_ADMIN_TOKEN, body: { role: 'møteleder', email: 'kari@kommune.no' } })
    expect(invited.status).toBe(201)
    const cookie = await sessionCookie(s.url, 'sub-kari')
    const asKari = await api(s.url, 'GET', `/api/meetings/${meeting.id}`, { headers: { cookie } })
    expect(asKari.status).toBe(200)
    expect(asKari.body).toMatchObject({ me: { role: 'møteleder', verified: true } })
    await connect(s, meeting.id, { headers: { cookie } }).synced
    // Her invitation's own link is a link of a role that must sign in: refused too.
    const link = (invited.body as { invitation: { token: string } }).invitation.token
    expect((await api(s.url, 'GET', `/api/meetings/${meeting.id}`, { token: link })).status).toBe(403)
  })

  it('lets the admin choose per meeting; a change closes the open links of the roles that now must sign in, not the signed-in', async () => {
    const s = await start()
    const meeting = await createMeeting(s.url)
    const other = await createMeeting(s.url)
    const put = (roles: unknown, headers: Record<string, string> = {}) =>
      api(s.url, 'PUT', `/api/meetings/${meeting.id}/sign-in`, { token: TEST_ADMIN_TOKEN, body: { roles }, headers })

    const chosen = await put(['møteleder'])
    expect(chosen.status).toBe(200)
    expect(chosen.body).toEqual({ roles: ['møteleder'], chosen: true })
    expect((await api(s.url, 'GET', `/api/meetings/${meeting.id}`, { token: meeting.tokens.sekretær })).status).toBe(200)
    expect((await api(s.url, 'GET', `/api/meetings/${meeting.id}`, { token: meeting.tokens.møteleder })).status).toBe(403)
    // Another meeting keeps the default.
    expect((await api(s.url, 'GET', `/api/meetings/${other.id}`, { token: other.tokens.sekretær })).status).toBe(403)

    // Members by link and a member signed in are connected; then members must sign in.
    await api(s.url, 'POST', `/api/meetings/${meeting.id}/tokens`, { token: TEST_ADMIN_TOKEN, body: { role: 'medlem', email: 'Ola.Medlem@Kommune.no' } })
    const cookie = await sessionCookie(s.url, 'sub-ola')
    const byLink = connect(s, meeting.id, { token: meeting.tokens.medlem })
    const signedIn = connect(s, meeting.id, { headers: { cookie } })
    await Promise.all([byLink.synced, signedIn.synced])
    const closed = nextClose(byLink)
    expect((await put(['møteleder', 'medlem'])).status).toBe(200)
    expect(await closed).toEqual(CLOSE.signInRequired)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(signedIn.provider.wsconnected).toBe(true)

    // Every role may use links again when the admin says so.
    expect((await put([])).body).toEqual({ roles: [], chosen: true })
    expect((await api(s.url, 'GET', `/api/meetings/${meeting.id}`, { token: meeting.tokens.møteleder })).status).toBe(200)

    // Bad input and the wrong people change nothing.
    expect((await put(['møteleder', 'møteleder'])).status).toBe(400)
    expect((await put(['styreleder'])).status).toBe(400)
    expect((await api(s.url, 'PUT', `/api/meetings/${meeting.id}/sign-in`, { token: meeting.tokens.sekretær, body: { roles: [] } })).status).toBe(403)
    expect((await api(s.url, 'PUT', `/api/meetings/${meeting.id}/sign-in`, { headers: { cookie }, body: { roles: [] } })).status).toBe(403)
    expect((await api(s.url, 'GET', `/api/meetings/${meeting.id}/sign-in`, { token: TEST_ADMIN_TOKEN })).body).toEqual({ roles: [], chosen: true })

    // The history (issue 12) holds each change made and the personal invitation, not the refused ones.
    const { events } = (await api(s.url, 'GET', `/api/meetings/${meeting.id}/history`, { token: TEST_ADMIN_TOKEN })).body as { events: { kind: string; details: Record<string, unknown> }[] }
    expect(events.filter((e) => e.kind === 'sign-in-roles-changed').map((e) => e.details.roles)).toEqual([['møteleder'], ['møteleder', 'medlem'], []])
    expect(events.filter((e) => e.kind === 'invitation-created').map((e) => e.details)).toEqual([
      expect.objectContaining({ role: 'medlem', personEmail: 'ola.medlem@kommune.no', personSubject: null }),
    ])
  })

  it('does not count a refused link of a role that must sign in as a failed credential', async () => {
    const s = await start({ TOKEN_FAILURE_LIMIT: '3' })
    const meeting = await createMeeting(s.url)
    for (let i = 0; i < 6; i++) {
      const answer = await api(s.url, 'GET', `/api/meetings/${meeting.id}`, { token: meeting.tokens.møteleder })
      expect(answer.status).toBe(403)
    }
    expect((await api(s.url, 'GET', `/api/meetings/${meeting.id}`, { token: meeting.tokens.medlem })).status).toBe(200)
  })
})

describe('without sign-in configured', () => {
  it('has no sign-in requirement: every link works and the route is not there', async () => {
    server = await startTestServer()
    const meeting = await createMeeting(server.url)
    expect((await api(server.url, 'GET', `/api/meetings/${meeting.id}`, { token: meeting.tokens.møteleder })).status).toBe(200)
    expect((await api(server.url, 'GET', `/api/meetings/${meeting.id}/sign-in`, { token: TEST_ADMIN_TOKEN })).status).toBe(404)
    const me = await api(server.url, 'GET', '/api/me')
    expect(me.body as MeResponse).toEqual({ oidc: false, signedIn: false })
  })
})
