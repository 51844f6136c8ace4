import type { Role } from '../../shared/auth'
import type { Language } from '../../shared/i18n/languages'
import type { MeetingSummary } from '../../shared/minutes'
import { MemoryWebhookStore } from './MemoryWebhookStore'
import type { WebhookStore } from './WebhookStore'
import { chainEvent, type ChainHead, type HistoryDraft, type HistoryEvent } from '../../shared/record'
import {
  compareMeetings,
  MAX_LISTED_SESSIONS,
  MAX_HISTORY_PAGE,
  type AppendEntry,
  type IssuedFileRecord,
  type PersonIdentity,
  type PersonKey,
  type RosterMember,
  type SealRecord,
  type SessionRecord,
  type Storage,
  type StorageTestHooks,
  type StoredDoc,
  type TokenRecord,
  type VersionMeta,
  type VersionRecord,
} from './DocStorage'
import { MemoryActionStore } from './MemoryActionStore'

interface MemoryDoc {
  snapshot: { data: Uint8Array; uptoSeq: number } | null
  updates: { seq: number; data: Uint8Array }[]
}

/**
 * In-memory backend with the same contract as SqliteStorage (tests, and a reference for new
 * backends). Stores copies of the bytes it is given.
 */
export class MemoryStorage implements Storage {
  private readonly docs = new Map<string, MemoryDoc>()
  private readonly meetings = new Map<string, MeetingSummary>()
  private readonly tokens = new Map<string, TokenRecord>()
  private readonly sessions = new Map<string, SessionRecord>()
  /** In insertion order, which is the order listVersions returns (oldest first). */
  private readonly versions: VersionRecord[] = []
  private readonly rosters = new Map<string, RosterMember[]>()
  /** JSON [issuer, subject] → the person's interface language and when it was set. */
  private readonly personLanguages = new Map<string, { language: Language; updatedAt: string }>()
  /** Seals by meeting id, in insertion order; issued files by SHA-256. */
  private readonly seals = new Map<string, SealRecord>()
  private readonly issuedFiles = new Map<string, IssuedFileRecord>()
  private readonly signInRoles = new Map<string, Role[]>()
  /** docName → client id → owner. */
  private readonly clientOwners = new Map<string, Map<number, string>>()
  private nextSeq = 1
  /** meeting id → its events in seq order (index seq - 1). */
  private readonly history = new Map<string, HistoryEvent[]>()

  /** The follow-up lists (issue 15). */
  readonly actions = new MemoryActionStore()

  constructor(private readonly hooks: StorageTestHooks = {}) {}

  async load(docName: string): Promise<StoredDoc | null> {
    return this.readSince(docName, null)
  }

  async loadSince(docName: string, afterSeq: number): Promise<StoredDoc | null> {
    return this.readSince(docName, afterSeq)
  }

  /** As SqliteStorage.readSince. */
  private readSince(docName: string, afterSeq: number | null): StoredDoc | null {
    const doc = this.docs.get(docName)
    if (!doc || (!doc.snapshot && doc.updates.length === 0)) return null
    const useSnapshot = doc.snapshot !== null && (afterSeq === null || doc.snapshot.uptoSeq > afterSeq)
    const updates = doc.updates.filter((u) => afterSeq === null || u.seq > afterSeq).map((u) => u.data.slice())
    return {
      updates: useSnapshot ? [doc.snapshot!.data.slice(), ...updates] : updates,
      lastSeq: doc.updates.at(-1)?.seq ?? doc.snapshot?.uptoSeq ?? 0,
      uncompacted: doc.updates.length,
    }
  }

  async append(docName: string, update: Uint8Array): Promise<number> {
    return this.appendRow(docName, update)
  }

  private appendRow(docName: string, update: Uint8Array): number {
    const seq = this.nextSeq++
    let doc = this.docs.get(docName)
    if (!doc) this.docs.set(docName, (doc = { snapshot: null, updates: [] }))
    doc.updates.push({ seq, data: update.slice() })
    return seq
  }

  async loadClientOwners(docName: string): Promise<Map<number, string>> {
    return new Map(this.clientOwners.get(docName))
  }

  async claimClientIds(docName: string, clientIds: readonly number[], owner: string): Promise<Map<number, string>> {
    let owners = this.clientOwners.get(docName)
    if (!owners) this.clientOwners.set(docName, (owners = new Map()))
    const result = new Map<number, string>()
    for (const id of clientIds) {
      if (!owners.has(id)) owners.set(id, owner)
      result.set(id, owners.get(id)!)
    }
    return result
  }

  async appendBatch(batch: readonly AppendEntry[]): Promise<number[]> {
    // Copy everything first (what can throw), then append: all or nothing, like a transaction.
    const copies = batch.map(({ docName, updates }) => ({ docName, updates: updates.map((u) => u.slice()) }))
    return copies.map(({ docName, updates }) => {
      let last = 0
      for (const update of updates) last = this.appendRow(docName, update)
      return last
    })
  }

  async compact(docName: string, mergedState: Uint8Array, uptoSeq: number): Promise<void> {
    const doc = this.docs.get(docName) ?? { snapshot: null, updates: [] }
    if (doc.snapshot && uptoSeq <= doc.snapshot.uptoSeq) return // another compaction got further
    // Build the new state aside and swap it in last, like a transaction commit.
    const snapshot = { data: mergedState.slice(), uptoSeq }
    this.hooks.onCompactMidway?.(docName)
    this.docs.set(docName, { snapshot, updates: doc.updates.filter((u) => u.seq > uptoSeq) })
  }

  async createMeeting(meeting: MeetingSummary, initialUpdate: Uint8Array, docs: ReadonlyMap<string, Uint8Array> = new Map()): Promise<void> {
    if (this.meetings.has(meeting.id)) throw new Error(`meeting "${meeting.id}" exists`)
    this.meetings.set(meeting.id, { ...meeting })
    this.appendRow(meeting.id, initialUpdate)
    for (const [docName, update] of docs) this.appendRow(docName, update)
  }

  async insertToken(record: TokenRecord): Promise<void> {
    if (this.tokens.has(record.id)) throw new Error(`token "${record.id}" exists`)
    this.tokens.set(record.id, { ...record })
  }

  async getToken(id: string): Promise<TokenRecord | null> {
    const token = this.tokens.get(id)
    return token ? { ...token } : null
  }

  async listTokens(meetingId: string): Promise<TokenRecord[]> {
    // Oldest first, then in insertion order (Array.prototype.sort is stable), like SQLite's ORDER BY created_at, rowid.
    const tokens = [...this.tokens.values()].filter((t) => t.meetingId === meetingId)
    return tokens.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)).map((t) => ({ ...t }))
  }

  async revokeToken(meetingId: string, id: string, at: string): Promise<TokenRecord | null> {
    const token = this.tokens.get(id)
    if (!token || token.meetingId !== meetingId) return null
    if (token.revokedAt === null) this.tokens.set(id, { ...token, revokedAt: at })
    return this.getToken(id)
  }

  async listPersonInvitations(person: PersonKey): Promise<TokenRecord[]> {
    // Map order is insertion order: oldest first, like the SQL backends' rowid / ord.
    return [...this.tokens.values()]
      .filter((t) => (t.personSubject !== null && t.personSubject === person.subject) || (t.personEmail !== null && t.personEmail === person.email))
      .map((t) => ({ ...t }))
  }

  async insertSession(record: SessionRecord): Promise<void> {
    if (this.sessions.has(record.idHash)) throw new Error('session exists')
    this.sessions.set(record.idHash, { ...record })
  }

  async getSignInRoles(meetingId: string): Promise<Role[] | null> {
    const roles = this.signInRoles.get(meetingId)
    return roles ? [...roles] : null
  }

  async setSignInRoles(meetingId: string, roles: readonly Role[]): Promise<void> {
    this.signInRoles.set(meetingId, [...roles])
  }

  async getSession(idHash: string): Promise<SessionRecord | null> {
    const session = this.sessions.get(idHash)
    return session ? { ...session } : null
  }

  async deleteEndedSessions(endedBefore: string): Promise<number> {
    let deleted = 0
    for (const [idHash, session] of this.sessions) {
      if (session.expiresAt < endedBefore || (session.revokedAt !== null && session.revokedAt < endedBefore)) {
        this.sessions.delete(idHash)
        deleted++
      }
    }
    return deleted
  }

  async listActiveSessions(now: string, person?: { readonly issuer: string; readonly subject: string }): Promise<SessionRecord[]> {
    return [...this.sessions.values()]
      .filter((s) => s.revokedAt === null && s.expiresAt > now && (!person || (s.issuer === person.issuer && s.subject === person.subject)))
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.idHash < b.idHash ? -1 : 1) : a.createdAt < b.createdAt ? 1 : -1))
      .slice(0, MAX_LISTED_SESSIONS)
      .map((s) => ({ ...s }))
  }

  async revokeSession(idHash: string, at: string): Promise<SessionRecord | null> {
    const session = this.sessions.get(idHash)
    if (!session) return null
    if (session.revokedAt === null) this.sessions.set(idHash, { ...session, revokedAt: at })
    return this.getSession(idHash)
  }

  async insertVersion(record: VersionRecord): Promise<void> {
    if (this.versions.some((v) => v.meetingId === record.meetingId && v.id === record.id)) {
      throw new Error(`version "${record.id}" exists`)
    }
    this.versions.push({ ...record, state: record.state.slice() })
  }

  async listVersions(meetingId: string): Promise<VersionMeta[]> {
    return this.versions.filter((v) => v.meetingId === meetingId).map(({ state: _state, ...meta }) => meta)
  }

  async getVersion(meetingId: string, id: string): Promise<VersionRecord | null> {
    const version = this.versions.find((v) => v.meetingId === meetingId && v.id === id)
    return version ? { ...version, state: version.state.slice() } : null
  }

  async getRoster(organ: string): Promise<RosterMember[]> {
    return (this.rosters.get(organ) ?? []).map((m) => ({ ...m }))
  }

  async replaceRoster(organ: string, members: readonly RosterMember[]): Promise<void> {
    const ids = new Set(members.map((m) => m.id))
    if (ids.size !== members.length) throw new Error('roster member ids must be unique')
    if (members.length === 0) this.rosters.delete(organ)
    else this.rosters.set(organ, members.map((m) => ({ ...m })))
  }

  async getPersonLanguage(person: PersonIdentity): Promise<Language | null> {
    return this.personLanguages.get(JSON.stringify([person.issuer, person.subject]))?.language ?? null
  }

  async setPersonLanguage(person: PersonIdentity, language: Language, at: string): Promise<void> {
    this.personLanguages.set(JSON.stringify([person.issuer, person.subject]), { language, updatedAt: at })
  }

  async appendHistoryEvent(draft: HistoryDraft): Promise<HistoryEvent> {
    let events = this.history.get(draft.meetingId)
    if (!events) this.history.set(draft.meetingId, (events = []))
    const last = events.at(-1)
    // A deep copy through JSON, as the SQL backends store it: the caller's objects stay theirs.
    const event = JSON.parse(JSON.stringify(chainEvent(draft, last ? { seq: last.seq, hash: last.hash } : null))) as HistoryEvent
    events.push(event)
    return structuredClone(event)
  }

  async listHistory(meetingId: string, afterSeq: number, limit: number): Promise<HistoryEvent[]> {
    const events = this.history.get(meetingId) ?? []
    return events.filter((e) => e.seq > afterSeq).slice(0, Math.max(0, Math.min(limit, MAX_HISTORY_PAGE))).map((e) => structuredClone(e))
  }

  async historyHead(meetingId: string): Promise<ChainHead | null> {
    const last = this.history.get(meetingId)?.at(-1)
    return last ? { seq: last.seq, hash: last.hash } : null
  }

  async getMeeting(id: string): Promise<MeetingSummary | null> {
    const meeting = this.meetings.get(id)
    return meeting ? { ...meeting } : null
  }

  async listMeetings(): Promise<MeetingSummary[]> {
    return [...this.meetings.values()].map((m) => ({ ...m })).sort(compareMeetings)
  }

  async insertSeal(record: SealRecord): Promise<SealRecord> {
    if (!this.seals.has(record.meetingId)) this.seals.set(record.meetingId, { ...record })
    return { ...this.seals.get(record.meetingId)! }
  }

  async getSeal(meetingId: string): Promise<SealRecord | null> {
    const seal = this.seals.get(meetingId)
    return seal ? { ...seal } : null
  }

  async findSealByHash(sha256: string): Promise<SealRecord | null> {
    const seal = [...this.seals.values()].find((s) => s.sha256 === sha256)
    return seal ? { ...seal } : null
  }

  async recordIssuedFile(record: IssuedFileRecord): Promise<void> {
    if (!this.issuedFiles.has(record.sha256)) this.issuedFiles.set(record.sha256, { ...record })
  }

  async findIssuedFile(sha256: string): Promise<IssuedFileRecord | null> {
    const file = this.issuedFiles.get(sha256)
    return file ? { ...file } : null
  }

  private readonly webhooks = new MemoryWebhookStore()

  webhookStore(): WebhookStore {
    return this.webhooks
  }

  async close(): Promise<void> {
    this.seals.clear()
    this.issuedFiles.clear()
    this.docs.clear()
    this.meetings.clear()
    this.tokens.clear()
    this.sessions.clear()
    this.versions.length = 0
    this.rosters.clear()
    this.personLanguages.clear()
    this.history.clear()
  }
}
