import type { IncomingMessage, ServerResponse } from 'node:http'
import { cookieHeader, openPendingLogin, readCookie, sealPendingLogin, SignInError, PENDING_LOGIN_MS } from '../auth'
import { log } from '../log'
import type { ApiContext, SignInContext } from './ApiContext'
import { ApiError } from './ApiError'
import { checkOrigin, requireCsrf, sessionOf } from './authenticate'
import { sendError, sendJson, sendText } from './respond'

/** Path prefix of the sign-in routes. */
export const AUTH_PREFIX = '/auth/'

/** Longest returnTo accepted, in characters. */
const MAX_RETURN_TO_CHARS = 2000

/**
 * `returnTo` when it is a path on this site: starts with exactly one "/" (not "//" or "/\",
 * which browsers read as another host), no control characters; "/" otherwise. Pure.
 */
export function safeReturnTo(value: string | null): string {
  if (!value || value.length > MAX_RETURN_TO_CHARS) return '/'
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/'
  return value
}

/** `<PUBLIC_URL or the request's origin>`: https when a trusted proxy says the request came over TLS. */
function siteOrigin(req: IncomingMessage, ctx: ApiContext): string {
  if (ctx.publicUrl) return ctx.publicUrl
  const host = req.headers.host ?? ''
  const scheme = ctx.limits?.proxies.forwardedOverTls(req) ? 'https' : 'http'
  return /^[A-Za-z0-9.:[\]-]{1,255}$/.test(host) ? `${scheme}://${host}` : 'http://localhost'
}

/** Cookies go out with Secure behind TLS (PUBLIC_URL https, or a trusted proxy's X-Forwarded-Proto). */
function overTls(req: IncomingMessage, ctx: ApiContext): boolean {
  return (ctx.publicUrl?.startsWith('https:') ?? false) || (ctx.limits?.proxies.forwardedOverTls(req) ?? false)
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** A plain Norwegian page for a failed sign-in, with a way back. No script, no inline style. */
function sendSignInErrorPage(res: ServerResponse, status: number, message: string, extraHeaders: Record<string, string | string[]> = {}): void {
  const body = `<!doctype html>
<html lang="nb">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Innloggingen mislyktes – Referat</title></head>
<body>
<main>
<h1>Innloggingen mislyktes</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/auth/login">Prøv å logge inn på nytt</a> eller <a href="/">gå til forsiden</a>.</p>
</main>
</body>
</html>
`
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...extraHeaders,
  })
  res.end(body)
}

const PAGE_MESSAGES = {
  provider: 'Vi får ikke kontakt med innloggingstjenesten akkurat nå. Vent litt og prøv igjen.',
  refused: 'Innloggingen kunne ikke bekreftes. Den kan ha tatt for lang tid, eller lenken er allerede brukt.',
  blocked: 'For mange mislykkede innlogginger fra denne adressen. Vent litt og prøv igjen.',
  cancelled: 'Innloggingen ble avbrutt hos innloggingstjenesten.',
  client: 'Innloggingstjenesten godtar ikke oppsettet til denne tjenesten. Gi beskjed til administratoren.',
} as const

/** GET /auth/login?returnTo=/path → 302 to the provider, with the pending sign-in in a sealed cookie. */
async function handleLogin(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, signIn: SignInContext, url: URL): Promise<void> {
  const returnTo = safeReturnTo(url.searchParams.get('returnTo'))
  const nowMs = (ctx.now ?? Date.now)()
  let started
  try {
    started = await signIn.oidc.start(`${siteOrigin(req, ctx)}/auth/callback`, returnTo, nowMs)
  } catch (err) {
    const reason = err instanceof SignInError ? err.reason : String(err)
    log.warn('sign-in failed', { reason, step: 'login', address: addressOf(req, ctx) })
    return sendSignInErrorPage(res, 502, PAGE_MESSAGES.provider)
  }
  const sealed = sealPendingLogin(signIn.tokenSecret, started.pending)
  res.writeHead(302, {
    location: started.url,
    'cache-control': 'no-store',
    'set-cookie': cookieHeader(signIn.cookies.pendingLogin, sealed, { maxAgeS: PENDING_LOGIN_MS / 1000, secure: overTls(req, ctx) }),
  })
  res.end()
}

const addressOf = (req: IncomingMessage, ctx: ApiContext): string => ctx.limits?.proxies.clientAddress(req) ?? req.socket.remoteAddress ?? 'unknown'

/**
 * GET /auth/callback: finishes the sign-in (openid-client checks state, code, PKCE, nonce and the
 * ID token), stores the session and sets its cookie, then 302 to returnTo. Any failure: an HTML
 * page, 400 (refused, counted against the address) or 502 (provider unreachable), and nothing stored.
 */
async function handleCallback(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, signIn: SignInContext, url: URL): Promise<void> {
  const address = addressOf(req, ctx)
  const secure = overTls(req, ctx)
  // The pending sign-in is used up whatever happens next: a second try needs a new /auth/login.
  const clearPending = cookieHeader(signIn.cookies.pendingLogin, '', { maxAgeS: 0, secure })
  const blocked = await ctx.limits?.failures.blocked(address, 'admin-credential')
  if (blocked) {
    ctx.limits!.failures.refused(blocked)
    const seconds = Math.ceil(blocked.retryAfterMs / 1000)
    return sendSignInErrorPage(res, 429, PAGE_MESSAGES.blocked, { 'retry-after': String(seconds), 'set-cookie': clearPending })
  }
  const nowMs = (ctx.now ?? Date.now)()
  const refuse = async (reason: string) => {
    log.warn('sign-in failed', { reason, address })
    await ctx.limits?.failures.failed('admin-credential', address)
    const message = reason.startsWith('authorization: access_denied') ? PAGE_MESSAGES.cancelled : PAGE_MESSAGES.refused
    sendSignInErrorPage(res, 400, message, { 'set-cookie': clearPending })
  }
  const pending = openPendingLogin(signIn.tokenSecret, readCookie(req.headers, signIn.cookies.pendingLogin), nowMs)
  if (!pending) return refuse('no valid pending sign-in (missing, expired or tampered cookie)')
  let signedIn
  try {
    signedIn = await signIn.oidc.finish(url.search, pending)
  } catch (err) {
    if (!(err instanceof SignInError)) throw err
    if (err.kind === 'refused') return refuse(err.reason)
    if (err.kind === 'client') {
      // The provider refuses this server's own credentials (secret or key): no user can fix that.
      log.error('sign-in failed: the provider refuses the client credentials (OIDC_CLIENT_SECRET / OIDC_PRIVATE_KEY_FILE)', { reason: err.reason, address })
      return sendSignInErrorPage(res, 502, PAGE_MESSAGES.client, { 'set-cookie': clearPending })
    }
    log.warn('sign-in failed', { reason: err.reason, address })
    return sendSignInErrorPage(res, 502, PAGE_MESSAGES.provider, { 'set-cookie': clearPending })
  }
  const { cookieValue, principal } = await signIn.sessions.create(signedIn.person, signedIn.isAdmin, signedIn.idToken)
  log.info('sign-in', {
    issuer: principal.issuer,
    subject: principal.subject,
    email: principal.email,
    isAdmin: principal.isAdmin,
    session: principal.sessionId.slice(0, 12),
    address,
  })
  const maxAgeS = (principal.expiresAtMs - nowMs) / 1000
  res.writeHead(302, {
    location: pending.returnTo,
    'cache-control': 'no-store',
    'set-cookie': [clearPending, cookieHeader(signIn.cookies.session, cookieValue, { maxAgeS, secure })],
  })
  res.end()
}

/**
 * POST /auth/logout (X-CSRF-Token): revokes the session (its open sync connections close),
 * clears the cookie, answers `{ redirect }`: the provider's logout URL when it offers one, else "/".
 */
async function handleLogout(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, signIn: SignInContext): Promise<void> {
  checkOrigin(req, ctx.origins)
  const secure = overTls(req, ctx)
  const clear = cookieHeader(signIn.cookies.session, '', { maxAgeS: 0, secure })
  const person = await sessionOf(req, ctx)
  if (!person) return sendJson(res, 200, { redirect: '/' }, { 'set-cookie': clear })
  requireCsrf(req, person)
  const idToken = await signIn.sessions.idTokenOf(person.sessionId)
  await signIn.sessions.revoke(person.sessionId)
  const closed = ctx.access.announce({ kind: 'session', sessionId: person.sessionId })
  log.info('sign-out', { issuer: person.issuer, subject: person.subject, session: person.sessionId.slice(0, 12), closedConnections: closed })
  const redirect = (await signIn.oidc.endSessionUrl(idToken, `${siteOrigin(req, ctx)}/`)) ?? '/'
  sendJson(res, 200, { redirect }, { 'set-cookie': clear })
}

/**
 * Serves /auth/login, /auth/callback and /auth/logout; 404 for everything under /auth/ when
 * sign-in is off (OIDC_ISSUER unset). Never throws.
 */
export async function handleSignIn(req: IncomingMessage, res: ServerResponse, pathname: string, ctx: ApiContext): Promise<void> {
  try {
    const signIn = ctx.signIn
    if (!signIn) return sendText(res, 404, 'Innlogging er ikke slått på for denne tjenesten.')
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (pathname === '/auth/login' && req.method === 'GET') return await handleLogin(req, res, ctx, signIn, url)
    if (pathname === '/auth/callback' && req.method === 'GET') return await handleCallback(req, res, ctx, signIn, url)
    if (pathname === '/auth/logout' && req.method === 'POST') return await handleLogout(req, res, ctx, signIn)
    if (pathname === '/auth/login' || pathname === '/auth/callback') return sendError(res, new ApiError(405, 'method-not-allowed', 'Metoden er ikke tillatt her.', { headers: { allow: 'GET' } }))
    if (pathname === '/auth/logout') return sendError(res, new ApiError(405, 'method-not-allowed', 'Metoden er ikke tillatt her.', { headers: { allow: 'POST' } }))
    return sendText(res, 404, 'Fant ikke denne adressen.')
  } catch (err) {
    req.resume()
    if (err instanceof ApiError) return sendError(res, err)
    log.error('sign-in route failed', { path: pathname, err })
    if (!res.headersSent) sendSignInErrorPage(res, 500, 'Noe gikk galt på serveren. Prøv igjen.')
    else res.destroy()
  }
}
