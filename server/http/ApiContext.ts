import type { ActionSync } from '../actions'
import type { AccessChanges, CookieNames, OidcSignIn, OriginPolicy, SessionAuthority, SignInPolicy, TokenAuthority } from '../auth'
import type { FailureLimits, TrustedProxies } from '../limits'
import type { Storage } from '../persistence'
import type { ArchiveMetadata, HistoryRecorder } from '../record'
import type { RoomRegistry } from '../rooms'
import type { SearchIndex } from '../search'
import type { Webhooks } from '../webhooks'

/** Sign-in with the organisation's identity provider (OIDC_ISSUER set). */
export interface SignInContext {
  readonly oidc: OidcSignIn
  readonly sessions: SessionAuthority
  readonly cookies: CookieNames
  /** Seals the pending-login cookie (TOKEN_SECRET). Never log it. */
  readonly tokenSecret: Buffer
}

/** What the API handlers need. */
export interface ApiContext {
  readonly store: Pick<Storage, 'createMeeting' | 'getMeeting' | 'listMeetings' | 'insertVersion' | 'listVersions' | 'getVersion' | 'getRoster' | 'replaceRoster' | 'setSignInRoles' | 'insertSeal' | 'getSeal' | 'findSealByHash' | 'recordIssuedFile' | 'findIssuedFile' | 'actions' | 'load' | 'getPersonLanguage' | 'setPersonLanguage'>
  /** Sign-in and browser sessions; absent when OIDC_ISSUER is unset (then no cookie is ever looked at). */
  readonly signIn?: SignInContext
  readonly auth: TokenAuthority
  /** Which roles of a meeting must sign in instead of using links (absent: links only). */
  readonly signInPolicy?: SignInPolicy
  readonly origins: OriginPolicy
  readonly rooms: RoomRegistry
  /** Closes the connections an access change ends, on every node (revoked token, ended session, sign-in roles). */
  readonly access: AccessChanges
  /** PUBLIC_URL: the base of invitation links; null to use the request's Host. */
  readonly publicUrl: string | null
  /** Storage was opened read-only: every state-changing request is refused with 503 (see meetingsApi). */
  readonly storageReadOnly?: boolean
  /**
   * Failed credentials counted per client address (429 once an address used up its budget), and
   * the proxies whose X-Forwarded-For names that address. Without: nothing is counted.
   */
  readonly limits?: { readonly failures: FailureLimits; readonly proxies: TrustedProxies }
  /**
   * The meeting history (server/record): acts are recorded here after they stand. Absent: nothing
   * is recorded, and the history routes answer 404.
   */
  readonly history?: HistoryRecorder
  /**
   * The organs' webhooks (server/webhooks): acts are enqueued here after they stand (see
   * Webhooks.enqueue). Absent: nothing is sent, and the webhook routes answer 404.
   */
  readonly webhooks?: Webhooks
  /** Noark 5 metadata of the archive packages (NOARK_* settings); absent: the defaults. */
  readonly archive?: ArchiveMetadata
  /** The search across referater (GET /api/search); absent: that route answers 404. */
  readonly search?: SearchIndex
  /** Told of each meeting created, so that its first minutes are indexed for search without waiting for an edit. */
  readonly searchIndexer?: { changed(docNames: readonly string[]): void }
  /** Reads meetings' aksjonspunkter into their organ's follow-up list (absent: the list holds what was read before). */
  readonly actionSync?: ActionSync
  /** Milliseconds since the epoch (tests may fix it). */
  readonly now?: () => number
}
