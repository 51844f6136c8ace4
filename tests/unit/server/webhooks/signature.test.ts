import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateSecret, signatureHeader, verifySignature } from '../../../../server/webhooks'

const secret = 'a'.repeat(64)
const body = '{"id":"e1","type":"meeting.closed","organ":"Styret"}'

describe('webhook signature', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 in the t=…,v1=… form', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex')
    expect(signatureHeader(secret, 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`)
  })

  it('verifies its own signature within the tolerance', () => {
    const header = signatureHeader(secret, 1_700_000_000, body)
    expect(verifySignature(header, secret, body, 1_700_000_000)).toBe(true)
    expect(verifySignature(header, secret, body, 1_700_000_299)).toBe(true)
  })

  it('refuses a changed body, another secret, and a timestamp outside the tolerance (replay)', () => {
    const header = signatureHeader(secret, 1_700_000_000, body)
    expect(verifySignature(header, secret, `${body} `, 1_700_000_000)).toBe(false)
    expect(verifySignature(header, 'b'.repeat(64), body, 1_700_000_000)).toBe(false)
    expect(verifySignature(header, secret, body, 1_700_000_301)).toBe(false)
    expect(verifySignature(header, secret, body, 1_699_999_699)).toBe(false)
  })

  it('refuses a signature moved to another timestamp, and malformed headers', () => {
    const v1 = signatureHeader(secret, 1_700_000_000, body).split(',')[1]
    expect(verifySignature(`t=1700000100,${v1}`, secret, body, 1_700_000_100)).toBe(false)
    for (const header of ['', 't=1700000000', 'v1=abc', 't=x,v1=00', `t=1700000000,v1=${'0'.repeat(63)}`]) {
      expect(verifySignature(header, secret, body, 1_700_000_000)).toBe(false)
    }
  })

  it('accepts any of several v1 values (a receiver checking during a rotation)', () => {
    const good = signatureHeader(secret, 1_700_000_000, body).split(',')[1]
    expect(verifySignature(`t=1700000000,v1=${'0'.repeat(64)},${good}`, secret, body, 1_700_000_000)).toBe(true)
  })

  it('generates 32-byte hex secrets that differ', () => {
    const one = generateSecret()
    expect(one).toMatch(/^[0-9a-f]{64}$/)
    expect(generateSecret()).not.toBe(one)
  })
})
