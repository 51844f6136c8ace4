// A signed-in person's interface language (issue 16): PUT /api/me/language keeps it per (issuer,
// subject), GET /api/me answers it on every session of that person. Against a real OpenID
// provider (oidc-provider) and a real server on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest'
import { api, csrfOf, meOf, sessionCookieOf, startTestServer, startWithProvider, type TestOidcProvider, type TestServer } from '../helpers'

let server: TestServer | null = null
let idp: TestOidcProvider | null = null
afterEach(async () => {
  await server?.stop()
  await idp?.stop()
  server = idp = null
})

const putLanguage = (url: string, body: unknown, headers: Record<string, string>, origin: string = url) =>
  api(url, 'PUT', '/api/me/language', { origin, headers, body })

describe('PUT /api/me/language and GET /api/me', () => {
  it('remembers the language for the person on every session, and refuses what is not theirs to set', async () => {
    ;({ server, idp } = await startWithProvider())
    const here = await sessionCookieOf(server.url, 'sub-kari')
    const csrf = await csrfOf(server.url, here)
    expect(await meOf(server.url, here)).toMatchObject({ signedIn: true, language: null })

    const set = await putLanguage(server.url, { language: 'nn' }, { cookie: here, 'x-csrf-token': csrf })
    expect(set.status).toBe(200)
    expect(set.body).toEqual({ language: 'nn' })

    // Another device: a second sign-in of the same person.
    const there = await sessionCookieOf(server.url, 'sub-kari')
    expect(there).not.toBe(here)
    expect(await meOf(server.url, there)).toMatchObject({ signedIn: true, person: { subject: 'sub-kari' }, language: 'nn' })
    expect(await meOf(server.url, here)).toMatchObject({ language: 'nn' })
    // Someone else's choice is their own.
    expect(await meOf(server.url, await sessionCookieOf(server.url, 'sub-ola'))).toMatchObject({ signedIn: true, language: null })

    // Bad values: 400, and the stored language stays.
    const withSession = { cookie: here, 'x-csrf-token': csrf }
    const bad = await putLanguage(server.url, { language: 'de' }, withSession)
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ code: 'field-invalid', field: 'language' })
    expect((await putLanguage(server.url, {}, withSession)).body).toMatchObject({ code: 'field-required', field: 'language' })
    expect((await putLanguage(server.url, ['nn'], withSession)).body).toMatchObject({ code: 'body-not-object' })
    const extra = await putLanguage(server.url, { language: 'en', subject: 'sub-ola' }, withSession)
    expect(extra.status).toBe(400)
    expect(extra.body).toMatchObject({ code: 'field-unknown', field: 'subject' })

    // Without a session: 401; the cookie without the CSRF token, or a wrong one: 403; another site: 403.
    const none = await putLanguage(server.url, { language: 'en' }, {})
    expect(none.status).toBe(401)
    expect(none.body).toMatchObject({ code: 'not-signed-in' })
    const noCsrf = await putLanguage(server.url, { language: 'en' }, { cookie: here })
    expect(noCsrf.status).toBe(403)
    expect(noCsrf.body).toMatchObject({ code: 'csrf-token-invalid' })
    expect((await putLanguage(server.url, { language: 'en' }, { cookie: here, 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403)
    expect((await putLanguage(server.url, { language: 'en' }, withSession, 'https://evil.example')).status).toBe(403)
    expect(await meOf(server.url, there)).toMatchObject({ language: 'nn' })

    // The other session changes it; the first sees the change.
    const changed = await putLanguage(server.url, { language: 'en' }, { cookie: there, 'x-csrf-token': await csrfOf(server.url, there) })
    expect(changed.status).toBe(200)
    expect(await meOf(server.url, here)).toMatchObject({ language: 'en' })
  })

  it('answers 404 while sign-in is off', async () => {
    server = await startTestServer()
    expect(await meOf(server.url, null)).toEqual({ oidc: false, signedIn: false })
    const res = await putLanguage(server.url, { language: 'nn' }, {})
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ code: 'sign-in-disabled' })
  })
})
