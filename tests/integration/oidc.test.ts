// Sign-in with the organisation's identity provider, against a real OpenID provider
// (oidc-provider) started by the tests: sessions, CSRF, admin by group claim, personal
// invitations, sync by cookie, sign-out, and everything a bad or broken sign-in may look like.
import { createHash } from 'node:crypto'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ROLE_INFO } from '../../shared/auth'
import { CLOSE } from '../../shared/protocol'
import type { MyMeetingsResponse } from '../../shared/api'
import { log } from '../../server/log'
import {
  CookieJar,
  api,
  connectClient,
  createMeeting,
  csrfOf,
  jarFetch,
  loginAtProvider,
  meOf,
  mintToken,
  nextClose,
  oidcEnv,
  OTHER_CLIENT_ID,
  reserveOidcProvider,
  signIn,
  startSignIn,
  startTestServer,
  waitFor,
  type TestClient,
  type TestOidcProvider,
  type TestProviderOptions,
  type TestServer,
  sessionCookieOf,
  startWithProvider,
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

/** A Referat server signing in with a fresh provider that knows its redirect URI (stopped after each test). */
async function start(env: Record<string, string> = {}, providerOptions: TestProviderOptions = {}): Promise<{ server: TestServer; idp: TestOidcProvider }> {
  const started = await startWithProvider(env, providerOptions)
  ;({ server, idp } = started)
  return started
}

const sessionCookie = sessionCookieOf


/** Rows of the sessions table, read straight from the server's SQLite file. */
function storedSessions(s: TestServer): { id_hash: string; subject: string; revoked_at: string | null }[] {
  const db = new Database(path.join(s.dataDir, 'referat.sqlite'), { readonly: true })
  try {
    return db.prepare('SELECT id_hash, subject, revoked_at FROM sessions').all() as never
  } finally {
    db.close()
  }
}

function setSessionExpiry(s: TestServer, expiresAt: string): void {
  const db = new Database(path.join(s.dataDir, 'referat.sqlite'))
  try {
    db.prepare('UPDATE sessions SET expires_at = ?').run(expiresAt)
  } finally {
    db.close()
  }
}

const logged = (spy: ReturnType<typeof vi.spyOn>, message: string) =>
  spy.mock.calls.filter((call: unknown[]) => call[0] === message).map((call: unknown[]) => call[1] as Record<string, unknown>)

describe('sign-in with the identity provider', () => {
  it('signs a person in: a hashed server-side session, an HttpOnly SameSite=Lax cookie, back to returnTo, and /api/me shows the ID token’s person', async () => {
    const { server, idp } = await start()
    const info = vi.spyOn(log, 'info')
    const { callback, jar, callbackUrl } = await signIn(server.url, 'sub-kari', '/m/abc?x=1')
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/m/abc?x=1')
    const setCookie = callback.headers.getSetCookie().find((c) => c.startsWith('referat_session='))!
    expect(setCookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/)
    const value = jar.get('referat_session')!
    expect(jar.get('referat_login')).toBeNull()
    expect(storedSessions(server)).toEqual([{ id_hash: createHash('sha256').update(value).digest('hex'), subject: 'sub-kari', revoked_at: null }])

    const answer = await meOf(server.url, `referat_session=${value}`)
    expect(answer).toEqual({
      oidc: true,
      signedIn: true,
      person: { name: 'Kari Nordmann', email: 'kari@kommune.no', org: null, issuer: idp.issuer, subject: 'sub-kari' },
      isAdmin: false,
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      language: null,
    })
    expect(await meOf(server.url, null)).toEqual({ oidc: true, signedIn: false })
    expect(await meOf(server.url, 'referat_session=not-a-session')).toEqual({ oidc: true, signedIn: false })

    const [line] = logged(info, 'sign-in')
    expect(line).toMatchObject({ issuer: idp.issuer, subject: 'sub-kari', email: 'kari@kommune.no', isAdmin: false })
    const code = new URL(callbackUrl).searchParams.get('code')!
    expect(JSON.stringify(line)).not.toContain(code)
    expect(JSON.stringify(line)).not.toContain(value)
  })

  it('sends the browser to the provider with PKCE, state and nonce, and back only to a path on this site', async () => {
    const { server, idp } = await start()
    const { authorizationUrl } = await startSignIn(server.url, '//evil.example/x')
    const url = new URL(authorizationUrl)
    expect(url.origin).toBe(idp.issuer)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'referat',
      response_type: 'code',
      redirect_uri: `${server.url}/auth/callback`,
      scope: 'openid profile email',
      code_challenge_method: 'S256',
      state: expect.any(String),
      nonce: expect.any(String),
      code_challenge: expect.any(String),
    })
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { callback } = await signIn(server.url, 'sub-ola', returnTo)
      expect(callback.headers.get('location')).toBe('/')
    }
  })

  it('lets an admin from the group claim use the admin routes with the cookie and X-CSRF-Token, and refuses a change without it or from another origin', async () => {
    const { server } = await start()
    const cookie = await sessionCookie(server.url, 'sub-ada')
    const answer = await meOf(server.url, cookie)
    expect(answer.signedIn && answer.isAdmin).toBe(true)
    const csrf = await csrfOf(server.url, cookie)
    const body = { organ: 'Styret', title: 'Styremøte', date: '2026-03-01' }

    const listed = await api(server.url, 'GET', '/api/meetings', { headers: { cookie } })
    expect(listed.status).toBe(200)
    const withoutCsrf = await api(server.url, 'POST', '/api/meetings', { body, headers: { cookie } })
    expect(withoutCsrf.status).toBe(403)
    const wrongCsrf = await api(server.url, 'POST', '/api/meetings', { body, headers: { cookie, 'x-csrf-token': `${csrf}x` } })
    expect(wrongCsrf.status).toBe(403)
    const foreign = await api(server.url, 'POST', '/api/meetings', { body, origin: 'https://evil.example', headers: { cookie, 'x-csrf-token': csrf } })
    expect(foreign.status).toBe(403)
    expect(((await api(server.url, 'GET', '/api/meetings', { headers: { cookie } })).body as { meetings: unknown[] }).meetings).toEqual([])

    const created = await api(server.url, 'POST', '/api/meetings', { body, origin: server.url, headers: { cookie, 'x-csrf-token': csrf } })
    expect(created.status).toBe(201)

    // A person who is no admin gets 403, CSRF token or not; no session at all gets 401.
    const member = await sessionCookie(server.url, 'sub-ola')
    const refused = await api(server.url, 'POST', '/api/meetings', { body, headers: { cookie: member, 'x-csrf-token': await csrfOf(server.url, member) } })
    expect(refused.status).toBe(403)
    expect((await api(server.url, 'GET', '/api/meetings', { headers: { cookie: 'referat_session=x' } })).status).toBe(401)
  })

  it('makes the admins listed in OIDC_ADMINS admins by e-mail or subject', async () => {
    const { server } = await start({ OIDC_ADMIN_CLAIM: '', OIDC_ADMINS: 'KARI@kommune.no' })
    const kari = await meOf(server.url, await sessionCookie(server.url, 'sub-kari'))
    const ada = await meOf(server.url, await sessionCookie(server.url, 'sub-ada'))
    expect(kari.signedIn && kari.isAdmin).toBe(true)
    expect(ada.signedIn && ada.isAdmin).toBe(false)
  })
})

describe('personal invitations', () => {
  it('lists a person’s invitations under /api/my/meetings and lets a stock client join with only the cookie, with the invited role and the provider’s name, verified', async () => {
    const { server } = await start()
    const info = vi.spyOn(log, 'info')
    const meeting = await createMeeting(server.url, { title: 'Styremøte mars', date: '2026-03-01' })
    const other = await createMeeting(server.url, { title: 'Annet møte', date: '2026-04-01' })
    const byEmail = await mintToken(server.url, meeting.id, { role: 'medlem', email: 'OLA.MEDLEM@kommune.no' })
    await mintToken(server.url, meeting.id, { role: 'møteleder', subject: 'sub-kari' })
    await mintToken(server.url, other.id, { role: 'observatør', email: 'kari@kommune.no' })
    expect(byEmail.token).toBeTruthy() // it still works as a link
    expect(logged(info, 'invitation created')).toContainEqual(expect.objectContaining({ docName: meeting.id, role: 'medlem', personEmail: 'ola.medlem@kommune.no' }))

    const kari = await sessionCookie(server.url, 'sub-kari')
    const mine = await api(server.url, 'GET', '/api/my/meetings', { headers: { cookie: kari } })
    expect(mine.status).toBe(200)
    expect((mine.body as MyMeetingsResponse).meetings.map((m) => [m.meeting.id, m.meeting.title, m.role])).toEqual([
      [other.id, 'Annet møte', 'observatør'],
      [meeting.id, 'Styremøte mars', 'møteleder'],
    ])
    expect((await api(server.url, 'GET', '/api/my/meetings')).status).toBe(401)

    const ola = await sessionCookie(server.url, 'sub-ola')
    const olaMine = (await api(server.url, 'GET', '/api/my/meetings', { headers: { cookie: ola } })).body as MyMeetingsResponse
    expect(olaMine.meetings.map((m) => [m.meeting.id, m.role])).toEqual([[meeting.id, 'medlem']])
    const meetingAnswer = await api(server.url, 'GET', `/api/meetings/${meeting.id}`, { headers: { cookie: ola } })
    expect((meetingAnswer.body as { me: unknown }).me).toEqual({
      tokenId: byEmail.tokenId,
      role: 'medlem',
      name: 'Ola Medlem',
      org: null,
      verified: true,
      issuer: idp!.issuer,
      subject: 'sub-ola',
    })

    const observer = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.observatør })
    const member = connectClient(server.wsUrl, meeting.id, { headers: { cookie: ola } })
    clients.push(observer, member)
    await Promise.all([observer.synced, member.synced])
    member.provider.awareness.setLocalStateField('user', { name: 'Noen andre', role: 'møteleder', color: '#000000', verified: false })
    const id = member.provider.awareness.clientID
    const userOf = () => (observer.provider.awareness.getStates().get(id) as { user?: unknown } | undefined)?.user
    await waitFor(() => userOf() !== undefined, 5000, 'the member’s presence')
    expect(userOf()).toEqual({ name: 'Ola Medlem', role: 'medlem', color: ROLE_INFO.medlem.color, verified: true })
  })

  it('does not match an invitation to an e-mail address the provider has not verified', async () => {
    const { server } = await start({ OIDC_ADMINS: 'kari@kommune.no' })
    const meeting = await createMeeting(server.url)
    await mintToken(server.url, meeting.id, { role: 'møteleder', email: 'kari@kommune.no' })
    const eve = await sessionCookie(server.url, 'sub-eve')
    const answer = await meOf(server.url, eve)
    expect(answer.signedIn && [answer.person.email, answer.isAdmin]).toEqual([null, false])
    expect(((await api(server.url, 'GET', '/api/my/meetings', { headers: { cookie: eve } })).body as MyMeetingsResponse).meetings).toEqual([])
    expect((await api(server.url, 'GET', `/api/meetings/${meeting.id}`, { headers: { cookie: eve } })).status).toBe(403)
  })

  it('refuses a sync connection with the cookie of a person without an invitation, or without a valid session', async () => {
    const { server } = await start()
    const meeting = await createMeeting(server.url)
    const ada = await sessionCookie(server.url, 'sub-ada')
    const uninvited = connectClient(server.wsUrl, meeting.id, { headers: { cookie: ada }, connect: false })
    const stranger = connectClient(server.wsUrl, meeting.id, { headers: { cookie: 'referat_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, connect: false })
    clients.push(uninvited, stranger)
    const closes = [nextClose(uninvited), nextClose(stranger)]
    uninvited.provider.connect()
    stranger.provider.connect()
    expect((await closes[0]).code).toBe(CLOSE.tokenRevoked.code)
    expect((await closes[1]).code).toBe(CLOSE.unauthorized.code)
  })

  it('takes a person invitation back with the token: revoking it closes the person’s connection', async () => {
    const { server } = await start()
    const meeting = await createMeeting(server.url)
    const invitation = await mintToken(server.url, meeting.id, { role: 'medlem', subject: 'sub-ola' })
    const cookie = await sessionCookie(server.url, 'sub-ola')
    const member = connectClient(server.wsUrl, meeting.id, { headers: { cookie } })
    clients.push(member)
    await member.synced
    const closed = nextClose(member)
    await api(server.url, 'DELETE', `/api/meetings/${meeting.id}/tokens/${invitation.tokenId}`, { token: server.adminToken })
    expect((await closed).code).toBe(CLOSE.tokenRevoked.code)
    const mine = (await api(server.url, 'GET', '/api/my/meetings', { headers: { cookie } })).body as MyMeetingsResponse
    expect(mine.meetings).toEqual([])
  })
})

describe('sign-out and session end', () => {
  it('signs out with the CSRF token: the session is revoked, the cookie cleared, open sync connections closed, and the provider’s logout offered', async () => {
    const { server, idp } = await start()
    const info = vi.spyOn(log, 'info')
    const meeting = await createMeeting(server.url)
    await mintToken(server.url, meeting.id, { role: 'møteleder', email: 'kari@kommune.no' })
    const cookie = await sessionCookie(server.url, 'sub-kari')
    const csrf = await csrfOf(server.url, cookie)
    const chair = connectClient(server.wsUrl, meeting.id, { headers: { cookie } })
    clients.push(chair)
    await chair.synced

    expect((await api(server.url, 'POST', '/auth/logout', { headers: { cookie } })).status).toBe(403)
    expect((await api(server.url, 'POST', '/auth/logout', { origin: 'https://evil.example', headers: { cookie, 'x-csrf-token': csrf } })).status).toBe(403)
    expect((await meOf(server.url, cookie)).signedIn).toBe(true)

    const closed = nextClose(chair)
    const out = await api(server.url, 'POST', '/auth/logout', { origin: server.url, headers: { cookie, 'x-csrf-token': csrf } })
    expect(out.status).toBe(200)
    const redirect = new URL((out.body as { redirect: string }).redirect)
    expect(redirect.origin).toBe(idp.issuer)
    expect(redirect.searchParams.get('post_logout_redirect_uri')).toBe(`${server.url}/`)
    expect(redirect.searchParams.get('id_token_hint')).toBeTruthy()
    expect(out.headers.getSetCookie()).toContain('referat_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0')
    expect(await closed).toEqual({ code: CLOSE.sessionEnded.code, reason: CLOSE.sessionEnded.reason })
    expect(await meOf(server.url, cookie)).toEqual({ oidc: true, signedIn: false })
    expect(storedSessions(server)[0].revoked_at).not.toBeNull()
    expect(logged(info, 'sign-out')).toEqual([expect.objectContaining({ subject: 'sub-kari', closedConnections: 1 })])
    // The provider's logout page accepts it (the redirect URI is registered, the hint is its own).
    expect((await fetch(redirect)).status).toBe(200)
  })

  it('ends an expired session: no person, no admin route, no sync connection', async () => {
    const { server } = await start()
    const meeting = await createMeeting(server.url)
    await mintToken(server.url, meeting.id, { role: 'medlem', email: 'ada@kommune.no' })
    const cookie = await sessionCookie(server.url, 'sub-ada')
    expect((await api(server.url, 'GET', '/api/meetings', { headers: { cookie } })).status).toBe(200)
    setSessionExpiry(server, new Date(Date.now() - 1000).toISOString())
    expect(await meOf(server.url, cookie)).toEqual({ oidc: true, signedIn: false })
    expect((await api(server.url, 'GET', '/api/meetings', { headers: { cookie } })).status).toBe(401)
    const client = connectClient(server.wsUrl, meeting.id, { headers: { cookie }, connect: false })
    clients.push(client)
    const closed = nextClose(client)
    client.provider.connect()
    expect((await closed).code).toBe(CLOSE.unauthorized.code)
  })
})

describe('a sign-in that does not hold', () => {
  const refusedPage = async (res: Response) => {
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain('Innloggingen mislyktes')
    expect(html).toContain('href="/auth/login"')
    expect(res.headers.getSetCookie().some((c) => c.startsWith('referat_session='))).toBe(false)
  }

  it('refuses a callback whose state is not the one it sent', async () => {
    const { server } = await start()
    const warn = vi.spyOn(log, 'warn')
    const started = await startSignIn(server.url)
    const callbackUrl = new URL(await loginAtProvider(started.authorizationUrl, 'sub-kari'))
    callbackUrl.searchParams.set('state', 'forged-state')
    await refusedPage(await jarFetch(started.jar, callbackUrl.href))
    expect(storedSessions(server)).toEqual([])
    expect(logged(warn, 'sign-in failed')[0].reason).toMatch(/state/)
  })

  it('refuses a replayed code: the provider redeems a code once', async () => {
    const { server } = await start()
    const started = await startSignIn(server.url)
    const loginCookie = started.jar.get('referat_login')!
    const callbackUrl = await loginAtProvider(started.authorizationUrl, 'sub-kari')
    expect((await jarFetch(started.jar, callbackUrl)).status).toBe(302)
    const replay = new CookieJar()
    replay.set('referat_login', loginCookie)
    await refusedPage(await jarFetch(replay, callbackUrl))
    expect(storedSessions(server)).toHaveLength(1)
  })

  it('refuses a tampered, missing or foreign pending-login cookie', async () => {
    const { server } = await start()
    const started = await startSignIn(server.url)
    const callbackUrl = await loginAtProvider(started.authorizationUrl, 'sub-kari')
    const sealed = started.jar.get('referat_login')!
    const tampered = new CookieJar()
    tampered.set('referat_login', `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'BB' : 'AA'}`)
    await refusedPage(await jarFetch(tampered, callbackUrl))
    await refusedPage(await jarFetch(new CookieJar(), callbackUrl))
    // Another browser's pending login (its own state) does not fit this callback either.
    const otherBrowser = await startSignIn(server.url)
    await refusedPage(await jarFetch(otherBrowser.jar, callbackUrl))
    expect(storedSessions(server)).toEqual([])
  })

  it('refuses an ID token with another nonce than the one it sent', async () => {
    const { server } = await start()
    const warn = vi.spyOn(log, 'warn')
    const started = await startSignIn(server.url)
    const authorizationUrl = new URL(started.authorizationUrl)
    authorizationUrl.searchParams.set('nonce', 'nonce-of-an-attacker')
    const callbackUrl = await loginAtProvider(authorizationUrl.href, 'sub-kari')
    await refusedPage(await jarFetch(started.jar, callbackUrl))
    expect(storedSessions(server)).toEqual([])
    expect(JSON.stringify(logged(warn, 'sign-in failed'))).toMatch(/nonce/)
  })

  it('refuses an ID token whose signature was changed on the way', async () => {
    const { server, idp } = await start()
    const warn = vi.spyOn(log, 'warn')
    idp.misbehave({ tamperIdToken: true })
    const { callback } = await signIn(server.url, 'sub-kari')
    await refusedPage(callback)
    expect(storedSessions(server)).toEqual([])
    expect(logged(warn, 'sign-in failed')[0].reason).toBeTruthy()
  })

  it('refuses an ID token that has expired when it arrives (a slow provider; no clock tolerance)', async () => {
    const { server, idp } = await start({ OIDC_CLOCK_TOLERANCE_S: '0' }, { idTokenTtlS: 1 })
    idp.misbehave({ delayMs: 2500 })
    const { callback } = await signIn(server.url, 'sub-kari')
    await refusedPage(callback)
    expect(storedSessions(server)).toEqual([])
  })

  it('tolerates the configured clock skew: the same slow answer signs in with the default 60 s', async () => {
    const { server, idp } = await start({}, { idTokenTtlS: 1 })
    idp.misbehave({ delayMs: 2500 })
    const { callback } = await signIn(server.url, 'sub-kari')
    expect(callback.status).toBe(302)
    expect(storedSessions(server)).toHaveLength(1)
  })

  it('refuses a code the provider issued to another application (its ID token is for another audience)', async () => {
    const { server } = await start()
    const warn = vi.spyOn(log, 'warn')
    const started = await startSignIn(server.url)
    // Everything of this browser's sign-in (state, nonce, PKCE, redirect URI), but another client.
    const foreign = new URL(started.authorizationUrl)
    foreign.searchParams.set('client_id', OTHER_CLIENT_ID)
    const callbackUrl = await loginAtProvider(foreign.href, 'sub-kari')
    await refusedPage(await jarFetch(started.jar, callbackUrl))
    expect(storedSessions(server)).toEqual([])
    expect(logged(warn, 'sign-in failed')[0].reason).toMatch(/invalid_grant/)
  })

  it('shows a clear page (502) and stores nothing when the provider is down', async () => {
    // Down before the first sign-in: discovery fails at /auth/login.
    idp = await reserveOidcProvider()
    server = await startTestServer(oidcEnv(idp.issuer))
    await idp.stop()
    const login = await jarFetch(new CookieJar(), `${server.url}/auth/login`)
    expect(login.status).toBe(502)
    expect(await login.text()).toContain('Vi får ikke kontakt med innloggingstjenesten')
    expect(login.headers.getSetCookie()).toEqual([])
    await server.stop()
    server = idp = null

    // Down between the provider's login page and the callback: the token request fails.
    const { server: second, idp: provider } = await start()
    const started = await startSignIn(second.url)
    const callbackUrl = await loginAtProvider(started.authorizationUrl, 'sub-kari')
    await provider.stop()
    const callback = await jarFetch(started.jar, callbackUrl)
    expect(callback.status).toBe(502)
    expect(await callback.text()).toContain('Vi får ikke kontakt med innloggingstjenesten')
    expect(storedSessions(second)).toEqual([])
  })

  it('counts failed sign-ins per address and blocks the address once they pass the limit', async () => {
    const { server } = await start({ ADMIN_FAILURE_LIMIT: '2' })
    for (let i = 0; i < 2; i++) await refusedPage(await jarFetch(new CookieJar(), `${server.url}/auth/callback?code=x&state=y`))
    const blocked = await jarFetch(new CookieJar(), `${server.url}/auth/callback?code=x&state=y`)
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it('says so when the person cancels at the provider', async () => {
    const { server } = await start()
    const started = await startSignIn(server.url)
    const state = new URL(started.authorizationUrl).searchParams.get('state')!
    const res = await jarFetch(started.jar, `${server.url}/auth/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(idp!.issuer)}`)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Innloggingen ble avbrutt')
    expect(storedSessions(server)).toEqual([])
  })

  it('keeps the security headers on the sign-in pages', async () => {
    const { server } = await start()
    const res = await jarFetch(new CookieJar(), `${server.url}/auth/callback`)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })
})

describe('without OIDC_ISSUER', () => {
  it('has no sign-in: /auth/* is 404, /api/me says so, and a session cookie counts for nothing', async () => {
    server = await startTestServer()
    expect((await fetch(`${server.url}/auth/login`, { redirect: 'manual' })).status).toBe(404)
    expect((await fetch(`${server.url}/auth/callback?code=x&state=y`, { redirect: 'manual' })).status).toBe(404)
    expect((await api(server.url, 'POST', '/auth/logout')).status).toBe(404)
    expect(await meOf(server.url, null)).toEqual({ oidc: false, signedIn: false })
    expect((await api(server.url, 'GET', '/api/my/meetings')).status).toBe(404)
    const meeting = await createMeeting(server.url)
    const cookie = 'referat_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    expect((await api(server.url, 'GET', '/api/meetings', { headers: { cookie } })).status).toBe(401)
    const client = connectClient(server.wsUrl, meeting.id, { headers: { cookie }, connect: false })
    clients.push(client)
    const closed = nextClose(client)
    client.provider.connect()
    expect((await closed).code).toBe(CLOSE.unauthorized.code)
  })
})
