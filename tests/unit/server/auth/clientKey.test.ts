// The client's own key for private_key_jwt: what OIDC_PRIVATE_KEY_FILE and its companions accept,
// what they refuse at start-up, and the assertion openid-client then sends to the token endpoint.
import { createHash, createPublicKey, generateKeyPairSync, verify, X509Certificate } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { privateKeyJwt, readClientKey, readOidcConfig } from '../../../../server/auth'

const FIXTURES = path.join(__dirname, '../../../fixtures/oidc-client-key')
const KEY_PEM = path.join(FIXTURES, 'client-key.pem')
const CERT_PEM = path.join(FIXTURES, 'client-cert.pem')
const OTHER_CERT_PEM = path.join(FIXTURES, 'other-cert.pem')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referat-client-key-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
let files = 0
function file(content: string): string {
  const name = path.join(dir, `file-${++files}`)
  fs.writeFileSync(name, content)
  return name
}

const fail = (message: string) => new Error(message)
const read = (env: Record<string, string>) => readClientKey(env, fail)

describe('readClientKey', () => {
  it('is null without OIDC_PRIVATE_KEY_FILE, and refuses its companions alone', () => {
    expect(read({})).toBeNull()
    expect(() => read({ OIDC_PRIVATE_KEY_ID: 'k1' })).toThrow('OIDC_PRIVATE_KEY_ID is set but OIDC_PRIVATE_KEY_FILE is not')
    expect(() => read({ OIDC_CLIENT_CERT_FILE: CERT_PEM })).toThrow('OIDC_CLIENT_CERT_FILE is set but OIDC_PRIVATE_KEY_FILE is not')
  })

  it('reads a PEM RSA key as RS256 (PS256 on request), with the kid given', () => {
    const key = read({ OIDC_PRIVATE_KEY_FILE: KEY_PEM, OIDC_PRIVATE_KEY_ID: 'referat-2026' })!
    expect(key).toMatchObject({ alg: 'RS256', kid: 'referat-2026', x5t: null, x5tS256: null })
    expect(read({ OIDC_PRIVATE_KEY_FILE: KEY_PEM, OIDC_PRIVATE_KEY_ALG: 'PS256' })!.alg).toBe('PS256')
    expect(() => read({ OIDC_PRIVATE_KEY_FILE: KEY_PEM, OIDC_PRIVATE_KEY_ALG: 'ES256' })).toThrow('must be RS256 or PS256')
  })

  it('takes the algorithm of an EC key from its curve, and the kid from a JWK', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' })
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'from-the-jwk' }
    const key = read({ OIDC_PRIVATE_KEY_FILE: file(JSON.stringify(jwk)) })!
    expect(key).toMatchObject({ alg: 'ES384', kid: 'from-the-jwk' })
    expect(() => read({ OIDC_PRIVATE_KEY_FILE: file(JSON.stringify(jwk)), OIDC_PRIVATE_KEY_ALG: 'ES256' })).toThrow('must be ES384')
  })

  it('gives the certificate’s SHA-1 and SHA-256 thumbprints (x5t, x5t#S256) when the certificate is the key’s', () => {
    const key = read({ OIDC_PRIVATE_KEY_FILE: KEY_PEM, OIDC_CLIENT_CERT_FILE: CERT_PEM })!
    const raw = new X509Certificate(fs.readFileSync(CERT_PEM)).raw
    expect(key.x5t).toBe(createHash('sha1').update(raw).digest('base64url'))
    expect(key.x5tS256).toBe(createHash('sha256').update(raw).digest('base64url'))
    expect(() => read({ OIDC_PRIVATE_KEY_FILE: KEY_PEM, OIDC_CLIENT_CERT_FILE: OTHER_CERT_PEM })).toThrow('is not the certificate of the key')
  })

  it('refuses a missing file, a public key, a weak or unsupported key, a non-certificate, and a huge file, without quoting them', () => {
    expect(() => read({ OIDC_PRIVATE_KEY_FILE: path.join(dir, 'absent.pem') })).toThrow('cannot read')
    const publicPem = createPublicKey(fs.readFileSync(KEY_PEM)).export({ format: 'pem', type: 'spki' }).toString()
    expect(() => read({ OIDC_PRIVATE_KEY_FILE: file(publicPem) })).toThrow('holds no private key')
    expect(() => read({ OIDC_PRIVATE_KEY_FILE: file('{"kty":"RSA","n":"AQAB","e":"AQAB"}') })).toThrow('holds no private key')
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    expect(() => read({ OIDC_PRIVATE_KEY_FILE: file(weak) })).toThrow('at least 2048 bits')
    const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    expect(() => read({ OIDC_PRIVATE_KEY_FILE: file(ed) })).toThrow('an RSA or EC key is needed')
    expect(() => read({ OIDC_PRIVATE_KEY_FILE: KEY_PEM, OIDC_CLIENT_CERT_FILE: KEY_PEM })).toThrow('holds no PEM certificate')
    expect(() => read({ OIDC_PRIVATE_KEY_FILE: file('x'.repeat(70_000)) })).toThrow('more than a key or certificate file holds')
    try {
      read({ OIDC_PRIVATE_KEY_FILE: file(publicPem) })
    } catch (err) {
      expect((err as Error).message).not.toContain('BEGIN')
    }
  })

  it('is refused next to OIDC_CLIENT_SECRET, and without OIDC_ISSUER', () => {
    const env = { OIDC_ISSUER: 'https://login.example.no', OIDC_CLIENT_ID: 'referat', OIDC_PRIVATE_KEY_FILE: KEY_PEM }
    expect(readOidcConfig(env, fail, 60)!.clientKey?.alg).toBe('RS256')
    expect(() => readOidcConfig({ ...env, OIDC_CLIENT_SECRET: 's3cret' }, fail, 60)).toThrow('not both')
    expect(() => readOidcConfig({ OIDC_PRIVATE_KEY_FILE: KEY_PEM }, fail, 60)).toThrow('OIDC_PRIVATE_KEY_FILE is set but OIDC_ISSUER is not')
  })
})

describe('privateKeyJwt', () => {
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>
  const server = { issuer: 'https://login.example.no', token_endpoint: 'https://login.example.no/token' }

  it('sends a client assertion signed with the key, with kid and the certificate’s thumbprints in its header', async () => {
    const clientKey = read({ OIDC_PRIVATE_KEY_FILE: KEY_PEM, OIDC_PRIVATE_KEY_ID: 'k1', OIDC_CLIENT_CERT_FILE: CERT_PEM })!
    const auth = await privateKeyJwt(clientKey)
    const body = new URLSearchParams()
    await auth(server, { client_id: 'referat' }, body, new Headers())
    expect(body.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
    const [header, payload, signature] = body.get('client_assertion')!.split('.')
    expect(decode(header)).toMatchObject({ alg: 'RS256', kid: 'k1', x5t: clientKey.x5t, 'x5t#S256': clientKey.x5tS256 })
    const claims = decode(payload)
    expect(claims).toMatchObject({ iss: 'referat', sub: 'referat' })
    expect(typeof claims.jti).toBe('string')
    expect(Number(claims.exp)).toBeGreaterThan(Number(claims.iat))
    const publicKey = new X509Certificate(fs.readFileSync(CERT_PEM)).publicKey
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true)
    // The same signature does not hold for another payload: the check above can fail.
    expect(verify('sha256', Buffer.from(`${header}.${payload}x`), publicKey, Buffer.from(signature, 'base64url'))).toBe(false)
  })

  it('signs PS256 and ES256 assertions with those algorithms', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    for (const [env, alg] of [
      [{ OIDC_PRIVATE_KEY_FILE: KEY_PEM, OIDC_PRIVATE_KEY_ALG: 'PS256' }, 'PS256'],
      [{ OIDC_PRIVATE_KEY_FILE: file(ec) }, 'ES256'],
    ] as const) {
      const body = new URLSearchParams()
      await (await privateKeyJwt(read(env)!))(server, { client_id: 'referat' }, body, new Headers())
      const header = decode(body.get('client_assertion')!.split('.')[0])
      expect(header.alg).toBe(alg)
      expect(header.x5t).toBeUndefined()
    }
  })
})
