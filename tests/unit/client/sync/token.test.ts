import { describe, expect, it } from 'vitest'
import { fragmentWithoutToken, readTokenClaims, tokenFromFragment, tokenLooksExpired } from '../../../../client/sync/token'

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url')
const claims = { tid: 'tok1', mid: 'meeting1', role: 'medlem', name: 'Kari Nordmann', org: 'Helse Nord', exp: 2_000_000_000 }
const token = `${b64url(JSON.stringify(claims))}.${b64url('signature-bytes-xyz')}`

describe('tokenFromFragment', () => {
  it('reads the token of an invitation link, with or without the #', () => {
    expect(tokenFromFragment(`#token=${token}`)).toBe(token)
    expect(tokenFromFragment(`token=${token}`)).toBe(token)
    expect(tokenFromFragment(`#a=1&token=${token}&b=2`)).toBe(token)
  })

  it('ignores fragments without a well-formed token', () => {
    expect(tokenFromFragment('')).toBeNull()
    expect(tokenFromFragment('#main')).toBeNull()
    expect(tokenFromFragment('#token=')).toBeNull()
    expect(tokenFromFragment('#token=no-dot-here')).toBeNull()
    expect(tokenFromFragment('#token=<script>.x')).toBeNull()
  })
})

describe('fragmentWithoutToken', () => {
  it('removes the token and keeps the rest', () => {
    expect(fragmentWithoutToken(`#token=${token}`)).toBe('')
    expect(fragmentWithoutToken(`#a=1&token=${token}`)).toBe('#a=1')
    expect(fragmentWithoutToken('')).toBe('')
  })
})

describe('readTokenClaims', () => {
  it('reads the payload without checking the signature', () => {
    expect(readTokenClaims(token)).toEqual(claims)
  })

  it('reads names with Norwegian letters', () => {
    const t = `${b64url(JSON.stringify({ ...claims, name: 'Ørjan Æsøy', role: 'møteleder' }))}.${b64url('sig-sig')}`
    expect(readTokenClaims(t)).toMatchObject({ name: 'Ørjan Æsøy', role: 'møteleder' })
  })

  it('returns null for garbage or an unknown role', () => {
    expect(readTokenClaims('abc.def')).toBeNull()
    expect(readTokenClaims(`${b64url(JSON.stringify({ ...claims, role: 'admin' }))}.${b64url('sig-sig')}`)).toBeNull()
  })

  it('tells an expired token by its exp (seconds)', () => {
    expect(tokenLooksExpired(token, 1_999_999_999_000)).toBe(false)
    expect(tokenLooksExpired(token, 2_000_000_000_000)).toBe(true)
    expect(tokenLooksExpired('garbage', Date.now())).toBe(false)
  })
})
