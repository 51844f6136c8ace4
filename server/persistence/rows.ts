// Rows of the tables both SQL backends share (the same column names in SQLite and PostgreSQL),
// and how they become the storage interface's records.
import { isRole, type Role } from '../../shared/auth'
import type { MeetingSummary } from '../../shared/minutes'
import { canonicalEventJson, type HistoryActor, type HistoryDraft, type HistoryEvent, type HistoryKind } from '../../shared/record'
import type { SessionRecord, TokenRecord, VersionMeta } from './DocStorage'

export interface VersionRow {
  meeting_id: string
  id: string
  name: string
  created_at: string
  created_by_token_id: string
  created_by_name: string | null
  created_by_role: string
}

export function toVersionMeta(row: VersionRow): VersionMeta {
  return {
    meetingId: row.meeting_id,
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    createdByTokenId: row.created_by_token_id,
    createdByName: row.created_by_name,
    createdByRole: row.created_by_role as Role,
  }
}

export interface TokenRow {
  id: string
  meeting_id: string
  role: string
  name: string | null
  org: string | null
  created_at: string
  expires_at: string
  revoked_at: string | null
  /** Absent in a database that predates personal invitations (opened read-only). */
  person_email?: string | null
  person_subject?: string | null
}

export function toTokenRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    role: row.role as Role,
    name: row.name,
    org: row.org,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    personEmail: row.person_email ?? null,
    personSubject: row.person_subject ?? null,
  }
}

export interface SessionRow {
  id_hash: string
  issuer: string
  subject: string
  name: string | null
  email: string | null
  org: string | null
  /** SQLite has 0/1, PostgreSQL a boolean. */
  is_admin: number | boolean
  csrf_token: string
  id_token: string | null
  created_at: string
  expires_at: string
  revoked_at: string | null
}

export const SESSION_COLUMNS = 'id_hash, issuer, subject, name, email, org, is_admin, csrf_token, id_token, created_at, expires_at, revoked_at'

export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    idHash: row.id_hash,
    issuer: row.issuer,
    subject: row.subject,
    name: row.name,
    email: row.email,
    org: row.org,
    isAdmin: row.is_admin === true || row.is_admin === 1,
    csrfToken: row.csrf_token,
    idToken: row.id_token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }
}

/** A session's column values in SESSION_COLUMNS order (is_admin as given to `admin`). */
export function sessionValues(record: SessionRecord, admin: (isAdmin: boolean) => unknown): unknown[] {
  return [
    record.idHash,
    record.issuer,
    record.subject,
    record.name,
    record.email,
    record.org,
    admin(record.isAdmin),
    record.csrfToken,
    record.idToken,
    record.createdAt,
    record.expiresAt,
    record.revokedAt,
  ]
}

export interface MeetingRow {
  id: string
  organ: string
  title: string
  number: string
  date: string
  time: string
  place: string
  first_agenda_number: number
  created_at: string
}

export function toSummary(row: MeetingRow): MeetingSummary {
  return {
    id: row.id,
    organ: row.organ,
    title: row.title,
    number: row.number,
    date: row.date,
    time: row.time,
    place: row.place,
    firstAgendaNumber: row.first_agenda_number,
    createdAt: row.created_at,
  }
}

/** A copy of a driver's bytes (its Buffers may share a pool or the database's memory). */
export const copyBytes = (data: Buffer): Uint8Array => new Uint8Array(data)

/** Roles stored as a JSON array (meeting_sign_in.roles); anything else stored reads as none. */
export function parseRoles(json: string): Role[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter(isRole) : []
  } catch {
    return []
  }
}

/** A row of `history_events` (both SQL backends): actor and details as canonical JSON text. */
export interface HistoryRow {
  meeting_id: string
  seq: number | string
  at: string
  kind: string
  actor: string
  details: string
  prev_hash: string
  hash: string
}

/**
 * The row as an event, exactly as stored. Text that is no JSON object (a row edited by hand)
 * becomes `{ unreadable: <text> }`, which no longer hashes to the stored hash: the chain check
 * reports the row instead of the server failing on it.
 */
export function toHistoryEvent(row: HistoryRow): HistoryEvent {
  const object = (text: string): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(text)
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>
    } catch {
      // fall through
    }
    return { unreadable: text.slice(0, 200) }
  }
  return {
    meetingId: row.meeting_id,
    seq: Number(row.seq),
    at: row.at,
    kind: row.kind as HistoryKind,
    actor: object(row.actor) as unknown as HistoryActor,
    details: object(row.details) as HistoryDraft['details'],
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

/** The columns of an event, in HISTORY_COLUMNS order. */
export const HISTORY_COLUMNS = 'meeting_id, seq, at, kind, actor, details, prev_hash, hash'
export function historyValues(event: HistoryEvent): [string, number, string, string, string, string, string, string] {
  return [
    event.meetingId,
    event.seq,
    event.at,
    event.kind,
    canonicalEventJson({ ...event.actor }),
    canonicalEventJson({ ...event.details } as never),
    event.prevHash,
    event.hash,
  ]
}
