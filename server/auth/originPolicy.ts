/**
 * Which browser origins may call the API's state-changing routes and open sync connections.
 *
 * A request without an Origin header comes from a program (curl, a script, the stock
 * WebsocketProvider in Node), which a browser page cannot pretend to be; it is judged by its
 * token alone. A request with an Origin is allowed when that origin is the server's own (the
 * request's Host, over http or https, so that a TLS proxy in front works), the origin of
 * PUBLIC_URL, or listed in ALLOWED_ORIGINS. Everything else, including `null`, is refused.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>

  constructor(options: { readonly allowedOrigins: readonly string[]; readonly publicUrl: string | null }) {
    const origins = [...options.allowedOrigins]
    if (options.publicUrl) origins.push(options.publicUrl)
    this.allowed = new Set(origins.map(normaliseOrigin).filter((o): o is string => o !== null))
  }

  /** True when a request with these headers may proceed. Pure; never throws. */
  isAllowed(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined) return true
    const normalised = normaliseOrigin(origin)
    if (normalised === null) return false
    if (this.allowed.has(normalised)) return true
    if (!host) return false
    const ownHost = host.trim().toLowerCase()
    return normalised === `http://${ownHost}` || normalised === `https://${ownHost}`
  }
}

/** `scheme://host[:port]` in lower case without a default port, or null for anything else. */
function normaliseOrigin(value: string): string | null {
  const trimmed = value.trim()
  if (trimmed === '' || trimmed === 'null') return null
  try {
    const url = new URL(trimmed)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    return url.origin.toLowerCase()
  } catch {
    return null
  }
}
