import { describe, expect, it } from 'vitest'
import { SESSION_CREDENTIAL, credentialHeaders, signInUrl } from '../../../../client/ui/signIn'

describe('sign-in in the client', () => {
  it('sends a meeting token as a bearer credential, and nothing but the CSRF token for the session', () => {
    expect(credentialHeaders('abc.def')).toEqual({ Authorization: 'Bearer abc.def' })
    // Before GET /api/me found a session there is no CSRF token to send; the cookie goes by itself.
    expect(credentialHeaders(SESSION_CREDENTIAL)).toEqual({})
  })

  it('returns only to a path on this site after sign-in', () => {
    expect(signInUrl('/m/abc')).toBe('/auth/login?returnTo=%2Fm%2Fabc')
    expect(signInUrl('//evil.example/x')).toBe('/auth/login?returnTo=%2F')
    expect(signInUrl('https://evil.example/')).toBe('/auth/login?returnTo=%2F')
  })
})
