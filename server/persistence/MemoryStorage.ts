import type { MeetingSummary } from '../../shared/minutes'
import { compareMeetings, type AppendEntry, type RosterMember, type Storage, type StorageTestHooks, type StoredDoc, type TokenRecord, type VersionMeta, type VersionRecord } from './DocStorage'

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
  /** In insertion order, which is the order listVersions returns (oldest first). */
  private readonly versions: VersionRecord[] = []
  private readonly rosters = new Map<string, RosterMember[]>()
  private nextSeq = 1

  constructor(private readonly hooks: StorageTestHooks = {}) {}

  load(docName: string): StoredDoc | null {
    const doc = this.docs.get(docName)
    if (!doc || (!doc.snapshot && doc.updates.length === 0)) return null
    const updates = doc.updates.map((u) => u.data.slice())
    const lastSeq = doc.updates.at(-1)?.seq ?? doc.snapshot?.uptoSeq ?? 0
    return {
      updates: doc.snapshot ? [doc.snapshot.data.slice(), ...updates] : updates,
      lastSeq,
      uncompacted: updates.length,
    }
  }

  append(docName: string, update: Uint8Array): number {
    const seq = this.nextSeq++
    let doc = this.docs.get(docName)
    if (!doc) this.docs.set(docName, (doc = { snapshot: null, updates: [] }))
    doc.updates.push({ seq, data: update.slice() })
    return seq
  }

  appendBatch(batch: readonly AppendEntry[]): number[] {
    // Copy everything first (what can throw), then append: all or nothing, like a transaction.
    const copies = batch.map(({ docName, updates }) => ({ docName, updates: updates.map((u) => u.slice()) }))
    return copies.map(({ docName, updates }) => {
      let last = 0
      for (const update of updates) last = this.append(docName, update)
      return last
    })
  }

  compact(docName: string, mergedState: Uint8Array, uptoSeq: number): void {
    const doc = this.docs.get(docName) ?? { snapshot: null, updates: [] }
    // Build the new state aside and swap it in last, like a transaction commit.
    const snapshot = { data: mergedState.slice(), uptoSeq }
    this.hooks.onCompactMidway?.(docName)
    this.docs.set(docName, { snapshot, updates: doc.updates.filter((u) => u.seq > uptoSeq) })
  }

  createMeeting(meeting: MeetingSummary, initialUpdate: Uint8Array, docs: ReadonlyMap<string, Uint8Array> = new Map()): void {
    if (this.meetings.has(meeting.id)) throw new Error(`meeting "${meeting.id}" exists`)
    this.meetings.set(meeting.id, { ...meeting })
    this.append(meeting.id, initialUpdate)
    for (const [docName, update] of docs) this.append(docName, update)
  }

  insertToken(record: TokenRecord): void {
    if (this.tokens.has(record.id)) throw new Error(`token "${record.id}" exists`)
    this.tokens.set(record.id, { ...record })
  }

  getToken(id: string): TokenRecord | null {
    const token = this.tokens.get(id)
    return token ? { ...token } : null
  }

  listTokens(meetingId: string): TokenRecord[] {
    return [...this.tokens.values()].filter((t) => t.meetingId === meetingId).map((t) => ({ ...t }))
  }

  revokeToken(meetingId: string, id: string, at: string): TokenRecord | null {
    const token = this.tokens.get(id)
    if (!token || token.meetingId !== meetingId) return null
    if (token.revokedAt === null) this.tokens.set(id, { ...token, revokedAt: at })
    return this.getToken(id)
  }

  insertVersion(record: VersionRecord): void {
    if (this.versions.some((v) => v.meetingId === record.meetingId && v.id === record.id)) {
      throw new Error(`version "${record.id}" exists`)
    }
    this.versions.push({ ...record, state: record.state.slice() })
  }

  listVersions(meetingId: string): VersionMeta[] {
    return this.versions.filter((v) => v.meetingId === meetingId).map(({ state: _state, ...meta }) => meta)
  }

  getVersion(meetingId: string, id: string): VersionRecord | null {
    const version = this.versions.find((v) => v.meetingId === meetingId && v.id === id)
    return version ? { ...version, state: version.state.slice() } : null
  }

  getRoster(organ: string): RosterMember[] {
    return (this.rosters.get(organ) ?? []).map((m) => ({ ...m }))
  }

  replaceRoster(organ: string, members: readonly RosterMember[]): void {
    const ids = new Set(members.map((m) => m.id))
    if (ids.size !== members.length) throw new Error('roster member ids must be unique')
    if (members.length === 0) this.rosters.delete(organ)
    else this.rosters.set(organ, members.map((m) => ({ ...m })))
  }

  getMeeting(id: string): MeetingSummary | null {
    const meeting = this.meetings.get(id)
    return meeting ? { ...meeting } : null
  }

  listMeetings(): MeetingSummary[] {
    return [...this.meetings.values()].map((m) => ({ ...m })).sort(compareMeetings)
  }

  close(): void {
    this.docs.clear()
    this.meetings.clear()
    this.tokens.clear()
    this.versions.length = 0
    this.rosters.clear()
  }
}
