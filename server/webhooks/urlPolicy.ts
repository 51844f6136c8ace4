import dns from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import type { ErrorDetail } from '../../shared/api'
import { MAX_WEBHOOK_URL_CHARS } from '../../shared/api/webhooks'
import { unmapIPv4 } from '../limits'

/** A webhook URL or destination the policy refuses; the message is Norwegian, for the admin; `detail` its code. */
export class WebhookUrlError extends Error {
  override name = 'WebhookUrlError'
  constructor(
    message: string,
    /** The stable code and its params (shared/api/errorCodes.ts). */
    readonly detail: ErrorDetail = { code: 'url-invalid' },
  ) {
    super(message)
  }
}

/**
 * Destinations a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE=1: loopback, private
 * (RFC 1918, unique local), link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
 * "this network", benchmarking, multicast and reserved ranges. Whatever is not listed is public.
 */
const NOT_PUBLIC = (() => {
  // No IPv4-mapped (::ffff:0:0/96) or NAT64 rules here: BlockList checks IPv4 addresses against
  // them too, which would refuse every IPv4 address. Those forms are handled in isPublicAddress.
  const list = new BlockList()
  const v4: [string, number][] = [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
    ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
  ]
  for (const [address, prefix] of v4) list.addSubnet(address, prefix, 'ipv4')
  const v6: [string, number][] = [['::', 128], ['::1', 128], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]]
  for (const [address, prefix] of v6) list.addSubnet(address, prefix, 'ipv6')
  return list
})()

/** True when `address` (an IP literal; IPv4-mapped IPv6 is judged as IPv4) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const plain = unmapIPv4(address)
  const version = isIP(plain)
  if (version === 0) return false
  // An IPv4-mapped address in hex form (::ffff:7f00:1) or a NAT64 one: judged as not public.
  // (The URL parser writes every IPv6 address in its one compressed form first.)
  if (version === 6 && /^(::ffff:|64:ff9b::)/.test(new URL(`http://[${plain}]/`).hostname.slice(1, -1))) return false
  return !NOT_PUBLIC.check(plain, version === 4 ? 'ipv4' : 'ipv6')
}

/** The host of `url` without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1')
}

const PRIVATE: ErrorDetail = { code: 'url-private-network' }

/**
 * Checks an endpoint URL as the admin gave it: text of at most MAX_WEBHOOK_URL_CHARS, http or
 * https, a host, no user name or password (a secret in a URL ends up in logs), no fragment; and
 * unless `allowPrivate`, no IP literal that is not public and no `localhost`. Returns it
 * normalised. Throws WebhookUrlError.
 */
export function parseWebhookUrl(raw: unknown, allowPrivate: boolean): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new WebhookUrlError('Adressen mangler.', { code: 'field-required', params: { field: 'url' } })
  const text = raw.trim()
  if (text.length > MAX_WEBHOOK_URL_CHARS) {
    throw new WebhookUrlError(`Adressen kan ha høyst ${MAX_WEBHOOK_URL_CHARS} tegn.`, {
      code: 'text-too-long',
      params: { field: 'url', max: MAX_WEBHOOK_URL_CHARS },
    })
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new WebhookUrlError('Adressen er ikke en gyldig URL.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlError('Adressen må begynne med https:// eller http://.')
  if (url.username || url.password) throw new WebhookUrlError('Adressen kan ikke inneholde brukernavn eller passord.')
  if (url.hash) throw new WebhookUrlError('Adressen kan ikke ha et fragment (#).')
  const host = hostOf(url)
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && !isPublicAddress(host)))) {
    throw new WebhookUrlError('Adressen peker til et internt eller lokalt nettverk, som ikke er tillatt.', PRIVATE)
  }
  return url.href
}

/** Resolves a host name to all its addresses (dns.lookup: hosts file and the system resolver). */
export type ResolveAll = (host: string) => Promise<string[]>

const systemResolve: ResolveAll = async (host) => (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address)

/**
 * Resolves `url`'s host and refuses it, unless `allowPrivate`, when any address it resolves to is
 * not public (a name pointing inside is as bad as an IP literal). Throws WebhookUrlError, also
 * when the name does not resolve.
 */
export async function checkDestination(url: string, allowPrivate: boolean, resolve: ResolveAll = systemResolve): Promise<void> {
  const host = hostOf(new URL(url))
  if (isIP(host) !== 0) {
    if (!allowPrivate && !isPublicAddress(host)) throw new WebhookUrlError('Adressen peker til et internt eller lokalt nettverk, som ikke er tillatt.', PRIVATE)
    return
  }
  let addresses: string[]
  try {
    addresses = await resolve(host)
  } catch {
    throw new WebhookUrlError(`Fant ikke vertsnavnet ${host}.`, { code: 'url-host-not-found', params: { host } })
  }
  if (addresses.length === 0) throw new WebhookUrlError(`Fant ikke vertsnavnet ${host}.`, { code: 'url-host-not-found', params: { host } })
  if (!allowPrivate && addresses.some((a) => !isPublicAddress(a))) {
    throw new WebhookUrlError(`${host} peker til et internt eller lokalt nettverk, som ikke er tillatt.`, PRIVATE)
  }
}

/**
 * A `lookup` for http.request that resolves once and refuses (with an error) any answer holding
 * an address that is not public, unless `allowPrivate`; the connection then goes to exactly the
 * addresses checked, so a name cannot be re-pointed between the check and the connect (DNS
 * rebinding).
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0)
      const list = addresses as dns.LookupAddress[]
      if (list.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0)
      if (!allowPrivate && list.some((a) => !isPublicAddress(a.address))) {
        return callback(Object.assign(new Error(`${hostname} resolves to an address that is not public`), { code: 'EADDRNOTPUBLIC' }), '', 0)
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list)
      callback(null, list[0].address, list[0].family)
    })
  }
}
