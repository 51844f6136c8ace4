import { createHash } from 'node:crypto'
import type { Node as PMNode } from '@tiptap/pm/model'
import * as Y from 'yjs'
import type { Language } from '../../shared/i18n/languages'
import type { MeetingSummary } from '../../shared/minutes'
import { SEAL_ALGORITHM, isJsonObject, sealHashOf, sealedContentOf, sha256Hex, type SealInfo } from '../../shared/record'
import type { Actor, Confirmation } from '../../shared/register'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import { languageOf, toJsonObject, toReferatModel, type ReferatJson, type ReferatModel } from '../export/light'
import type { SealRecord, Storage, VersionRecord } from '../persistence'
import { fragmentToProseMirror } from '../validation'

/** What the record module reads and writes. */
export type RecordStore = Pick<Storage, 'getMeeting' | 'getVersion' | 'insertSeal' | 'getSeal' | 'findSealByHash' | 'recordIssuedFile' | 'findIssuedFile'>

/** SHA-256 of bytes, lower-case hex (node:crypto: fast for files of many megabytes). */
export const fileSha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/** The minutes of a stored version's state, as ProseMirror. */
export function minutesOfState(state: Uint8Array): PMNode {
  const doc = new Y.Doc({ gc: true })
  try {
    const fragment = doc.getXmlFragment(MINUTES_FRAGMENT)
    Y.applyUpdate(doc, state)
    return fragmentToProseMirror(fragment)
  } finally {
    doc.destroy()
  }
}

/** The approval being sealed: when, in which meeting, by whom. */
export interface Approval {
  readonly approvedAt: string
  readonly approvedIn: string | null
  readonly approvedBy: Pick<Actor, 'name' | 'role'>
}

/**
 * The seal of `version` of `meeting`: its JSON export (the referat as approved, with each
 * vedtak's confirmation from the register's `confirmations`, its approval and `version`, in the
 * meeting's `language`; without `seal`) in RFC 8785 canonical form, that text's SHA-256, and the
 * SHA-256 of the version's stored state. Pure.
 */
export function buildSeal(
  meeting: MeetingSummary,
  version: VersionRecord,
  approval: Approval,
  confirmations: readonly Confirmation[] = [],
  language: Language = 'nb',
): SealRecord {
  const record = { confirmations, approvedAt: approval.approvedAt, approvedInMeeting: approval.approvedIn, language }
  const model = toReferatModel(minutesOfState(version.state), meeting, record)
  const exported = toJsonObject(model, meeting, { id: version.id, name: version.name })
  const canonicalJson = sealedContentOf(exported)
  return {
    meetingId: meeting.id,
    versionId: version.id,
    versionName: version.name,
    sha256: sha256Hex(canonicalJson),
    canonicalJson,
    versionStateSha256: fileSha256(version.state),
    approvedAt: approval.approvedAt,
    approvedIn: approval.approvedIn,
    approvedByName: approval.approvedBy.name,
    approvedByRole: approval.approvedBy.role,
  }
}

/** The seal as the exports print it and the JSON export carries it. */
export function sealInfoOf(seal: SealRecord): SealInfo {
  return {
    algorithm: SEAL_ALGORITHM,
    sha256: seal.sha256,
    approvedAt: seal.approvedAt,
    approvedIn: seal.approvedIn,
    versionId: seal.versionId,
    versionName: seal.versionName,
  }
}

/** Why a stored seal can no longer be trusted: a stable code and a Norwegian sentence. */
export interface SealProblem {
  readonly code: 'seal-changed' | 'version-missing' | 'version-changed'
  readonly reason: string
}

/**
 * Checks a stored seal against itself and against the version it seals: the canonical JSON
 * still hashes to the stored SHA-256 and names the sealed meeting, and the versions row still
 * holds the state that was sealed. Null when all holds. A row changed in the database directly
 * is caught here; the history chain (branch record-history) records the seal's hash as well.
 */
export async function checkSeal(store: Pick<RecordStore, 'getVersion'>, seal: SealRecord): Promise<SealProblem | null> {
  let content: unknown
  try {
    content = JSON.parse(seal.canonicalJson)
  } catch {
    content = null
  }
  const meeting = isJsonObject(content) && isJsonObject(content.meeting) ? content.meeting.id : null
  let recomputed: string | null = null
  try {
    recomputed = sealHashOf(content)
  } catch {
    // Not canonicalisable (or not an object): certainly not what was sealed.
  }
  if (sha256Hex(seal.canonicalJson) !== seal.sha256 || meeting !== seal.meetingId || recomputed !== seal.sha256) {
    return { code: 'seal-changed', reason: 'Den lagrede forseglingen av det godkjente referatet er endret etter godkjenningen.' }
  }
  const version = await store.getVersion(seal.meetingId, seal.versionId)
  if (!version) return { code: 'version-missing', reason: 'Den godkjente versjonen av referatet finnes ikke lenger på serveren.' }
  if (fileSha256(version.state) !== seal.versionStateSha256) {
    return { code: 'version-changed', reason: 'Den godkjente versjonen av referatet er endret etter godkjenningen.' }
  }
  return null
}

/**
 * The sealed JSON export of a seal (with `seal`), and the model every other format renders (in
 * the sealed language; bokmål for a seal made before languages, whose JSON stays as sealed).
 */
export function sealedExportOf(seal: SealRecord): { json: ReferatJson; model: ReferatModel } {
  const content = JSON.parse(seal.canonicalJson) as ReferatJson
  const { format, meeting, version, seal: _none, ...model } = content
  // Format and meeting first, as in every JSON export; the rest in canonical order.
  const json: ReferatJson = { format, meeting, ...model, ...(version ? { version } : {}), seal: sealInfoOf(seal) }
  return { json, model: { ...model, language: languageOf(model) } }
}
