import * as client from 'openid-client'
import { privateKeyJwt } from './clientKey'
import { isLoopbackHttp, type OidcConfig } from './oidcConfig'
import { PENDING_LOGIN_MS, type PendingLogin } from './pendingLogin'
import type { Person } from './principal'

/** Longest wait for one request to the provider, in seconds. */
const PROVIDER_TIMEOUT_S = 10

/**
 * Why a sign-in failed: `provider` when the provider could not be reached or failed itself
 * (502), `client` when it refuses this server's own credentials (502, for the operator to fix),
 * `refused` when what came back does not hold (400). `reason` is for the log: it never
 * contains a token, a code or a secret.
 */
export class SignInError extends Error {
  override name = 'SignInError'
  constructor(
    readonly kind: 'provider' | 'client' | 'refused',
    readonly reason: string,
  ) {
    super(reason)
  }
}

/** A completed sign-in. */
export interface SignedIn {
  readonly person: Person
  readonly isAdmin: boolean
  /** Kept for the provider's logout (id_token_hint) when it offers one; else null. */
  readonly idToken: string | null
}

/**
 * The relying party: starts a sign-in (authorization code flow with PKCE, state and nonce) and
 * finishes it (openid-client checks state, exchanges the code, validates the ID token's signature,
 * issuer, audience, expiry with OIDC_CLOCK_TOLERANCE_S, and nonce). Discovery happens on first
 * use and is cached once it succeeded, so the server starts while the provider is down.
 */
export class OidcSignIn {
  private discovered: Promise<client.Configuration> | null = null

  constructor(private readonly config: OidcConfig) {}

  private configuration(): Promise<client.Configuration> {
    this.discovered ??= this.discover().catch((err: unknown) => {
      this.discovered = null // try again on the next sign-in
      throw err
    })
    return this.discovered
  }

  private async discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret, clientKey, clockToleranceS } = this.config
    const metadata: Partial<client.ClientMetadata> = { [client.clockTolerance]: clockToleranceS }
    if (clientSecret) metadata.client_secret = clientSecret
    const auth = clientKey ? await privateKeyJwt(clientKey) : clientSecret ? client.ClientSecretBasic(clientSecret) : client.None()
    // The ID token's signature is checked against the provider's JWKS too (openid-client leaves
    // that out by default for tokens received over TLS from the token endpoint): the name it
    // carries stands beside a chair's confirmation, so it must be provably the provider's.
    // readConfig allows http only on a loopback host, where nothing travels over a network.
    const execute = [client.enableNonRepudiationChecks, ...(isLoopbackHttp(issuer) ? [client.allowInsecureRequests] : [])]
    try {
      return await client.discovery(new URL(issuer), clientId, metadata, auth, { execute, timeout: PROVIDER_TIMEOUT_S })
    } catch (err) {
      throw classify(err, 'discovery')
    }
  }

  /** The provider's authorization URL and what to remember until the callback. Throws SignInError('provider'). */
  async start(redirectUri: string, returnTo: string, nowMs: number): Promise<{ url: string; pending: PendingLogin }> {
    const configuration = await this.configuration()
    const pending: PendingLogin = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      redirectUri,
      returnTo,
      expMs: nowMs + PENDING_LOGIN_MS,
    }
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.config.scopes,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    })
    return { url: url.href, pending }
  }

  /**
   * Finishes a sign-in from the callback's query (`search`, with the leading "?"). Throws
   * SignInError: 'refused' for anything that does not hold, 'provider' when it is unreachable.
   */
  async finish(search: string, pending: PendingLogin): Promise<SignedIn> {
    const configuration = await this.configuration()
    const callbackUrl = new URL(pending.redirectUri)
    callbackUrl.search = search
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.verifier,
      })
    } catch (err) {
      throw classify(err, 'token')
    }
    const claims = tokens.claims()
    if (!claims) throw new SignInError('refused', 'no ID token in the token response')
    const person = this.personOf(claims)
    const endSession = configuration.serverMetadata().end_session_endpoint
    return { person, isAdmin: this.isAdmin(person, claims), idToken: endSession ? (tokens.id_token ?? null) : null }
  }

  /** The provider's logout URL for a session (RP-initiated logout), or null when it offers none. */
  async endSessionUrl(idToken: string | null, postLogoutRedirectUri: string): Promise<string | null> {
    let configuration: client.Configuration
    try {
      configuration = await this.configuration()
    } catch {
      return null // the session is gone here anyway; the provider's own session is its business
    }
    if (!configuration.serverMetadata().end_session_endpoint) return null
    const parameters: Record<string, string> = { client_id: this.config.clientId, post_logout_redirect_uri: postLogoutRedirectUri }
    if (idToken) parameters.id_token_hint = idToken
    return client.buildEndSessionUrl(configuration, parameters).href
  }

  private personOf(claims: client.IDToken): Person {
    const text = (name: string | null): string | null => {
      const value = name === null ? undefined : claims[name]
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : null
    }
    // An address the provider itself says it has not verified could be anyone's: it is not used
    // (to match invitations, to make an admin). Providers that send no email_verified vouch for
    // the addresses they hold (Entra ID: the directory's own).
    const email = claims.email_verified === false ? null : text(this.config.emailClaim)
    return {
      issuer: claims.iss,
      subject: claims.sub,
      name: text(this.config.nameClaim),
      email: email === null ? null : email.toLowerCase(),
      org: text(this.config.orgClaim),
    }
  }

  private isAdmin(person: Person, claims: client.IDToken): boolean {
    const { admins, adminClaim } = this.config
    if (admins.includes(person.subject) || (person.email !== null && admins.includes(person.email))) return true
    if (!adminClaim) return false
    const value = claims[adminClaim.claim]
    return value === adminClaim.value || (Array.isArray(value) && value.includes(adminClaim.value))
  }
}

/** Sorts an openid-client failure into unreachable provider (502) or refused answer (400). */
function classify(err: unknown, step: 'discovery' | 'token'): SignInError {
  if (err instanceof SignInError) return err
  if (err instanceof client.ResponseBodyError) {
    // The provider answered with an OAuth error: invalid_grant for a used or foreign code, etc.
    if (err.error === 'invalid_client' || err.error === 'unauthorized_client') return new SignInError('client', `${step}: ${err.error}`)
    return new SignInError(err.status >= 500 ? 'provider' : 'refused', `${step}: ${err.error}`)
  }
  if (err instanceof client.AuthorizationResponseError) return new SignInError('refused', `authorization: ${err.error}`)
  if (err instanceof TypeError && err.message === 'fetch failed') return new SignInError('provider', `${step}: provider unreachable`)
  const code = (err as { code?: unknown }).code
  if (code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT') return new SignInError('provider', `${step}: provider timed out`)
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
    return new SignInError('provider', `${step}: unexpected answer from the provider`)
  }
  if (step === 'discovery') return new SignInError('provider', `discovery: ${String((err as Error).message ?? err)}`)
  // openid-client's message is generic; its cause (oauth4webapi) names the check that failed,
  // e.g. 'unexpected ID Token "nonce" claim value'. Only messages are logged, never values.
  const message = err instanceof Error ? err.message : String(err)
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : ''
  return new SignInError('refused', `${step}: ${typeof code === 'string' ? `${code} ` : ''}${message}${cause}`)
}
