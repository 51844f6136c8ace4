// private_key_jwt against a real OpenID provider (oidc-provider): the Referat server signs in with
// its own key instead of a secret, and says clearly when the provider does not accept that key.
import { createPublicKey, X509Certificate } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MeResponse } from '../../shared/api'
import { log } from '../../server/log'
import { api, KEY_CLIENT_ID, signIn, startWithProvider, type TestOidcProvider, type TestServer } from '../helpers'

const FIXTURES = path.join(__dirname, '../fixtures/oidc-client-key')
const KEY_PEM = path.join(FIXTURES, 'client-key.pem')
const CERT_PEM = path.join(FIXTURES, 'client-cert.pem')

let server: TestServer | null = null
let idp: TestOidcProvider | null = null
afterEach(async () => {
  vi.restoreAllMocks()
  await server?.stop()
  await idp?.stop()
  server = idp = null
})

const publicJwk = (pem: string, kid: string) => ({ ...createPublicKey(fs.readFileSync(pem)).export({ format: 'jwk' }), kid, use: 'sig' })
const keyEnv = { OIDC_CLIENT_ID: KEY_CLIENT_ID, OIDC_CLIENT_SECRET: '', OIDC_PRIVATE_KEY_FILE: KEY_PEM, OIDC_PRIVATE_KEY_ID: 'referat-1', OIDC_CLIENT_CERT_FILE: CERT_PEM }

describe('sign-in with private_key_jwt', () => {
  it('signs a person in when the provider holds the client’s public key', async () => {
    ;({ server, idp } = await startWithProvider(keyEnv, { keyClientJwks: { keys: [publicJwk(KEY_PEM, 'referat-1')] } }))
    const { callback, jar } = await signIn(server.url, 'sub-kari')
    expect(callback.status).toBe(302)
    const cookie = `referat_session=${jar.get('referat_session')}`
    const me = (await api(server.url, 'GET', '/api/me', { headers: { cookie } })).body as MeResponse
    expect(me).toMatchObject({ signedIn: true, person: { name: 'Kari Nordmann', email: 'kari@kommune.no' } })
  })

  it('shows the operator’s error (502, logged as an error) when the provider does not know the key, and signs nobody in', async () => {
    const otherKey = new X509Certificate(fs.readFileSync(path.join(FIXTURES, 'other-cert.pem'))).publicKey.export({ format: 'jwk' })
    ;({ server, idp } = await startWithProvider(keyEnv, { keyClientJwks: { keys: [{ ...otherKey, kid: 'referat-1', use: 'sig' }] } }))
    const errors = vi.spyOn(log, 'error')
    const { callback, jar } = await signIn(server.url, 'sub-kari')
    expect(callback.status).toBe(502)
    expect(await callback.text()).toContain('godtar ikke oppsettet')
    expect(jar.get('referat_session')).toBeNull()
    const lines = errors.mock.calls.filter((call) => String(call[0]).startsWith('sign-in failed'))
    expect(lines).toHaveLength(1)
    expect(JSON.stringify(lines[0])).toContain('invalid_client')
    expect(JSON.stringify(lines[0])).not.toContain('PRIVATE KEY')
  })
})
