import type { Role } from '../auth'
import type { Language } from '../i18n/languages'
import type { Confirmation, Flag, FlagStatus, MeetingState, VersionInfo } from '../register'
import type { JSONContent, MeetingSummary, MinutesDiff } from '../minutes'

/**
 * Request and response bodies of the HTTP API (all JSON). Errors are `ApiErrorBody` (errorCodes.ts) with the
 * status codes the README lists. Authentication is `Authorization: Bearer <token>`: the admin
 * credential for the admin routes, a meeting token (or the admin credential) for a meeting's own
 * routes.
 */

/** An invitation link: the token and the URL that carries it in its fragment. */
export interface Invitation {
  readonly tokenId: string
  readonly role: Role
  readonly name: string | null
  readonly org: string | null
  /** `<origin>/m/<meetingId>#token=<token>` */
  readonly url: string
  readonly token: string
  readonly expiresAt: string
}

/** A minted token as listed to the admin (never the token itself). */
export interface TokenInfo {
  readonly tokenId: string
  readonly role: Role
  readonly name: string | null
  readonly org: string | null
  readonly createdAt: string
  readonly expiresAt: string
  readonly revokedAt: string | null
  /** A personal invitation's person (e-mail in lower case, or subject at the identity provider); null for a link. */
  readonly personEmail: string | null
  readonly personSubject: string | null
}

/**
 * A meeting as the API answers with it: its summary and its language (the register's; issue 16),
 * the language of its exports and the interface's default for readers who chose none. This server
 * always sends `language`; it is optional for clients of a server from before languages (read
 * absent as 'nb').
 */
export type MeetingWithLanguage = MeetingSummary & { readonly language?: Language }

/** POST /api/meetings/:id/language (sekretær, møteleder) → 200 MeetingLanguageResponse; 409 once approved. */
export interface MeetingLanguageRequest {
  readonly language: Language
}
export interface MeetingLanguageResponse {
  readonly language: Language
}

/** POST /api/meetings (admin) → 201; the body's optional `language` ('nb' when absent) is the meeting's. */
export interface CreateMeetingResponse {
  readonly meeting: MeetingWithLanguage
  /** One role invitation per role, in ROLES order. */
  readonly invitations: Invitation[]
}

/** GET /api/meetings (admin) → 200 */
export interface ListMeetingsResponse {
  readonly meetings: MeetingWithLanguage[]
}

/** POST /api/meetings/:id/tokens (admin) → 201 `{ invitation }` */
export interface CreateTokenRequest {
  readonly role: Role
  /** Set for a personal link; absent or empty for another role link. */
  readonly name?: string
  readonly org?: string
  /** 1 to MAX_TOKEN_DAYS; DEFAULT_TOKEN_DAYS when absent. */
  readonly expiresInDays?: number
  /**
   * A personal invitation (sign-in on): the person's e-mail, or their subject at the identity
   * provider (not both). Once signed in they find the meeting under "Mine møter" and join with
   * this role; the link minted along with it works as a link too.
   */
  readonly email?: string
  readonly subject?: string
}

/** GET /api/meetings/:id/tokens (admin) → 200 `{ tokens: TokenInfo[] }`; DELETE /api/meetings/:id/tokens/:tokenId → 204 */

/** GET /api/meetings/:id (meeting token or admin) → 200 */
export interface MeetingResponse {
  readonly meeting: MeetingWithLanguage
  /** Who the token says you are; null for the admin. */
  readonly me: { readonly tokenId: string; readonly role: Role; readonly name: string | null; readonly org: string | null } | null
}

/** A signed-in person as /api/me shows them (from the ID token). */
export interface MePerson {
  readonly name: string | null
  readonly email: string | null
  readonly org: string | null
  readonly issuer: string
  readonly subject: string
}

/**
 * GET /api/me → 200. `oidc` says whether sign-in is on. `csrfToken` must be sent as the
 * X-CSRF-Token header on every state-changing request made with the session cookie. `language`
 * is the interface language the person chose (PUT /api/me/language), on any device, or null.
 */
export type MeResponse =
  | { readonly oidc: boolean; readonly signedIn: false }
  | {
      readonly oidc: true
      readonly signedIn: true
      readonly person: MePerson
      readonly isAdmin: boolean
      readonly csrfToken: string
      readonly language: Language | null
    }

/** PUT /api/me/language (session, X-CSRF-Token) with `{ language }` → 200 PersonLanguageResponse. */
export interface PersonLanguageResponse {
  readonly language: Language
}

/** One active sign-in, as GET /api/sessions lists it. Never the cookie: `id` is its SHA-256, which opens nothing. */
export interface SessionSummary {
  readonly id: string
  readonly name: string | null
  readonly email: string | null
  readonly issuer: string
  readonly subject: string
  readonly isAdmin: boolean
  /** ISO times. */
  readonly createdAt: string
  readonly expiresAt: string
  /** This browser's own session. */
  readonly current: boolean
}

/**
 * GET /api/sessions (session or admin credential) → 200: an admin sees every active session, a
 * person their own; newest first, at most 500. DELETE /api/sessions/:id ends one (204): its open
 * connections close on every node with 4403 `session-ended`.
 */
export interface SessionsResponse {
  readonly sessions: readonly SessionSummary[]
  /** True when these are everyone's sessions (the caller is an admin). */
  readonly all: boolean
}

/** GET /api/my/meetings (session) → 200: the meetings the person is invited to, with their role. */
export interface MyMeetingsResponse {
  readonly meetings: { readonly meeting: MeetingWithLanguage; readonly role: Role }[]
}

/**
 * GET / PUT /api/meetings/:id/sign-in (admin, only with sign-in configured): the roles of the
 * meeting that must sign in with the identity provider (their links are refused). `chosen` is
 * false while the server's default applies (møteleder and sekretær). PUT takes `{ roles }`.
 */
export interface SignInRolesResponse {
  readonly roles: Role[]
  readonly chosen: boolean
}

/** Header that repeats the session's CSRF token on state-changing requests made with the cookie. */
export const CSRF_HEADER = 'X-CSRF-Token'

/** POST /api/meetings/:id/flags (medlem) → 201 `{ flag }` */
export interface CreateFlagRequest {
  readonly agendaItemId: string | null
  readonly anchor: { readonly start: string; readonly end: string }
  readonly quote: string
  readonly comment: string
  readonly proposedText?: string | null
  readonly nameMe?: boolean
}

/** POST /api/meetings/:id/flags/:flagId/decision (sekretær, møteleder) → 200 `{ flag }` */
export interface DecideFlagRequest {
  readonly status: Exclude<FlagStatus, 'open'>
  readonly reply?: string | null
}

/** POST /api/meetings/:id/confirmations (møteleder) → 201 `{ confirmation }`; 409 when the text changed */
export interface ConfirmDecisionRequest {
  readonly agendaItemId: string
  /** hashDecisionText of the text the chair sees; the server compares with its own. */
  readonly textHash: string
}

/** POST /api/meetings/:id/close (møteleder) → 200 `{ state }` */
export interface CloseMeetingRequest {
  /** ISO date-time until which members may still file flags; null for none. */
  readonly commentDeadline: string | null
}

/** POST /api/meetings/:id/versions (sekretær, møteleder) → 201 `{ version }` */
export interface CreateVersionRequest {
  /** 1 to MAX_VERSION_NAME_CHARS characters after trimming, no control characters. */
  readonly name: string
}

/** GET /api/meetings/:id/versions (any role) → 200, oldest first */
export interface ListVersionsResponse {
  readonly versions: VersionInfo[]
}

/** GET /api/meetings/:id/versions/:versionId (any role) → 200 */
export interface VersionResponse {
  readonly version: VersionInfo
  /** The minutes as they were, ProseMirror JSON of the minutes schema. */
  readonly minutes: JSONContent
}

/** GET /api/meetings/:id/diff?from=<versionId|current>&to=<versionId|current> (any role) → 200 */
export interface DiffResponse {
  readonly diff: MinutesDiff
}

/** POST /api/meetings/:id/approve (sekretær, møteleder; only after closing) → 201 */
export interface ApproveMeetingRequest {
  /** Where the referat was approved, e.g. "møte 4/2023"; optional. */
  readonly approvedInMeeting?: string | null
}
/** The answer to ApproveMeetingRequest: the new state and the version "Godkjent <dato>". */
export interface ApproveMeetingResponse {
  readonly state: MeetingState
  readonly version: VersionInfo
}

export type { Confirmation, Flag }
