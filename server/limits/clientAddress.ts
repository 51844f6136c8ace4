import { BlockList, isIP } from 'node:net'

/** One entry of TRUSTED_PROXIES: an address, or a network in CIDR form. */
export interface AddressRange {
  readonly address: string
  /** Prefix length; 32 (IPv4) or 128 (IPv6) for a single address. */
  readonly prefix: number
  readonly family: 'ipv4' | 'ipv6'
}

/** `::ffff:192.0.2.1` → `192.0.2.1`: Node reports IPv4 peers of a dual-stack socket this way. */
export function unmapIPv4(address: string): string {
  return /^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(address) ? address.slice(7) : address
}

/**
 * Parses one address or CIDR (`10.0.0.0/8`, `192.0.2.7`, `fd00::/8`, `::1`); null when it is
 * neither. Pure.
 */
export function parseAddressRange(text: string): AddressRange | null {
  const [rawAddress, rawPrefix, extra] = text.trim().split('/')
  if (extra !== undefined || !rawAddress) return null
  const address = unmapIPv4(rawAddress)
  const version = isIP(address)
  if (version === 0) return null
  const bits = version === 4 ? 32 : 128
  if (rawPrefix === undefined) return { address, prefix: bits, family: version === 4 ? 'ipv4' : 'ipv6' }
  if (!/^\d{1,3}$/.test(rawPrefix) || Number(rawPrefix) > bits) return null
  return { address, prefix: Number(rawPrefix), family: version === 4 ? 'ipv4' : 'ipv6' }
}

/** What the address resolution reads of a request (an IncomingMessage fits). */
export interface RequestLike {
  readonly socket: { readonly remoteAddress?: string | undefined }
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value
}

/**
 * The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed
 * (TRUSTED_PROXIES). Without any, those headers are ignored: anyone can send them.
 */
export class TrustedProxies {
  private readonly list = new BlockList()
  private readonly empty: boolean

  constructor(ranges: readonly AddressRange[]) {
    this.empty = ranges.length === 0
    for (const range of ranges) this.list.addSubnet(range.address, range.prefix, range.family)
  }

  /** True when `address` (as a socket reports it) is one of the trusted proxies. */
  isTrusted(address: string | undefined): boolean {
    if (this.empty || !address) return false
    const plain = unmapIPv4(address)
    const version = isIP(plain)
    return version !== 0 && this.list.check(plain, version === 4 ? 'ipv4' : 'ipv6')
  }

  /**
   * The address a request came from: the socket's peer, unless that peer is a trusted proxy;
   * then the rightmost address in `X-Forwarded-For` that is not a trusted proxy (the hops to its
   * right were added by proxies we trust, anything to its left may be made up by the client).
   * When every hop is trusted, the leftmost; an unreadable hop ends the walk at the last trusted
   * one. IPv4-mapped IPv6 addresses are reported as IPv4. Never throws.
   */
  clientAddress(req: RequestLike): string {
    const peer = unmapIPv4(req.socket.remoteAddress ?? 'unknown')
    if (!this.isTrusted(peer)) return peer
    const forwarded = firstHeader(req.headers['x-forwarded-for'])
    if (!forwarded) return peer
    const hops = forwarded.split(',').map((hop) => unmapIPv4(hop.trim()))
    let client = peer
    for (let i = hops.length - 1; i >= 0; i--) {
      if (isIP(hops[i]) === 0) return client
      client = hops[i]
      if (!this.isTrusted(client)) return client
    }
    return client
  }

  /**
   * True when a trusted proxy says the client reached it over TLS (`X-Forwarded-Proto: https`,
   * its first value: the proxy that faced the client). False for a request from anyone else.
   */
  forwardedOverTls(req: RequestLike): boolean {
    if (!this.isTrusted(req.socket.remoteAddress)) return false
    const proto = firstHeader(req.headers['x-forwarded-proto'])
    return proto?.split(',')[0].trim().toLowerCase() === 'https'
  }
}

/**
 * The key an address is counted under: IPv4 as it is, IPv6 by its /64 network (one host
 * usually holds a whole /64, so counting single IPv6 addresses would count nothing). Pure.
 */
export function limitKey(address: string): string {
  const plain = unmapIPv4(address)
  if (isIP(plain) !== 6) return plain
  const [head, tail = ''] = plain.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  // An embedded IPv4 tail (::ffff:a.b.c.d was handled above) lies beyond the /64.
  const missing = 8 - headGroups.length - tailGroups.length
  const groups = plain.includes('::') ? [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups] : headGroups
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`
}
