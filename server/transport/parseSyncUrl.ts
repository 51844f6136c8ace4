import { SAVED_PARAM, VERSION_PARAM } from '../../shared/protocol'
import { DOC_NAME_PATTERN } from '../../shared/schema'

/** Path prefix of the sync endpoint; the docName follows it. */
export const SYNC_PATH_PREFIX = '/sync/'

/** What the upgrade request asked for. */
export type SyncRequest =
  | { readonly kind: 'notSync' }
  | { readonly kind: 'badDocName' }
  | {
      readonly kind: 'sync'
      readonly docName: string
      /** The client's SCHEMA_VERSION, or null when it sent none (or not a number). */
      readonly clientVersion: number | null
      readonly wantsSaved: boolean
    }

/** Parses an upgrade request's URL (`/sync/<docName>?v=1&saved=1`). Pure; never throws. */
export function parseSyncUrl(rawUrl: string | undefined): SyncRequest {
  let url: URL
  try {
    url = new URL(rawUrl ?? '/', 'http://localhost')
  } catch {
    return { kind: 'notSync' }
  }
  if (!url.pathname.startsWith(SYNC_PATH_PREFIX)) return { kind: 'notSync' }
  const docName = url.pathname.slice(SYNC_PATH_PREFIX.length)
  if (!DOC_NAME_PATTERN.test(docName)) return { kind: 'badDocName' }
  const rawVersion = url.searchParams.get(VERSION_PARAM)
  const version = rawVersion === null || rawVersion.trim() === '' ? NaN : Number(rawVersion)
  return {
    kind: 'sync',
    docName,
    clientVersion: Number.isFinite(version) ? version : null,
    wantsSaved: url.searchParams.get(SAVED_PARAM) === '1',
  }
}
