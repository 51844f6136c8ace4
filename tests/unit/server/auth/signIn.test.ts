import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  PENDING_LOGIN_MS,
  SessionAuthority,
  cookieHeader,
  cookieNames,
  isCsrfToken,
  openPendingLogin,
  readCookie,
  sealPendingLogin,
  type PendingLogin,
} from '../../../../server/auth'
import { MemoryStorage } from '../../../../server/persistence'

const SECRET = Buffer.from('a-token-secret-of-at-least-thirty-two-chars', 'utf8')
const NOW = Date.parse('2026-03-01T10:00:00.000Z')
const pending: PendingLogin = {
  state: 'state-1',
  nonce: 'nonce-1',
  verifier: 'verifier-that-must-stay-secret',
  redirectUri: 'http://127.0.0.1:8080/auth/callback',
  returnTo: '/m/abc',
  expMs: NOW + PENDING_LOGIN_MS,
}

describe('sealPendingLogin / openPendingLogin', () => {
  it('opens what it sealed, and the sealed value shows nothing of it', () => {
    const sealed = sealPendingLogin(SECRET, pending)
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('verifier-that')
    expect(openPendingLogin(SECRET, sealed, NOW)).toEqual(pending)
  })

  it('refuses a tampered, foreign, expired or malformed value', () => {
    const sealed = sealPendingLogin(SECRET, pending)
    const bytes = Buffer.from(sealed, 'base64url')
    bytes[bytes.length - 1] ^= 1
    expect(openPendingLogin(SECRET, bytes.toString('base64url'), NOW)).toBeNull()
    expect(openPendingLogin(Buffer.from('another-secret-of-at-least-thirty-two-chars'), sealed, NOW)).toBeNull()
    expect(openPendingLogin(SECRET, sealed, pending.expMs)).toBeNull()
    for (const junk of [null, '', 'not base64!', 'AAAA', 'A'.repeat(5000)]) expect(openPendingLogin(SECRET, junk, NOW)).toBeNull()
  })
})

describe('cookies', () => {
  it('names the cookies with __Host- behind https only', () => {
    expect(cookieNames(null)).toEqual({ session: 'referat_session', pendingLogin: 'referat_login' })
    expect(cookieNames('http://referat.local')).toEqual({ session: 'referat_session', pendingLogin: 'referat_login' })
    expect(cookieNames('https://referat.kommune.no')).toEqual({ session: '__Host-referat_session', pendingLogin: '__Host-referat_login' })
  })

  it('reads one cookie of a Cookie header and writes HttpOnly, SameSite=Lax, Path=/ cookies', () => {
    expect(readCookie({ cookie: 'a=1; referat_session=abc; b=2' }, 'referat_session')).toBe('abc')
    expect(readCookie({ cookie: 'xreferat_session=abc' }, 'referat_session')).toBeNull()
    expect(readCookie({}, 'referat_session')).toBeNull()
    expect(cookieHeader('referat_session', 'v', { maxAgeS: 3600, secure: false })).toBe('referat_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600')
    expect(cookieHeader('__Host-referat_session', '', { maxAgeS: 0, secure: true })).toBe('__Host-referat_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure')
  })
})

describe(SessionAuthority, () => {
  const person = { issuer: 'https://idp', subject: 'sub-kari', name: 'Kari Nordmann', email: 'kari@kommune.no', org: null }

  it('stores only the hash of the session id, and resolves the cookie to the person until the session ends', async () => {
    const store = new MemoryStorage()
    let now = NOW
    const sessions = new SessionAuthority(store, 12, () => now)
    const { cookieValue, principal } = await sessions.create(person, true, 'id.token')
    const idHash = createHash('sha256').update(cookieValue).digest('hex')
    expect(principal).toMatchObject({ kind: 'person', ...person, isAdmin: true, sessionId: idHash, expiresAtMs: NOW + 12 * 3600_000 })
    expect(await store.getSession(cookieValue)).toBeNull()
    expect((await store.getSession(idHash))!.idToken).toBe('id.token')
    expect(await sessions.resolve(cookieValue)).toEqual(principal)
    expect(await sessions.resolve(idHash.slice(0, 43))).toBeNull()
    expect(await sessions.resolve('short')).toBeNull()
    now = NOW + 12 * 3600_000
    expect(await sessions.resolve(cookieValue)).toBeNull()
  })

  it('revokes a session in storage; closing its connections calls each listener once', async () => {
    const sessions = new SessionAuthority(new MemoryStorage(), 12, () => NOW)
    const { cookieValue, principal } = await sessions.create(person, false, null)
    const calls: string[] = []
    sessions.onRevoked(principal.sessionId, () => calls.push('a'))
    const unsubscribe = sessions.onRevoked(principal.sessionId, () => calls.push('b'))
    unsubscribe()
    expect((await sessions.listActive()).map((s) => s.idHash)).toEqual([principal.sessionId])
    expect((await sessions.revoke(principal.sessionId))!.revokedAt).toBe(new Date(NOW).toISOString())
    expect(calls).toEqual([]) // storage only: AccessChanges closes the connections, on every node
    expect(await sessions.resolve(cookieValue)).toBeNull()
    expect(await sessions.listActive()).toEqual([])
    expect(sessions.closeConnections(principal.sessionId)).toBe(1)
    expect(sessions.closeConnections(principal.sessionId)).toBe(0)
    expect(calls).toEqual(['a'])
  })

  it('compares the CSRF token exactly', async () => {
    const { principal } = await new SessionAuthority(new MemoryStorage(), 12, () => NOW).create(person, false, null)
    expect(isCsrfToken(principal, principal.csrfToken)).toBe(true)
    expect(isCsrfToken(principal, `${principal.csrfToken}x`)).toBe(false)
    expect(isCsrfToken(principal, undefined)).toBe(false)
    expect(isCsrfToken(principal, '')).toBe(false)
  })
})
