import type { SignInPolicy } from './signInPolicy'
import { DEFAULT_TOKEN_DAYS, type Role, type TokenClaims } from '../../shared/auth'
import type { PersonKey, TokenRecord, TokenStore } from '../persistence'
import { isAdminCredential, type ServerSecrets } from './secrets'
import { newTokenId, readSignedToken, signToken, verifyToken, type TokenCheck } from './tokens'

const DAY_MS = 24 * 3600 * 1000

/** What to mint a token for. */
export interface MintRequest {
  readonly meetingId: string
  readonly role: Role
  /** Personal tokens name their holder; null for a role invitation. */
  readonly name: string | null
  readonly org: string | null
  /** Lifetime in days (DEFAULT_TOKEN_DAYS when absent); the caller checks the range. */
  readonly days?: number
  /** A personal invitation: the person's e-mail (lower case) or subject at the identity provider. */
  readonly personEmail?: string | null
  readonly personSubject?: string | null
}

/** A freshly minted token: the only moment the token string exists on the server. */
export interface MintedToken {
  readonly token: string
  readonly claims: TokenClaims
  readonly record: TokenRecord
}

/**
 * The server's one place for credentials: mints meeting tokens (recording each in the token
 * store), verifies them, revokes them, and recognises the admin credential. Token strings are
 * returned to the caller and never kept or logged.
 */
export class TokenAuthority {
  private signInPolicy: SignInPolicy | null = null
  constructor(
    private readonly secrets: Pick<ServerSecrets, 'tokenSecret' | 'adminCredentialHash'>,
    private readonly store: TokenStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Signs and records a token. Rejects when the store fails. */
  async mint(request: MintRequest): Promise<MintedToken> {
    const nowMs = this.now()
    const expiresMs = nowMs + (request.days ?? DEFAULT_TOKEN_DAYS) * DAY_MS
    const claims: TokenClaims = {
      tid: newTokenId(),
      mid: request.meetingId,
      role: request.role,
      name: request.name,
      org: request.org,
      exp: Math.floor(expiresMs / 1000),
    }
    const record: TokenRecord = {
      id: claims.tid,
      meetingId: claims.mid,
      role: claims.role,
      name: claims.name,
      org: claims.org,
      createdAt: new Date(nowMs).toISOString(),
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      revokedAt: null,
      personEmail: request.personEmail ?? null,
      personSubject: request.personSubject ?? null,
    }
    await this.store.insertToken(record)
    return { token: signToken(this.secrets.tokenSecret, claims), claims, record }
  }

  /**
   * Verifies `token` for `meetingId` now (see verifyToken for the order of the checks); last, a
   * valid link of a role the meeting requires to sign in (SignInPolicy) fails with
   * `signInRequired`.
   */
  async verify(token: string | null | undefined, meetingId: string): Promise<TokenCheck> {
    const check = await verifyToken(
      this.secrets.tokenSecret,
      token,
      meetingId,
      { revokedAt: (id) => this.store.getToken(id) },
      this.now(),
    )
    if (check.ok && this.signInPolicy && (await this.signInPolicy.requiresSignIn(meetingId, check.claims.role))) {
      return { ok: false, failure: 'signInRequired' }
    }
    return check
  }

  /** Which roles of meetings must sign in instead of using links (none until set: links only). */
  useSignInPolicy(policy: SignInPolicy): void {
    this.signInPolicy = policy
  }

  /** True when `token` is a token this server signed (whatever its expiry or meeting). */
  isSignedToken(token: string): boolean {
    return readSignedToken(this.secrets.tokenSecret, token) !== null
  }

  /**
   * The meeting a token this server signed is for, or null for anything else. Expiry and
   * revocation are not checked: `verify` the token for that meeting before trusting it.
   */
  claimedMeeting(token: string): string | null {
    return readSignedToken(this.secrets.tokenSecret, token)?.mid ?? null
  }

  /** True when `credential` is the admin credential (constant-time comparison). */
  isAdmin(credential: string | null | undefined): boolean {
    return typeof credential === 'string' && credential.length > 0 && isAdminCredential(this.secrets, credential)
  }

  /** Revokes a token of the meeting; returns its record, or null when it has no such token. */
  revoke(meetingId: string, tokenId: string): Promise<TokenRecord | null> {
    return this.store.revokeToken(meetingId, tokenId, new Date(this.now()).toISOString())
  }

  list(meetingId: string): Promise<TokenRecord[]> {
    return this.store.listTokens(meetingId)
  }

  /** The person's personal invitations that are valid now (not revoked, not expired), oldest first. */
  async personInvitations(person: PersonKey): Promise<TokenRecord[]> {
    const nowMs = this.now()
    const all = await this.store.listPersonInvitations(person)
    return all.filter((t) => t.revokedAt === null && Date.parse(t.expiresAt) > nowMs)
  }

  /**
   * The invitation a signed-in person holds for `meetingId`: the newest valid one (an admin who
   * invites a person again means the new role), or null.
   */
  async personInvitation(person: PersonKey, meetingId: string): Promise<TokenRecord | null> {
    const valid = (await this.personInvitations(person)).filter((t) => t.meetingId === meetingId)
    return valid.at(-1) ?? null
  }
}
