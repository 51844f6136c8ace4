import { TOKEN_PARAM } from '../../shared/auth'
import { SAVED_PARAM, VERSION_PARAM } from '../../shared/protocol'
import { parseRoomName } from '../rooms'

/** Path prefix of the sync endpoint; the docName follows it. */
export const SYNC_PATH_PREFIX = '/sync/'

/** What the upgrade request asked for. */
export type SyncRequest =
  | { readonly kind: 'notSync' }
  | { readonly kind: 'badDocName' }
  | {
      readonly kind: 'sync'
      /** `<meetingId>` (the minutes) or `<meetingId>/register`. */
      readonly docName: string
      readonly meetingId: string
      /** The `token` query parameter; null when absent or empty. Never log it. */
      readonly token: string | null
      /** The client's SCHEMA_VERSION, or null when it sent none (or not a number). */
      readonly clientVersion: number | null
      readonly wantsSaved: boolean
    }

/** Parses an upgrade request's URL (`/sync/<docName>?token=…&v=1&saved=1`). Pure; never throws. */
export function parseSyncUrl(rawUrl: string | undefined): SyncRequest {
  let url: URL
  try {
    url = new URL(rawUrl ?? '/', 'http://localhost')
  } catch {
    return { kind: 'notSync' }
  }
  if (!url.pathname.startsWith(SYNC_PATH_PREFIX)) return { kind: 'notSync' }
  const docName = url.pathname.slice(SYNC_PATH_PREFIX.length)
  const name = parseRoomName(docName)
  if (!name) return { kind: 'badDocName' }
  const rawVersion = url.searchParams.get(VERSION_PARAM)
  const version = rawVersion === null || rawVersion.trim() === '' ? NaN : Number(rawVersion)
  return {
    kind: 'sync',
    docName,
    meetingId: name.meetingId,
    token: url.searchParams.get(TOKEN_PARAM) || null,
    clientVersion: Number.isFinite(version) ? version : null,
    wantsSaved: url.searchParams.get(SAVED_PARAM) === '1',
  }
}
