import { describe, expect, it } from 'vitest'
import { TrustedProxies, limitKey, parseAddressRange, type AddressRange } from '../../../../server/limits'

function proxies(...entries: string[]): TrustedProxies {
  return new TrustedProxies(entries.map((e) => parseAddressRange(e) as AddressRange))
}

function req(remoteAddress: string | undefined, headers: Record<string, string | string[]> = {}) {
  return { socket: { remoteAddress }, headers }
}

describe('TrustedProxies.clientAddress', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    const none = proxies()
    expect(none.clientAddress(req('192.0.2.1', { 'x-forwarded-for': '203.0.113.5' }))).toBe('192.0.2.1')
    expect(none.clientAddress(req('::ffff:192.0.2.1'))).toBe('192.0.2.1')
    expect(none.clientAddress(req('2001:db8::1'))).toBe('2001:db8::1')
    expect(none.clientAddress(req(undefined))).toBe('unknown')
  })

  it('is the peer when the peer is not a trusted proxy', () => {
    expect(proxies('10.0.0.0/8').clientAddress(req('192.0.2.1', { 'x-forwarded-for': '203.0.113.5' }))).toBe('192.0.2.1')
  })

  it('is the rightmost untrusted hop of X-Forwarded-For behind a trusted proxy', () => {
    const trusted = proxies('10.0.0.0/8', '::1')
    expect(trusted.clientAddress(req('10.0.0.2', { 'x-forwarded-for': '203.0.113.5' }))).toBe('203.0.113.5')
    // The client may prepend anything; only what trusted proxies appended is believed.
    expect(trusted.clientAddress(req('10.0.0.2', { 'x-forwarded-for': '198.51.100.1, 203.0.113.5' }))).toBe('203.0.113.5')
    expect(trusted.clientAddress(req('10.0.0.2', { 'x-forwarded-for': '198.51.100.1, 203.0.113.5, 10.1.1.1' }))).toBe('203.0.113.5')
    // Several headers are one list, in order.
    expect(trusted.clientAddress(req('::1', { 'x-forwarded-for': ['198.51.100.1', '203.0.113.5,10.9.9.9'] }))).toBe('203.0.113.5')
    expect(trusted.clientAddress(req('::ffff:10.0.0.2', { 'x-forwarded-for': '::ffff:203.0.113.5' }))).toBe('203.0.113.5')
    expect(trusted.clientAddress(req('10.0.0.2', { 'x-forwarded-for': '2001:db8::7' }))).toBe('2001:db8::7')
  })

  it('is the leftmost hop when every hop is trusted, the proxy without the header, the last trusted hop before garbage', () => {
    const trusted = proxies('10.0.0.0/8')
    expect(trusted.clientAddress(req('10.0.0.2', { 'x-forwarded-for': '10.0.0.9, 10.0.0.8' }))).toBe('10.0.0.9')
    expect(trusted.clientAddress(req('10.0.0.2'))).toBe('10.0.0.2')
    expect(trusted.clientAddress(req('10.0.0.2', { 'x-forwarded-for': 'unknown, 10.0.0.8' }))).toBe('10.0.0.8')
    expect(trusted.clientAddress(req('10.0.0.2', { 'x-forwarded-for': 'not-an-address' }))).toBe('10.0.0.2')
  })
})

describe('TrustedProxies.forwardedOverTls', () => {
  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    const trusted = proxies('127.0.0.1')
    expect(trusted.forwardedOverTls(req('127.0.0.1', { 'x-forwarded-proto': 'https' }))).toBe(true)
    expect(trusted.forwardedOverTls(req('127.0.0.1', { 'x-forwarded-proto': 'HTTPS, http' }))).toBe(true)
    expect(trusted.forwardedOverTls(req('127.0.0.1', { 'x-forwarded-proto': 'http' }))).toBe(false)
    expect(trusted.forwardedOverTls(req('127.0.0.2', { 'x-forwarded-proto': 'https' }))).toBe(false)
    expect(proxies().forwardedOverTls(req('127.0.0.1', { 'x-forwarded-proto': 'https' }))).toBe(false)
  })
})

describe('parseAddressRange', () => {
  it('reads addresses and CIDR networks, and refuses anything else', () => {
    expect(parseAddressRange('192.0.2.0/24')).toEqual({ address: '192.0.2.0', prefix: 24, family: 'ipv4' })
    expect(parseAddressRange('2001:db8::/32')).toEqual({ address: '2001:db8::', prefix: 32, family: 'ipv6' })
    expect(parseAddressRange('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' })
    for (const bad of ['', 'localhost', '192.0.2.0/', '192.0.2.0/33', '192.0.2.0/-1', '1.2.3.4/8/8', '2001:db8::/200']) {
      expect(parseAddressRange(bad), bad).toBeNull()
    }
  })
})

describe('limitKey', () => {
  it('counts IPv4 addresses one by one and IPv6 addresses by their /64', () => {
    expect(limitKey('192.0.2.1')).toBe('192.0.2.1')
    expect(limitKey('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(limitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(limitKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64')
    expect(limitKey('2001:0db8::1')).toBe('2001:db8:0:0::/64')
    expect(limitKey('::1')).toBe('0:0:0:0::/64')
  })
})
