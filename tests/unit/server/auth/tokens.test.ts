import { createHmac } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TokenClaims } from '../../../../shared/auth'
import {
  OriginPolicy,
  SECRETS_FILE,
  TokenAuthority,
  isAdminCredential,
  loadSecrets,
  signToken,
  verifyToken,
  type TokenStatusLookup,
} from '../../../../server/auth'
import { MemoryStorage } from '../../../../server/persistence'
import { tempDataDir } from '../../../helpers'

const SECRET = Buffer.from('unit-test-secret-unit-test-secret-0123')
const NOW_MS = Date.UTC(2024, 2, 1, 12)
const claims: TokenClaims = { tid: 'tok1', mid: 'meetingA', role: 'medlem', name: 'Kari Medlem', org: 'KS', exp: NOW_MS / 1000 + 3600 }
const minted: TokenStatusLookup = { revokedAt: async (id) => (id === 'tok1' ? { revokedAt: null } : null) }

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url')

describe('verifyToken', () => {
  const token = signToken(SECRET, claims)
  const verify = (t: string | null, meetingId = 'meetingA', lookup = minted, nowMs = NOW_MS) =>
    verifyToken(SECRET, t, meetingId, lookup, nowMs)

  it('accepts a minted, unexpired, unrevoked token for its meeting and returns its claims', async () => {
    expect(await verify(token)).toEqual({ ok: true, claims })
  })

  it('refuses a missing or malformed token as unauthorized', async () => {
    for (const bad of [null, '', 'abc', 'a.b.c', '.', `${token}.`, ` ${token}`, 'ä.ö', `${'a'.repeat(3000)}.b`]) {
      expect(await verify(bad), String(bad)).toEqual({ ok: false, failure: 'unauthorized' })
    }
  })

  it('refuses a bad signature as unauthorized', async () => {
    const [payload, signature] = token.split('.')
    const middle = Math.floor(signature.length / 2)
    const flipped = signature.slice(0, middle) + (signature[middle] === 'A' ? 'B' : 'A') + signature.slice(middle + 1)
    expect(await verify(`${payload}.${flipped}`)).toEqual({ ok: false, failure: 'unauthorized' })
    expect(await verify(signToken(Buffer.from('another-secret-another-secret-0123'), claims))).toEqual({ ok: false, failure: 'unauthorized' })
  })

  it('refuses a non-canonical spelling of the right signature', async () => {
    const [payload, signature] = token.split('.')
    const last = signature.at(-1)!
    // The last of 43 characters carries 4 signature bits and 2 spare bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]
    const spelled = `${payload}.${signature.slice(0, -1)}${sibling}`
    expect(Buffer.from(spelled.split('.')[1], 'base64url')).toEqual(Buffer.from(signature, 'base64url'))
    expect(await verify(spelled)).toEqual({ ok: false, failure: 'unauthorized' })
  })

  it('refuses a tampered payload carrying the old signature as unauthorized', async () => {
    const signature = token.split('.')[1]
    for (const change of [{ role: 'møteleder' }, { mid: 'meetingB' }, { exp: claims.exp + 3600 }, { name: 'Ola Leder' }]) {
      const tampered = `${b64(JSON.stringify({ ...claims, ...change }))}.${signature}`
      expect(await verify(tampered), JSON.stringify(change)).toEqual({ ok: false, failure: 'unauthorized' })
    }
  })

  it('refuses a correctly signed payload that is not a claims object as unauthorized', async () => {
    for (const payload of ['[]', 'null', '{"tid":"x"}', JSON.stringify({ ...claims, role: 'admin' }), 'not json']) {
      const part = b64(payload)
      const signed = `${part}.${createHmac('sha256', SECRET).update(part).digest('base64url')}`
      expect(await verify(signed), payload).toEqual({ ok: false, failure: 'unauthorized' })
    }
  })

  it('refuses an expired token as tokenExpired, before looking it up', async () => {
    const lookups: string[] = []
    const spy: TokenStatusLookup = { revokedAt: async (id) => (lookups.push(id), null) }
    expect(await verify(token, 'meetingA', spy, claims.exp * 1000)).toEqual({ ok: false, failure: 'tokenExpired' })
    expect(lookups).toEqual([])
  })

  it('refuses a revoked token, and a signed one that was never recorded, as tokenRevoked', async () => {
    expect(await verify(token, 'meetingA', { revokedAt: async () => ({ revokedAt: '2024-03-01T11:00:00.000Z' }) })).toEqual({
      ok: false,
      failure: 'tokenRevoked',
    })
    expect(await verify(token, 'meetingA', { revokedAt: async () => null })).toEqual({ ok: false, failure: 'tokenRevoked' })
  })

  it('refuses a token for another meeting as wrongMeeting', async () => {
    expect(await verify(token, 'meetingB')).toEqual({ ok: false, failure: 'wrongMeeting' })
  })
})

describe('TokenAuthority', () => {
  it('mints recorded tokens, verifies them, revokes them, and knows the admin credential', async () => {
    const store = new MemoryStorage()
    let nowMs = NOW_MS
    const data = tempDataDir()
    try {
      const secrets = loadSecrets(data.dir, { tokenSecret: null, adminToken: 'admin-credential-16' })
      const auth = new TokenAuthority(secrets, store, () => nowMs)
      const { token, claims: c, record } = await auth.mint({ meetingId: 'm1', role: 'observatør', name: null, org: null, days: 2 })
      expect(c.exp).toBe(NOW_MS / 1000 + 2 * 86400)
      expect(record).toMatchObject({ meetingId: 'm1', role: 'observatør', revokedAt: null, expiresAt: '2024-03-03T12:00:00.000Z' })
      expect(await store.getToken(c.tid)).toEqual(record)
      expect(await auth.verify(token, 'm1')).toEqual({ ok: true, claims: c })
      expect(auth.isSignedToken(token)).toBe(true)
      expect(auth.isAdmin('admin-credential-16')).toBe(true)
      expect(auth.isAdmin(token)).toBe(false)
      expect(auth.isAdmin('')).toBe(false)
      expect(await auth.revoke('other', c.tid)).toBeNull()
      expect((await auth.revoke('m1', c.tid))?.revokedAt).toBe(new Date(NOW_MS).toISOString())
      expect(await auth.verify(token, 'm1')).toEqual({ ok: false, failure: 'tokenRevoked' })
      nowMs += 3 * 86400 * 1000
      expect(await auth.verify(token, 'm1')).toEqual({ ok: false, failure: 'tokenExpired' })
    } finally {
      data.remove()
    }
  })
})

describe('loadSecrets', () => {
  it('creates secrets.json (0600) once, with a credential returned only on that start', async () => {
    const data = tempDataDir()
    try {
      const first = loadSecrets(data.dir, { tokenSecret: null, adminToken: null })
      expect(first.generatedAdminCredential).toMatch(/^[A-Za-z0-9_-]{32}$/)
      const file = path.join(data.dir, SECRETS_FILE)
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)
      expect(fs.readFileSync(file, 'utf8')).not.toContain(first.generatedAdminCredential!)
      expect(first.tokenSecret.length).toBeGreaterThanOrEqual(32)

      const second = loadSecrets(data.dir, { tokenSecret: null, adminToken: null })
      expect(second.generatedAdminCredential).toBeNull()
      expect(second.tokenSecret).toEqual(first.tokenSecret)
      expect(isAdminCredential(second, first.generatedAdminCredential!)).toBe(true)
      expect(isAdminCredential(second, `${first.generatedAdminCredential!}x`)).toBe(false)
    } finally {
      data.remove()
    }
  })

  it('lets TOKEN_SECRET and ADMIN_TOKEN override the file without writing them to it', async () => {
    const data = tempDataDir()
    try {
      const secrets = loadSecrets(data.dir, { tokenSecret: 'env-secret-env-secret-env-secret-0', adminToken: 'env-admin-credential' })
      expect(secrets.generatedAdminCredential).toBeNull()
      expect(secrets.tokenSecret.toString()).toBe('env-secret-env-secret-env-secret-0')
      expect(isAdminCredential(secrets, 'env-admin-credential')).toBe(true)
      const text = fs.existsSync(path.join(data.dir, SECRETS_FILE)) ? fs.readFileSync(path.join(data.dir, SECRETS_FILE), 'utf8') : ''
      expect(text).not.toContain('env-secret')
      expect(text).not.toContain('env-admin')
    } finally {
      data.remove()
    }
  })
})

describe('OriginPolicy', () => {
  const policy = new OriginPolicy({ allowedOrigins: ['https://ok.example.no'], publicUrl: 'https://referat.example.no/app' })

  it('allows requests without an Origin, from the own host, PUBLIC_URL and ALLOWED_ORIGINS', async () => {
    expect(policy.isAllowed(undefined, '127.0.0.1:8080')).toBe(true)
    expect(policy.isAllowed('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true)
    expect(policy.isAllowed('https://Referat.Example.no', 'internal:8080')).toBe(true)
    expect(policy.isAllowed('https://ok.example.no', 'internal:8080')).toBe(true)
  })

  it('refuses foreign origins, null and garbage', async () => {
    expect(policy.isAllowed('https://evil.example', '127.0.0.1:8080')).toBe(false)
    expect(policy.isAllowed('http://127.0.0.1:9999', '127.0.0.1:8080')).toBe(false)
    expect(policy.isAllowed('null', '127.0.0.1:8080')).toBe(false)
    expect(policy.isAllowed('file://x', '127.0.0.1:8080')).toBe(false)
    expect(policy.isAllowed('http://127.0.0.1:8080', undefined)).toBe(false)
  })
})
