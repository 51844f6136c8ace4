import { readClientKey, type ClientKey } from './clientKey'

/** OpenID Connect sign-in settings (OIDC_*); absent when OIDC_ISSUER is unset. */
export interface OidcConfig {
  /** OIDC_ISSUER: the provider's issuer identifier (https, or http on a loopback host). */
  readonly issuer: string
  /** OIDC_CLIENT_ID */
  readonly clientId: string
  /** OIDC_CLIENT_SECRET: null for a public client (PKCE only). Never log it. */
  readonly clientSecret: string | null
  /** OIDC_PRIVATE_KEY_FILE (and its companions): private_key_jwt instead of a secret; null when unset. */
  readonly clientKey: ClientKey | null
  /** OIDC_SCOPES, space-separated (default `openid profile email`; always contains openid). */
  readonly scopes: string
  /** OIDC_NAME_CLAIM (name), OIDC_EMAIL_CLAIM (email), OIDC_ORG_CLAIM (none): where the person's details are. */
  readonly nameClaim: string
  readonly emailClaim: string
  readonly orgClaim: string | null
  /** OIDC_ADMINS: e-mails (lower case) or subjects whose sessions are admin sessions. */
  readonly admins: readonly string[]
  /** OIDC_ADMIN_CLAIM `claim=value`: a person whose claim is, or contains, the value is an admin. */
  readonly adminClaim: { readonly claim: string; readonly value: string } | null
  /** OIDC_CLOCK_TOLERANCE_S: clock skew tolerated when checking the ID token's times, in seconds (default 60). */
  readonly clockToleranceS: number
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** True for an http issuer on this machine: allowed (tests, development), since nothing leaves the host. */
export function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer)
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)
}

const CLAIM_NAME = /^[A-Za-z0-9_.:/-]{1,100}$/

type Env = NodeJS.ProcessEnv
/** Makes the error readConfig throws (ConfigError). */
type Fail = (message: string) => Error

function claimName(env: Env, name: string, fallback: string | null, fail: Fail): string | null {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  if (!CLAIM_NAME.test(raw)) throw fail(`${name} must be a claim name like "name" or "groups", got "${raw}"`)
  return raw
}

function issuerUrl(raw: string, fail: Fail): string {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw fail(`OIDC_ISSUER must be the provider's issuer URL (https://...), got "${raw}"`)
  }
  if (url.protocol !== 'https:' && !isLoopbackHttp(url.href)) {
    throw fail(`OIDC_ISSUER must be an https URL (http only on 127.0.0.1 or localhost), got "${raw}"`)
  }
  if (url.search || url.hash) throw fail(`OIDC_ISSUER must not have a query or fragment, got "${raw}"`)
  // The issuer identifier is compared exactly with the provider's: keep it as written (no added slash).
  return raw.trim()
}

function adminClaim(env: Env, fail: Fail): OidcConfig['adminClaim'] {
  const raw = env.OIDC_ADMIN_CLAIM?.trim()
  if (raw === undefined || raw === '') return null
  const match = /^([^=\s]+)=(.+)$/.exec(raw)
  if (!match || !CLAIM_NAME.test(match[1])) throw fail(`OIDC_ADMIN_CLAIM must look like claim=value, e.g. groups=referat-admin, got "${raw}"`)
  return { claim: match[1], value: match[2].trim() }
}

const OIDC_ONLY = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_PRIVATE_KEY_FILE', 'OIDC_SCOPES', 'OIDC_NAME_CLAIM', 'OIDC_EMAIL_CLAIM', 'OIDC_ORG_CLAIM', 'OIDC_ADMINS', 'OIDC_ADMIN_CLAIM']

/**
 * Reads OIDC_*: null when OIDC_ISSUER is unset (sign-in is off; then any other OIDC_ variable
 * is a mistake and refused). Throws (via `fail`) naming the first bad variable; never echoes
 * OIDC_CLIENT_SECRET.
 */
export function readOidcConfig(env: Env, fail: Fail, clockToleranceS: number): OidcConfig | null {
  const rawIssuer = env.OIDC_ISSUER
  if (rawIssuer === undefined || rawIssuer.trim() === '') {
    const stray = OIDC_ONLY.find((name) => (env[name] ?? '').trim() !== '')
    if (stray) throw fail(`${stray} is set but OIDC_ISSUER is not: set OIDC_ISSUER to switch sign-in on`)
    return null
  }
  const issuer = issuerUrl(rawIssuer, fail)
  const clientId = env.OIDC_CLIENT_ID?.trim()
  if (!clientId) throw fail('OIDC_CLIENT_ID must be set with OIDC_ISSUER (the client id registered at the provider)')
  const scopes = (env.OIDC_SCOPES ?? '').trim() === '' ? 'openid profile email' : env.OIDC_SCOPES!.trim().split(/\s+/).join(' ')
  if (!scopes.split(' ').includes('openid')) throw fail(`OIDC_SCOPES must contain openid, got "${scopes}"`)
  const admins = (env.OIDC_ADMINS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    // E-mails compare without case; subjects are opaque but rarely contain "@".
    .map((entry) => (entry.includes('@') ? entry.toLowerCase() : entry))
  const clientSecret = (env.OIDC_CLIENT_SECRET ?? '').trim() === '' ? null : env.OIDC_CLIENT_SECRET!.trim()
  const clientKey = readClientKey(env, fail)
  if (clientSecret && clientKey) throw fail('set OIDC_CLIENT_SECRET or OIDC_PRIVATE_KEY_FILE, not both: the client authenticates one way')
  return {
    issuer,
    clientId,
    clientSecret,
    clientKey,
    scopes,
    nameClaim: claimName(env, 'OIDC_NAME_CLAIM', 'name', fail)!,
    emailClaim: claimName(env, 'OIDC_EMAIL_CLAIM', 'email', fail)!,
    orgClaim: claimName(env, 'OIDC_ORG_CLAIM', null, fail),
    admins,
    adminClaim: adminClaim(env, fail),
    clockToleranceS,
  }
}
