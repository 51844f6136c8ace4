import type { Role } from '../../shared/auth'
import type { Language } from '../../shared/i18n/languages'
import type { MeetingSummary } from '../../shared/minutes'
import type { ChainHead, HistoryDraft, HistoryEvent } from '../../shared/record'
import type { AttendanceGroupName } from '../../shared/schema'
import type { WebhookStore } from './WebhookStore'
import type { ActionStore } from './ActionStore'

/** What is stored for one document: its snapshot (if any) followed by the later updates. */
export interface StoredDoc {
  /** Yjs v1 updates in the order they must be applied; a snapshot comes first. */
  readonly updates: Uint8Array[]
  /** Sequence number of the last stored update (0 when there is none). */
  readonly lastSeq: number
  /** Number of updates stored after the snapshot (what compaction would fold in). */
  readonly uncompacted: number
}

/** The updates of one document in a batch append, in the order they must be applied. */
export interface AppendEntry {
  readonly docName: string
  readonly updates: readonly Uint8Array[]
}

/**
 * Storage of Yjs documents as an append-only update log plus an optional snapshot.
 *
 * Every method returns a promise: the embedded backend (SQLite) does its work synchronously and
 * returns a settled promise, a networked one (PostgreSQL) awaits the database. Several server
 * processes may share one backend (PostgreSQL), so every method is safe against concurrent
 * callers in other processes. Methods reject on I/O failure; a rejected write changed nothing.
 */
export interface DocStorage {
  /** The stored document, or null when nothing is stored under `docName`. */
  load(docName: string): Promise<StoredDoc | null>
  /**
   * What was stored after sequence number `afterSeq` (to catch up a document held in memory):
   * the updates with seq > afterSeq in order, preceded by the snapshot when compaction has
   * folded some of those into it (applying it again is harmless: Yjs updates are idempotent).
   * `uncompacted` counts every stored update after the snapshot, as in load. Null when nothing is stored.
   */
  loadSince(docName: string, afterSeq: number): Promise<StoredDoc | null>
  /** Appends one update and returns its sequence number (increasing per document). */
  append(docName: string, update: Uint8Array): Promise<number>
  /**
   * Appends the updates of several documents in one transaction (group commit: one flush to disk
   * for all of them). Returns, per entry, the sequence number of its last update. All or nothing:
   * when it rejects, none of the updates is stored. Concurrent batches from other processes get
   * other sequence numbers (never the same one twice for a document).
   */
  appendBatch(batch: readonly AppendEntry[]): Promise<number[]>
  /**
   * Replaces the snapshot with `mergedState` and deletes the updates with seq <= `uptoSeq`, in
   * one transaction: after a crash either the old rows or the new snapshot exist, never neither.
   * `mergedState` must contain every update with seq <= `uptoSeq`. A compaction that is not
   * newer than the stored snapshot (uptoSeq <= its upto_seq: another process compacted further
   * meanwhile) changes nothing. Concurrent compactions of one document are serialised by the
   * database (a lock per document), never by timers.
   */
  compact(docName: string, mergedState: Uint8Array, uptoSeq: number): Promise<void>
  /**
   * The Yjs client ids of `docName` bound to who introduced them (client id → owner key, e.g. a
   * token id): see claimClientIds. Empty when none is bound.
   */
  loadClientOwners(docName: string): Promise<Map<number, string>>
  /**
   * Binds each of `clientIds` in `docName` to `owner` unless it is bound already, and returns the
   * owner of each of them afterwards: `owner` where this call bound it, the earlier owner where
   * another call (on any node) bound it first. A binding is never changed or removed. Safe
   * against concurrent callers in other processes: exactly one owner wins per client id.
   */
  claimClientIds(docName: string, clientIds: readonly number[], owner: string): Promise<Map<number, string>>
}

/** The meeting registry (`/api/meetings`). */
export interface MeetingStore {
  /**
   * Stores the meeting and the first update of its document atomically, and the first update of
   * other documents of the meeting (`docs`: docName → update, e.g. the register).
   */
  createMeeting(meeting: MeetingSummary, initialUpdate: Uint8Array, docs?: ReadonlyMap<string, Uint8Array>): Promise<void>
  getMeeting(id: string): Promise<MeetingSummary | null>
  /** All meetings, newest meeting date first (then newest created). */
  listMeetings(): Promise<MeetingSummary[]>
}

/** A minted meeting token as stored (never the token itself: it can be re-signed from this). */
export interface TokenRecord {
  readonly id: string
  readonly meetingId: string
  readonly role: Role
  readonly name: string | null
  readonly org: string | null
  /** ISO timestamps. */
  readonly createdAt: string
  readonly expiresAt: string
  readonly revokedAt: string | null
  /**
   * A personal invitation names the person it is for: their e-mail (lower case) or their
   * subject at the identity provider; both null for a link only.
   */
  readonly personEmail: string | null
  readonly personSubject: string | null
}

/** Who a personal invitation may be for: a signed-in person's e-mail (lower case, or null) and subject. */
export interface PersonKey {
  readonly email: string | null
  readonly subject: string
}

/** Minted tokens, for revocation and for the admin's list. */
export interface TokenStore {
  /** Records a minted token. Rejects if the id exists. */
  insertToken(record: TokenRecord): Promise<void>
  getToken(id: string): Promise<TokenRecord | null>
  /** The meeting's tokens, oldest first. */
  listTokens(meetingId: string): Promise<TokenRecord[]>
  /**
   * Sets `revokedAt` of the meeting's token `id` unless it is set already. Returns the record
   * as it is afterwards, or null when the meeting has no such token.
   */
  revokeToken(meetingId: string, id: string, at: string): Promise<TokenRecord | null>
  /**
   * The personal invitations (of every meeting, revoked and expired ones too) whose personEmail
   * equals `person.email` or whose personSubject equals `person.subject`, oldest first.
   */
  listPersonInvitations(person: PersonKey): Promise<TokenRecord[]>
}

/**
 * A browser session after sign-in with the identity provider, as stored. The cookie holds a
 * random id; only its SHA-256 (`idHash`) is stored, so a copy of the database opens no session.
 */
export interface SessionRecord {
  /** SHA-256 of the session id, hex. */
  readonly idHash: string
  readonly issuer: string
  readonly subject: string
  readonly name: string | null
  /** Lower case. */
  readonly email: string | null
  readonly org: string | null
  readonly isAdmin: boolean
  /** The value state-changing requests made with the session cookie must repeat in X-CSRF-Token. */
  readonly csrfToken: string
  /** The ID token, kept only as id_token_hint for the provider's logout; null when it offers none. */
  readonly idToken: string | null
  /** ISO timestamps. */
  readonly createdAt: string
  readonly expiresAt: string
  readonly revokedAt: string | null
}

/** The most sessions one listing returns (an admin's overview; a person has a handful). */
export const MAX_LISTED_SESSIONS = 500

/** Browser sessions. */
export interface SessionStore {
  /** Records a session. Rejects if one with this idHash exists. */
  insertSession(record: SessionRecord): Promise<void>
  /** The session (also when expired or revoked), or null. */
  getSession(idHash: string): Promise<SessionRecord | null>
  /** Sets `revokedAt` unless set already; returns the record as it is afterwards, or null when there is none. */
  revokeSession(idHash: string, at: string): Promise<SessionRecord | null>
  /**
   * The sessions neither revoked nor expired at `now` (ISO time), newest first, at most
   * MAX_LISTED_SESSIONS; only `person`'s (issuer and subject) when given.
   */
  listActiveSessions(now: string, person?: { readonly issuer: string; readonly subject: string }): Promise<SessionRecord[]>
  /**
   * Deletes the sessions that ended (expired, or were revoked) before `endedBefore` (ISO time),
   * with their stored ID tokens: personal data kept no longer than it is of use. Returns how many.
   */
  deleteEndedSessions(endedBefore: string): Promise<number>
}

/**
 * Per meeting, the roles that must sign in with the identity provider: a link of such a role is
 * refused (issue 11). Null when the admin never chose: the server's default applies.
 */
export interface SignInRolesStore {
  getSignInRoles(meetingId: string): Promise<Role[] | null>
  /** Replaces the meeting's choice. */
  setSignInRoles(meetingId: string, roles: readonly Role[]): Promise<void>
}

/** A named version's metadata as stored (who made it: from the token, never from the client). */
export interface VersionMeta {
  readonly meetingId: string
  readonly id: string
  readonly name: string
  /** ISO timestamp. */
  readonly createdAt: string
  readonly createdByTokenId: string
  readonly createdByName: string | null
  readonly createdByRole: Role
}

/** A named version with its content: `Y.encodeStateAsUpdate` of the minutes document. */
export interface VersionRecord extends VersionMeta {
  readonly state: Uint8Array
}

/** Named, immutable copies of a meeting's minutes. */
export interface VersionStore {
  /** Stores a version. Rejects if the meeting already has a version with this id; never overwrites. */
  insertVersion(record: VersionRecord): Promise<void>
  /** The meeting's versions without their content, oldest first. */
  listVersions(meetingId: string): Promise<VersionMeta[]>
  /** The meeting's version `id` with its content, or null. */
  getVersion(meetingId: string, id: string): Promise<VersionRecord | null>
}

/**
 * The seal of a meeting's approved version (docs/EXPORT_FORMAT.md, "Seal and verification"): the
 * RFC 8785 canonical JSON of the version's JSON export without its `seal` member, and its SHA-256.
 */
export interface SealRecord {
  readonly meetingId: string
  readonly versionId: string
  readonly versionName: string
  /** SHA-256 of `canonicalJson`'s UTF-8 bytes, lower-case hex. */
  readonly sha256: string
  /** The sealed content: canonical JSON (RFC 8785) of the JSON export without `seal`. */
  readonly canonicalJson: string
  /** SHA-256 (hex) of the version's stored state: a versions row changed later no longer matches. */
  readonly versionStateSha256: string
  /** ISO timestamp of the approval. */
  readonly approvedAt: string
  /** The meeting that approved it, as written by the approver; null when not given. */
  readonly approvedIn: string | null
  readonly approvedByName: string | null
  readonly approvedByRole: Role
}

/** A file the server issued of an approved version (an export or an archive package), by its SHA-256. */
export interface IssuedFileRecord {
  /** SHA-256 of the file's bytes, lower-case hex. */
  readonly sha256: string
  readonly meetingId: string
  readonly versionId: string
  /** The SHA-256 of the seal it was issued under: a seal changed later no longer matches. */
  readonly sealSha256: string
  /** The export's extension: pdf, docx, html, md, json, or noark5.zip. */
  readonly format: string
  readonly sizeBytes: number
  /** ISO timestamp. */
  readonly issuedAt: string
}

/** Seals of approved versions and the files issued of them (server/record). */
export interface SealStore {
  /**
   * Stores `record` unless the meeting has a seal already, and returns the meeting's seal
   * afterwards: this one, or the earlier one unchanged (a meeting is sealed once).
   */
  insertSeal(record: SealRecord): Promise<SealRecord>
  /** The meeting's seal, or null. */
  getSeal(meetingId: string): Promise<SealRecord | null>
  /** The seal whose `sha256` is this (the oldest when several), or null. */
  findSealByHash(sha256: string): Promise<SealRecord | null>
  /** Records an issued file; a file with the same SHA-256 recorded earlier is kept as it is. */
  recordIssuedFile(record: IssuedFileRecord): Promise<void>
  /** The issued file with this SHA-256, or null. */
  findIssuedFile(sha256: string): Promise<IssuedFileRecord | null>
}

/** One member of an organ's roster (reusable attendance list), as stored. */
export interface RosterMember {
  readonly id: string
  readonly name: string
  readonly org: string
  /** The attendance group the member is ticked into by default. */
  readonly defaultGroup: AttendanceGroupName
}

/** Rosters per organ (`/api/rosters/:organ`). */
export interface RosterStore {
  /** The organ's members in their stored order; empty when the organ has no roster. */
  getRoster(organ: string): Promise<RosterMember[]>
  /** Replaces the organ's roster with `members` (in this order), in one transaction. */
  replaceRoster(organ: string, members: readonly RosterMember[]): Promise<void>
}

/** A signed-in person as the identity provider names them: the issuer and its subject there. */
export interface PersonIdentity {
  readonly issuer: string
  readonly subject: string
}

/**
 * Preferences of signed-in people (issue 16), one row per (issuer, subject): the interface
 * language they chose, so that it follows them to every device they sign in on.
 */
export interface PersonPreferenceStore {
  /** The person's interface language, or null when they have not chosen one. */
  getPersonLanguage(person: PersonIdentity): Promise<Language | null>
  /** Records `language` as the person's interface language (replacing any earlier one) at ISO time `at`. */
  setPersonLanguage(person: PersonIdentity, language: Language, at: string): Promise<void>
}

/** Most events one listHistory call returns. */
export const MAX_HISTORY_PAGE = 1000

/**
 * The append-only, hash-chained history of each meeting (shared/record). Events are never
 * changed or deleted by the server; the recorded head (last seq and hash) is kept beside them, so
 * that losing the last events is detected too.
 */
export interface HistoryStore {
  /**
   * Appends `draft` as the meeting's next event, chained onto the recorded head
   * (`chainEvent(draft, head)`), and records the new head, in one transaction. Appends to one
   * meeting are serialised by the database (a lock on the meeting's head, and (meeting, seq) is
   * unique), also between processes, so the chain never forks. Rejects on I/O failure; then
   * nothing is stored.
   */
  appendHistoryEvent(draft: HistoryDraft): Promise<HistoryEvent>
  /** Up to `limit` (at most MAX_HISTORY_PAGE) of the meeting's events with seq > `afterSeq`, in seq order, as stored. */
  listHistory(meetingId: string, afterSeq: number, limit: number): Promise<HistoryEvent[]>
  /** The head recorded by the meeting's last append, or null when it has no history. */
  historyHead(meetingId: string): Promise<ChainHead | null>
}

/** A backend: documents, meetings, tokens, sessions, versions, rosters, history, seals, people's preferences, and a way to release its resources. */
export interface Storage
  extends DocStorage, MeetingStore, TokenStore, SessionStore, SignInRolesStore, VersionStore, RosterStore, HistoryStore, SealStore, PersonPreferenceStore {
  /**
   * True when the backend was opened read-only (SQLite on a read-only DATA_DIR): reads work,
   * writes reject with StorageReadOnlyError. Absent means false.
   */
  readonly readOnly?: boolean
  /** The webhook outbox kept in this backend (server/webhooks); one instance per call is fine. */
  webhookStore(): WebhookStore
  /** The organs' follow-up lists of aksjonspunkter (issue 15), in the same database. */
  readonly actions: ActionStore
  /** Releases connections and files; pending calls settle first. */
  close(): Promise<void>
}

/**
 * Fault injection for the contract tests: called inside the compaction transaction after the
 * snapshot is written and before the covered updates are deleted.
 * @internal
 */
export interface StorageTestHooks {
  onCompactMidway?: (docName: string) => void
}

/** Sorts meetings the way listMeetings returns them. */
export function compareMeetings(a: MeetingSummary, b: MeetingSummary): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1
  return a.id < b.id ? -1 : 1
}
