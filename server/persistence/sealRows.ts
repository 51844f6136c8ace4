// Rows of the seal tables both SQL backends share (same columns in SQLite and PostgreSQL).
import type { Role } from '../../shared/auth'
import type { IssuedFileRecord, SealRecord } from './DocStorage'

/** The seals table's columns, in the order sealValues gives them. */
export const SEAL_COLUMNS =
  'meeting_id, version_id, version_name, sha256, canonical_json, version_state_sha256, approved_at, approved_in, approved_by_name, approved_by_role'

export interface SealRow {
  meeting_id: string
  version_id: string
  version_name: string
  sha256: string
  canonical_json: string
  version_state_sha256: string
  approved_at: string
  approved_in: string | null
  approved_by_name: string | null
  approved_by_role: string
}

export function toSealRecord(row: SealRow): SealRecord {
  return {
    meetingId: row.meeting_id,
    versionId: row.version_id,
    versionName: row.version_name,
    sha256: row.sha256,
    canonicalJson: row.canonical_json,
    versionStateSha256: row.version_state_sha256,
    approvedAt: row.approved_at,
    approvedIn: row.approved_in,
    approvedByName: row.approved_by_name,
    approvedByRole: row.approved_by_role as Role,
  }
}

/** A seal's values in SEAL_COLUMNS order. */
export function sealValues(r: SealRecord): unknown[] {
  return [r.meetingId, r.versionId, r.versionName, r.sha256, r.canonicalJson, r.versionStateSha256, r.approvedAt, r.approvedIn, r.approvedByName, r.approvedByRole]
}

/** The issued_files table's columns, in the order issuedValues gives them. */
export const ISSUED_COLUMNS = 'sha256, meeting_id, version_id, seal_sha256, format, size_bytes, issued_at'

export interface IssuedRow {
  sha256: string
  meeting_id: string
  version_id: string
  seal_sha256: string
  format: string
  size_bytes: number | string
  issued_at: string
}

export function toIssuedFile(row: IssuedRow): IssuedFileRecord {
  return {
    sha256: row.sha256,
    meetingId: row.meeting_id,
    versionId: row.version_id,
    sealSha256: row.seal_sha256,
    format: row.format,
    // PostgreSQL returns BIGINT as a string.
    sizeBytes: Number(row.size_bytes),
    issuedAt: row.issued_at,
  }
}

/** An issued file's values in ISSUED_COLUMNS order. */
export function issuedValues(r: IssuedFileRecord): unknown[] {
  return [r.sha256, r.meetingId, r.versionId, r.sealSha256, r.format, r.sizeBytes, r.issuedAt]
}
