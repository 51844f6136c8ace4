import { canonicalJson, sha256Hex } from './canonicalJson'

/** The member of the JSON export that carries the seal; the sealed hash covers everything else. */
export const SEAL_FIELD = 'seal'

/** How the seal's hash is computed, as written in the JSON export's `seal.algorithm`. */
export const SEAL_ALGORITHM = 'sha256-jcs'

/**
 * The seal of an approved version, as the exports print it and the JSON export carries it
 * (docs/EXPORT_FORMAT.md, "Seal and verification").
 */
export interface SealInfo {
  /** SEAL_ALGORITHM: SHA-256 of the RFC 8785 canonical JSON of the JSON export without `seal`. */
  readonly algorithm: typeof SEAL_ALGORITHM
  /** Lower-case hex, 64 characters. */
  readonly sha256: string
  /** ISO timestamp of the approval. */
  readonly approvedAt: string
  /** The meeting that approved the referat ("Møte 4/2023"), as the approver wrote it; null when not given. */
  readonly approvedIn: string | null
  /** The approved version: its id (for `?version=`) and its name ("Godkjent 12. oktober 2023"). */
  readonly versionId: string
  readonly versionName: string
}

/** `value` is a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The sealed content of a JSON export: the canonical JSON (RFC 8785) of the export object with
 * its top-level `seal` member removed (whether present or not). Throws CanonicalJsonError for a
 * value that has no canonical form, TypeError when `exported` is not a JSON object.
 */
export function sealedContentOf(exported: unknown): string {
  if (!isJsonObject(exported)) throw new TypeError('a JSON export is a JSON object')
  const rest: Record<string, unknown> = { ...exported }
  delete rest[SEAL_FIELD]
  return canonicalJson(rest)
}

/** SHA-256 (hex) of `sealedContentOf(exported)`: what the seal's `sha256` must equal. Throws as sealedContentOf. */
export function sealHashOf(exported: unknown): string {
  return sha256Hex(sealedContentOf(exported))
}
