import type { IncomingHttpHeaders } from 'node:http'

/** Names of the cookies sign-in uses: `__Host-` prefixed when PUBLIC_URL is https (browsers then insist on Secure, Path=/ and no Domain). */
export interface CookieNames {
  readonly session: string
  readonly pendingLogin: string
}

/** The cookie names for this installation (see CookieNames). */
export function cookieNames(publicUrl: string | null): CookieNames {
  const prefix = publicUrl?.startsWith('https:') ? '__Host-' : ''
  return { session: `${prefix}referat_session`, pendingLogin: `${prefix}referat_login` }
}

/** The value of cookie `name` in the request's Cookie header, or null. Never throws. */
export function readCookie(headers: IncomingHttpHeaders, name: string): string | null {
  const header = headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue
    const value = part.slice(eq + 1).trim()
    return value === '' ? null : value
  }
  return null
}

/**
 * A Set-Cookie value: HttpOnly, SameSite=Lax (the provider's redirect back is a top-level GET
 * from another site, which Lax lets through; a cross-site POST or fetch carries no cookie),
 * Path=/, Secure when `secure`. `maxAgeS` 0 deletes the cookie. `value` must be cookie-safe
 * (base64url).
 */
export function cookieHeader(name: string, value: string, options: { readonly maxAgeS: number; readonly secure: boolean }): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.max(0, Math.floor(options.maxAgeS))}`]
  if (options.secure) parts.push('Secure')
  return parts.join('; ')
}
