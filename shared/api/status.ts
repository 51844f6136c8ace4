/** What the server's storage can do right now: `read-only` when it cannot store changes (a read-only data directory). */
export type StorageStatus = 'ok' | 'read-only'

/**
 * GET /api/status (no credential) → 200. Read by the client at start: with `storage: 'read-only'`
 * it shows the minutes read-only and says why.
 */
export interface StatusResponse {
  readonly storage: StorageStatus
}

/** Stable `code` of an API error body when storage cannot do what was asked (HTTP 503). */
export type StorageErrorCode = 'storage-read-only' | 'storage-busy'

/** Path of the status route. */
export const STATUS_PATH = '/api/status'
