/**
 * Sign-in with the organisation's identity provider (issue 11), as the browser sees it: whether
 * the server offers it, who is signed in (`GET /api/me`), and the credential API calls then carry.
 *
 * A signed-in browser proves who it is with the session cookie (HttpOnly: this code never sees
 * it) plus, on every state-changing call, the session's CSRF token in `X-CSRF-Token`. Where the
 * code passes a meeting token around, SESSION_CREDENTIAL stands for "the signed-in session".
 */

import { CSRF_HEADER, type MePerson, type MeResponse } from '../../shared'
import { chooseLanguage, isLanguage, storedLanguage, t, type Language } from '../i18n'

/** The credential that means "the session cookie" (a meeting token is never empty). */
export const SESSION_CREDENTIAL = ''

/** What `GET /api/me` says (shared/api). */
export type Me = MeResponse

/** How the page names the signed-in person: the provider's name, else the e-mail. */
export function displayName(person: MePerson): string {
  return person.name ?? person.email ?? t('admin.signIn.unknownName')
}

const SIGNED_OUT: Me = { oidc: false, signedIn: false }

/** The CSRF token of the current session, once `fetchMe` found one. */
let csrfToken: string | null = null
/** Whether `fetchMe` has answered on this page (else `csrfToken` null says nothing yet). */
let meKnown = false

/** Headers that carry `credential`: a bearer token, or the session's CSRF token (the cookie goes by itself). */
export function credentialHeaders(credential: string): Record<string, string> {
  if (credential !== SESSION_CREDENTIAL) return { Authorization: `Bearer ${credential}` }
  return csrfToken ? { [CSRF_HEADER]: csrfToken } : {}
}

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null)

function isPerson(value: unknown): value is MePerson {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.issuer === 'string' && typeof v.subject === 'string'
}

/**
 * `GET /api/me`. A server without sign-in (or an older one without the route) reads as
 * `{ oidc: false, signedIn: false }`; so does a network failure (the links still work).
 */
export async function fetchMe(): Promise<Me> {
  let body: Record<string, unknown>
  try {
    const response = await fetch('/api/me', { headers: { Accept: 'application/json' } })
    if (!response.ok) return SIGNED_OUT
    body = (await response.json()) as Record<string, unknown>
  } catch {
    return SIGNED_OUT
  }
  meKnown = true
  const oidc = body.oidc === true
  if (!oidc || body.signedIn !== true || !isPerson(body.person) || typeof body.csrfToken !== 'string') {
    csrfToken = null
    return { oidc, signedIn: false }
  }
  csrfToken = body.csrfToken
  const language = isLanguage(body.language) ? body.language : null
  // The person's language from another device, where this browser has no choice of its own:
  // kept here as that choice (so a meeting's language does not replace it), and not sent back.
  if (language && storedLanguage() === null) void chooseLanguage(language)
  const p = body.person
  return {
    oidc: true,
    signedIn: true,
    person: { name: stringOrNull(p.name), email: stringOrNull(p.email), org: stringOrNull(p.org), issuer: p.issuer, subject: p.subject },
    isAdmin: body.isAdmin === true,
    csrfToken: body.csrfToken,
    language,
  }
}

/**
 * The signed-in person picked `lang`: `PUT /api/me/language`, so that every device they sign in
 * on shows it. Nothing when nobody is signed in. Fire and forget: a failure is only logged (the
 * choice still holds in this browser); the promise never rejects.
 */
export function savePersonLanguage(lang: Language): Promise<void> {
  return (async () => {
    if (!meKnown) await fetchMe()
    if (!csrfToken) return
    const response = await fetch('/api/me/language', {
      method: 'PUT',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', [CSRF_HEADER]: csrfToken },
      body: JSON.stringify({ language: lang }),
    })
    if (!response.ok) console.warn(`the language was not saved for the signed-in person: HTTP ${response.status}`)
  })().catch((err: unknown) => console.warn('the language was not saved for the signed-in person', err))
}

/** Where "Logg inn" goes: the provider's sign-in page, back to `returnTo` (this page) afterwards. */
export function signInUrl(returnTo: string = location.pathname): string {
  const path = returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/'
  return `/auth/login?returnTo=${encodeURIComponent(path)}`
}

/**
 * `POST /auth/logout`: ends the session on the server, then goes where it says (the provider's
 * sign-out page when it offers one, else the front page).
 */
export async function signOut(): Promise<void> {
  let target = '/'
  try {
    const response = await fetch('/auth/logout', { method: 'POST', headers: { Accept: 'application/json', ...credentialHeaders(SESSION_CREDENTIAL) } })
    const body = (await response.json().catch(() => ({}))) as { redirect?: unknown }
    if (typeof body.redirect === 'string' && (body.redirect.startsWith('/') || /^https?:\/\//.test(body.redirect))) target = body.redirect
  } catch {
    // The cookie may still be valid on the server; the page says signed out only after a reload.
  }
  csrfToken = null
  location.assign(target)
}
