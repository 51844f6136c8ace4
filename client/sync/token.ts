import { INVITATION_FRAGMENT_KEY, isRole, type TokenClaims } from '../../shared'

/**
 * The meeting token of an invitation link (`/m/<id>#token=<token>`): read from the fragment,
 * kept per meeting in localStorage, and removed from the address bar so it is not shared by a
 * screenshot, a copied URL or the browser history.
 */

/** A token as the server mints it: base64url payload, a dot, base64url signature. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{4,4096}\.[A-Za-z0-9_-]{4,512}$/

const STORAGE_PREFIX = 'referat-token:'

/** The token in a URL fragment (`#token=…`, with or without the `#`), or null. */
export function tokenFromFragment(hash: string): string | null {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash
  if (!raw) return null
  const token = new URLSearchParams(raw).get(INVITATION_FRAGMENT_KEY)?.trim() ?? ''
  return TOKEN_PATTERN.test(token) ? token : null
}

/** The fragment with the token removed and other keys kept: '' or `#a=b`. */
export function fragmentWithoutToken(hash: string): string {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash
  const params = new URLSearchParams(raw)
  params.delete(INVITATION_FRAGMENT_KEY)
  const rest = params.toString()
  return rest ? `#${rest}` : ''
}

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
}

/**
 * The claims of a token as it says them, WITHOUT checking the signature (only the server can).
 * Good for hints (is the link expired?); never for decisions. Null when it cannot be read.
 */
export function readTokenClaims(token: string): TokenClaims | null {
  if (!TOKEN_PATTERN.test(token)) return null
  try {
    const payload: unknown = JSON.parse(base64UrlDecode(token.split('.')[0]))
    if (typeof payload !== 'object' || payload === null) return null
    const { tid, mid, role, name, org, exp } = payload as Record<string, unknown>
    if (typeof tid !== 'string' || typeof mid !== 'string' || !isRole(role) || typeof exp !== 'number') return null
    return {
      tid,
      mid,
      role,
      name: typeof name === 'string' && name ? name : null,
      org: typeof org === 'string' && org ? org : null,
      exp,
    }
  } catch {
    return null
  }
}

/** True when the token says it has expired by `nowMs` (a hint: the server decides). */
export function tokenLooksExpired(token: string, nowMs: number): boolean {
  const claims = readTokenClaims(token)
  return claims !== null && claims.exp * 1000 <= nowMs
}

/** The stored token of a meeting, or null. */
export function loadMeetingToken(meetingId: string): string | null {
  try {
    return localStorage.getItem(STORAGE_PREFIX + meetingId)
  } catch {
    return null
  }
}

/** Keeps a meeting's token in this browser. Storage failures are ignored (asked again next visit). */
export function saveMeetingToken(meetingId: string, token: string): void {
  try {
    localStorage.setItem(STORAGE_PREFIX + meetingId, token)
  } catch {
    // Private mode without storage: the token lives only as long as this page.
  }
}

/** Forgets a meeting's token (after it was revoked or expired). */
export function forgetMeetingToken(meetingId: string): void {
  try {
    localStorage.removeItem(STORAGE_PREFIX + meetingId)
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/**
 * Takes an invitation token out of the address bar: stores it for `meetingId` and replaces the
 * URL without the fragment's token (no new history entry). Call before anything renders or
 * connects. Returns the token it found, or null.
 */
export function captureInvitationToken(meetingId: string | null): string | null {
  const token = tokenFromFragment(location.hash)
  const hasKey = new URLSearchParams(location.hash.slice(1)).has(INVITATION_FRAGMENT_KEY)
  if (!hasKey) return null
  if (token && meetingId) saveMeetingToken(meetingId, token)
  history.replaceState(history.state, '', location.pathname + location.search + fragmentWithoutToken(location.hash))
  return token
}
