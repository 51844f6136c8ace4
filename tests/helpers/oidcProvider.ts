// A real OpenID provider for the tests: panva's oidc-provider on 127.0.0.1 with test accounts,
// one registered client and its development login pages (devInteractions), driven here with
// plain HTTP requests the way a browser would (redirects followed, cookies carried).
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import Provider, { type Configuration } from 'oidc-provider'
import type { MeResponse } from '../../shared/api'
import { api } from './api'
import { startTestServer, type TestServer } from './server'

/** The client the Referat server under test is registered as. */
export const OIDC_CLIENT_ID = 'referat'
export const OIDC_CLIENT_SECRET = 'referat-test-client-secret-0123456789'
/** Another client of the same provider (with the same redirect URIs): codes issued to it must not sign anyone in to Referat. */
export const OTHER_CLIENT_ID = 'another-application'

/** A client of the same provider that authenticates with private_key_jwt (RFC 7523) against `keyClientJwks`. */
export const KEY_CLIENT_ID = 'referat-with-key'

/** A test account: its subject is the key of TEST_ACCOUNTS. */
export interface TestAccount {
  readonly name: string
  readonly email: string
  readonly groups: readonly string[]
  /** email_verified (default true). */
  readonly emailVerified?: boolean
}

/** The provider's people: a chair, an admin (by group), a member, and someone with an unverified address. */
export const TEST_ACCOUNTS: Readonly<Record<string, TestAccount>> = {
  'sub-kari': { name: 'Kari Nordmann', email: 'kari@kommune.no', groups: ['styret'] },
  'sub-ada': { name: 'Ada Admin', email: 'ada@kommune.no', groups: ['referat-admin'] },
  'sub-ola': { name: 'Ola Medlem', email: 'Ola.Medlem@Kommune.no', groups: [] },
  // Someone who typed Kari's address into their own account: the provider has not verified it.
  'sub-eve': { name: 'Eve Etterligner', email: 'kari@kommune.no', groups: [], emailVerified: false },
}

/** The env a Referat server needs to sign in with this provider (admins: the referat-admin group). */
export function oidcEnv(issuer: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET,
    OIDC_SCOPES: 'openid profile email',
    OIDC_ADMIN_CLAIM: 'groups=referat-admin',
    ...extra,
  }
}

/** A provider on a reserved port: the issuer is known before the client's redirect URI is. */
export interface TestOidcProvider {
  /** `http://127.0.0.1:<port>` */
  readonly issuer: string
  /** Registers the client with these redirect URIs and starts answering. */
  start(redirectUris: readonly string[], postLogoutRedirectUris?: readonly string[]): Promise<void>
  /** Stops listening (requests then fail as with a provider that is down); idempotent. */
  stop(): Promise<void>
  /**
   * From now on, the token endpoint's answers misbehave: `tamperIdToken` changes the ID token's
   * signature (as a man in the middle would), `delayMs` holds the answer back (a slow provider or
   * network: with a short `IdToken` lifetime the token arrives expired).
   */
  misbehave(options: { tamperIdToken?: boolean; delayMs?: number }): void
}

/** Settings of the provider itself. */
export interface TestProviderOptions {
  /** Lifetime of ID tokens in seconds (default 600). */
  readonly idTokenTtlS?: number
  /** The public keys registered for KEY_CLIENT_ID (default: none, so its assertions fail). */
  readonly keyClientJwks?: { readonly keys: readonly Record<string, unknown>[] }
}

/**
 * Binds a provider's port on 127.0.0.1 (it answers 503 until `start`), so that the Referat server
 * under test can be started with its issuer first, and the client registered with that server's
 * redirect URI afterwards. After `stop` connections are refused: a provider that is down.
 */
export async function reserveOidcProvider(options: TestProviderOptions = {}): Promise<TestOidcProvider> {
  const sockets = new Set<Socket>()
  let misbehaviour: { tamperIdToken?: boolean; delayMs?: number } = {}
  let handler: http.RequestListener = (_req, res) => {
    res.writeHead(503)
    res.end()
  }
  const server = http.createServer((req, res) => handler(req, res))
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let stopped: Promise<void> | null = null
  return {
    issuer,
    async start(redirectUris, postLogoutRedirectUris = []) {
      const provider = new Provider(issuer, providerConfiguration(redirectUris, postLogoutRedirectUris, options))
      const answer = provider.callback()
      handler = (req, res) => {
        if (req.method === 'POST' && req.url?.startsWith('/token')) misbehaveAt(res, misbehaviour)
        answer(req, res)
      }
    },
    misbehave(next) {
      misbehaviour = next
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
      return stopped
    },
  }
}

/**
 * Makes the token endpoint's answer on `res` misbehave: the provider writes it with one `end`
 * (Koa), whose JSON body is changed (and its length) before it goes out, after `delayMs`.
 */
function misbehaveAt(res: http.ServerResponse, how: { tamperIdToken?: boolean; delayMs?: number }): void {
  if (!how.tamperIdToken && !how.delayMs) return
  const end = res.end.bind(res) as (chunk?: unknown) => http.ServerResponse
  res.end = ((chunk?: unknown) => {
    let body = chunk
    if (how.tamperIdToken && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
      const json = JSON.parse(chunk.toString()) as { id_token?: string }
      if (json.id_token) {
        const last = json.id_token.at(-2) === 'A' ? 'B' : 'A'
        json.id_token = `${json.id_token.slice(0, -2)}${last}${json.id_token.at(-1)}`
      }
      body = JSON.stringify(json)
      res.setHeader('content-length', Buffer.byteLength(body as string))
    }
    setTimeout(() => end(body), how.delayMs ?? 0)
    return res
  }) as typeof res.end
}

function providerConfiguration(redirectUris: readonly string[], postLogoutRedirectUris: readonly string[], options: TestProviderOptions): Configuration {
  return {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [...redirectUris],
        post_logout_redirect_uris: [...postLogoutRedirectUris],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: KEY_CLIENT_ID,
        redirect_uris: [...redirectUris],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [...(options.keyClientJwks?.keys ?? [])] } as never,
      },
      {
        client_id: OTHER_CLIENT_ID,
        client_secret: 'another-application-secret-0123456789',
        redirect_uris: [...redirectUris],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, sub) {
      const account = TEST_ACCOUNTS[sub]
      if (!account) return undefined
      return {
        accountId: sub,
        async claims() {
          return { sub, name: account.name, email: account.email, email_verified: account.emailVerified ?? true, groups: [...account.groups] }
        },
      }
    },
    claims: { openid: ['sub'], profile: ['name', 'groups'], email: ['email', 'email_verified'] },
    // The ID token carries the profile and e-mail claims (Referat reads the name from it).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // Set, so that the provider does not print a notice for each default.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: options.idTokenTtlS ?? 600, AuthorizationCode: 60 },
    cookies: { keys: ['test-provider-cookie-key-0123456789'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  }
}

/** A cookie jar for one origin: enough for these tests (names only; path and expiry ignored, deletions honoured). */
export class CookieJar {
  private readonly cookies = new Map<string, string>()

  /** Takes the Set-Cookie headers of a response. */
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const deleted = value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a))
      if (deleted) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  get(name: string): string | null {
    return this.cookies.get(name) ?? null
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value)
  }

  /** The Cookie request header. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}

/** A GET without following redirects, with the jar's cookies; the jar takes the answer's. */
export async function jarFetch(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  const cookie = jar.header()
  if (cookie) headers.set('cookie', cookie)
  const res = await fetch(url, { ...init, headers, redirect: 'manual' })
  jar.store(res)
  return res
}

const locationOf = (res: Response, base: string): string => new URL(res.headers.get('location') ?? '', base).href

/**
 * Goes through the provider's pages from `authorizationUrl` as `subject` (login, then consent)
 * and returns the URL the provider sends the browser back to (the client's redirect URI with
 * code and state), without requesting it. `providerJar` holds the provider's cookies.
 */
export async function loginAtProvider(authorizationUrl: string, subject: string, providerJar = new CookieJar()): Promise<string> {
  const authorizationOrigin = new URL(authorizationUrl).origin
  let url = authorizationUrl
  for (let step = 0; step < 20; step++) {
    if (new URL(url).origin !== authorizationOrigin) return url
    const res = await jarFetch(providerJar, url)
    if (res.status >= 300 && res.status < 400) {
      url = locationOf(res, url)
      continue
    }
    const html = await res.text()
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1]
    if (res.status !== 200 || !prompt) throw new Error(`unexpected answer ${res.status} from the provider at ${url}: ${html.slice(0, 500)}`)
    const form: Record<string, string> = prompt === 'login' ? { prompt, login: subject, password: 'test' } : { prompt }
    const posted = await jarFetch(providerJar, url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    })
    if (posted.status < 300 || posted.status >= 400) throw new Error(`the provider answered ${posted.status} to the ${prompt} form: ${await posted.text()}`)
    url = locationOf(posted, url)
  }
  throw new Error('too many redirects at the provider')
}

/** A sign-in started at Referat: the provider's authorization URL and the browser's cookies so far. */
export interface StartedSignIn {
  readonly authorizationUrl: string
  readonly jar: CookieJar
}

/** GET /auth/login?returnTo=… at the Referat server: expects a 302 to the provider. */
export async function startSignIn(serverUrl: string, returnTo = '/', jar = new CookieJar()): Promise<StartedSignIn> {
  const res = await jarFetch(jar, `${serverUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`)
  if (res.status !== 302) throw new Error(`GET /auth/login: ${res.status} ${await res.text()}`)
  return { authorizationUrl: locationOf(res, serverUrl), jar }
}

/**
 * A full browser-less sign-in as `subject`: /auth/login, the provider's login and consent, and
 * the callback. Returns the answer of the callback and the Referat cookie jar (with the session
 * cookie when it worked).
 */
export async function signIn(serverUrl: string, subject: string, returnTo = '/'): Promise<{ callback: Response; jar: CookieJar; callbackUrl: string }> {
  const started = await startSignIn(serverUrl, returnTo)
  const callbackUrl = await loginAtProvider(started.authorizationUrl, subject)
  const callback = await jarFetch(started.jar, callbackUrl)
  return { callback, jar: started.jar, callbackUrl }
}

/**
 * A Referat test server that signs in with a fresh provider knowing its redirect URIs. The caller
 * stops both (server.stop(), idp.stop()).
 */
export async function startWithProvider(
  env: Record<string, string> = {},
  providerOptions: TestProviderOptions = {},
): Promise<{ server: TestServer; idp: TestOidcProvider }> {
  const idp = await reserveOidcProvider(providerOptions)
  try {
    const server = await startTestServer(oidcEnv(idp.issuer, env))
    await idp.start([`${server.url}/auth/callback`], [`${server.url}/`])
    return { server, idp }
  } catch (err) {
    await idp.stop()
    throw err
  }
}

/** Signs `subject` in at `serverUrl` and returns the Cookie header of the session; throws if it did not work. */
export async function sessionCookieOf(serverUrl: string, subject: string): Promise<string> {
  const { callback, jar } = await signIn(serverUrl, subject)
  const session = jar.get('referat_session')
  if (callback.status !== 302 || !session) throw new Error(`sign-in of ${subject} failed: ${callback.status}`)
  return `referat_session=${session}`
}

/** GET /api/me with the session `cookie` (or none); throws unless the server answers 200. */
export async function meOf(serverUrl: string, cookie: string | null): Promise<MeResponse> {
  const res = await api(serverUrl, 'GET', '/api/me', { headers: cookie ? { cookie } : {} })
  if (res.status !== 200) throw new Error(`GET /api/me answered ${res.status}`)
  return res.body as MeResponse
}

/** The CSRF token of the session `cookie`; throws if the cookie is not a live session. */
export async function csrfOf(serverUrl: string, cookie: string): Promise<string> {
  const answer = await meOf(serverUrl, cookie)
  if (!answer.signedIn) throw new Error('not signed in')
  return answer.csrfToken
}
