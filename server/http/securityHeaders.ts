import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TrustedProxies } from '../limits'

/** What the security headers depend on. */
export interface SecurityHeaderOptions {
  /** PUBLIC_URL: https there means every response went out over TLS (HSTS). */
  readonly publicUrl: string | null
  /** A trusted proxy's `X-Forwarded-Proto: https` also means TLS. */
  readonly trustedProxies: TrustedProxies
}

/** HSTS for a year; without includeSubDomains, since other hosts of the domain are not ours to decide. */
const HSTS = 'max-age=31536000'

/** A Host header we are willing to repeat in connect-src: a host name or address and a port, nothing else. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/

/**
 * The page's Content-Security-Policy. No inline script anywhere (`script-src 'self'`); the
 * client's only connections are fetches to /api/ and the WebSocket to /sync/ on its own origin.
 * `'self'` covers ws:/wss: of the own host in CSP 3 browsers; older Safari needs the WebSocket
 * origin spelled out, so `wsOrigin` (from PUBLIC_URL, else the request's Host) is added.
 * `img-src data:` is for index.html's empty `data:,` icon (it keeps browsers from asking for
 * /favicon.ico).
 */
function contentSecurityPolicy(wsOrigin: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${wsOrigin ? ` ${wsOrigin}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ')
}

/**
 * Powerful features the client never uses, switched off for it and anything it might embed.
 * Only names every current browser knows: an unknown one is a console error in Chromium.
 */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-get=()',
  'usb=()',
].join(', ')

const STATIC_HEADERS: Record<string, string> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy': PERMISSIONS_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

/**
 * Returns the function that sets the security headers on a response (before anything is
 * written): CSP, X-Frame-Options, nosniff, Referrer-Policy, Permissions-Policy, COOP, CORP on
 * every response, and Strict-Transport-Security only when the request came over TLS (PUBLIC_URL
 * is https, or a trusted proxy says so): over plain HTTP, browsers ignore it anyway, and a
 * server tried out on http://127.0.0.1 must not pin that host to https.
 */
export function securityHeaders(options: SecurityHeaderOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const publicTls = options.publicUrl?.startsWith('https:') ?? false
  const publicWs = options.publicUrl ? new URL(options.publicUrl).origin.replace(/^http/, 'ws') : null
  const fixedCsp = publicWs ? contentSecurityPolicy(publicWs) : null
  return (req, res) => {
    for (const [name, value] of Object.entries(STATIC_HEADERS)) res.setHeader(name, value)
    const tls = publicTls || options.trustedProxies.forwardedOverTls(req)
    let csp = fixedCsp
    if (!csp) {
      const host = req.headers.host
      csp = contentSecurityPolicy(host && PLAIN_HOST.test(host) ? `${tls ? 'wss' : 'ws'}://${host.toLowerCase()}` : null)
    }
    res.setHeader('content-security-policy', csp)
    if (tls) res.setHeader('strict-transport-security', HSTS)
  }
}
