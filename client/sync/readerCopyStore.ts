import type { MeetingResponse } from '../../shared'
import { MAX_COPIES_REMOVED_PER_START, READER_COPY_MAX_AGE_MS, chooseStaleCopies, type CopyAge } from './staleCopies'

/**
 * A reader's offline copy of a meeting in this browser profile's IndexedDB (issue 16): the
 * minutes and the register as Yjs state, the time of the last sync received, and the meeting's
 * answer to `GET /api/meetings/:id` (so that a reload without the server can still open it).
 * One record per meeting; nothing else is kept, and nothing leaves the browser.
 *
 * Its own database, apart from the writers' y-indexeddb (`referat-<id>`): a copy here only ever
 * holds what the server sent, never an edit waiting to be sent.
 *
 * Every function resolves (to null or nothing) when IndexedDB is unavailable or fails: the copy
 * is a convenience, never a reason for the page to fail.
 */

const DB_NAME = 'referat-reader-copies'
const DB_VERSION = 1
/** Small records (ids, times, the meeting's answer), indexed by when the meeting was opened. */
const META = 'meta'
/** The two documents' state, keyed by meeting id. */
const DOCS = 'docs'
const OPENED_INDEX = 'openedAtMs'

/** What is kept per meeting besides the documents. */
interface CopyMeta extends CopyAge {
  /** When the last sync from the server was received, ms since the epoch; null before any. */
  readonly syncedAtMs: number | null
  /** The server's answer to GET /api/meetings/:id when it was last opened. */
  readonly meeting: MeetingResponse | null
}

interface CopyDocs {
  readonly minutes: Uint8Array
  readonly register: Uint8Array
}

/** A stored copy as the session loads it. */
export interface StoredReaderCopy extends CopyDocs {
  readonly syncedAtMs: number | null
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'))
  })
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}

let opening: Promise<IDBDatabase | null> | null = null

/** The database, opened once per page; null where IndexedDB is unavailable. */
function database(): Promise<IDBDatabase | null> {
  if (opening) return opening
  opening = new Promise<IDBDatabase | null>((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve(null)
    const request = indexedDB.open(DB_NAME, DB_VERSION)
    request.onupgradeneeded = () => {
      const db = request.result
      const meta = db.createObjectStore(META, { keyPath: 'meetingId' })
      meta.createIndex(OPENED_INDEX, OPENED_INDEX)
      db.createObjectStore(DOCS)
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => resolve(null)
    request.onblocked = () => resolve(null)
  })
  return opening
}

/** Runs `work` in one transaction over both stores; null when there is no database or it fails. */
async function inTransaction<T>(mode: IDBTransactionMode, work: (meta: IDBObjectStore, docs: IDBObjectStore) => Promise<T>): Promise<T | null> {
  try {
    const db = await database()
    if (!db) return null
    const tx = db.transaction([META, DOCS], mode)
    const finished = committed(tx)
    // Awaited below; a failure inside `work` must not leave it unhandled.
    finished.catch(() => undefined)
    const result = await work(tx.objectStore(META), tx.objectStore(DOCS))
    await finished
    return result
  } catch (err) {
    console.warn('reader copy: IndexedDB failed', err)
    return null
  }
}

function emptyMeta(meetingId: string, nowMs: number): CopyMeta {
  return { meetingId, openedAtMs: nowMs, syncedAtMs: null, meeting: null }
}

/** The stored copy of a meeting, or null. */
export function loadReaderCopy(meetingId: string): Promise<StoredReaderCopy | null> {
  return inTransaction('readonly', async (meta, docs) => {
    const [info, state] = await Promise.all([done(meta.get(meetingId)) as Promise<CopyMeta | undefined>, done(docs.get(meetingId)) as Promise<CopyDocs | undefined>])
    if (!state) return null
    return { minutes: state.minutes, register: state.register, syncedAtMs: info?.syncedAtMs ?? null }
  })
}

/** Replaces the stored documents and the time of the last sync. */
export async function saveReaderCopy(meetingId: string, copy: StoredReaderCopy, nowMs: number): Promise<void> {
  await inTransaction('readwrite', async (meta, docs) => {
    const info = ((await done(meta.get(meetingId))) as CopyMeta | undefined) ?? emptyMeta(meetingId, nowMs)
    meta.put({ ...info, syncedAtMs: copy.syncedAtMs } satisfies CopyMeta)
    docs.put({ minutes: copy.minutes, register: copy.register } satisfies CopyDocs, meetingId)
  })
}

/** Notes that the meeting was opened now (the housekeeping's clock), with the server's answer when there is one. */
export async function touchReaderCopy(meetingId: string, nowMs: number, meeting: MeetingResponse | null = null): Promise<void> {
  await inTransaction('readwrite', async (meta) => {
    const info = ((await done(meta.get(meetingId))) as CopyMeta | undefined) ?? emptyMeta(meetingId, nowMs)
    meta.put({ ...info, openedAtMs: nowMs, meeting: meeting ?? info.meeting } satisfies CopyMeta)
  })
}

/** The server's answer for the meeting kept with its copy, when there is a copy to show. */
export function loadStoredMeeting(meetingId: string): Promise<MeetingResponse | null> {
  return inTransaction('readonly', async (meta, docs) => {
    const [info, hasDocs] = await Promise.all([done(meta.get(meetingId)) as Promise<CopyMeta | undefined>, done(docs.count(meetingId))])
    return hasDocs > 0 ? (info?.meeting ?? null) : null
  })
}

/** Removes a meeting's copy (after a definite refusal, or when the person discards it). */
export async function forgetReaderCopy(meetingId: string): Promise<void> {
  await inTransaction('readwrite', async (meta, docs) => {
    meta.delete(meetingId)
    docs.delete(meetingId)
  })
}

/**
 * Removes the copies of meetings not opened for 30 days (`chooseStaleCopies`), never `keep`.
 * Bounded: reads at most a few more index entries than it may remove, oldest first.
 */
export async function removeStaleReaderCopies(nowMs: number, keep: string | null): Promise<string[]> {
  const removed = await inTransaction('readwrite', async (meta, docs) => {
    const range = IDBKeyRange.upperBound(nowMs - READER_COPY_MAX_AGE_MS, true)
    // One more than the limit: `keep` may be among the oldest.
    const old = (await done(meta.index(OPENED_INDEX).getAll(range, MAX_COPIES_REMOVED_PER_START + 1))) as CopyMeta[]
    const stale = chooseStaleCopies(old, nowMs, { keep })
    for (const id of stale) {
      meta.delete(id)
      docs.delete(id)
    }
    return stale
  })
  return removed ?? []
}

let housekept = false

/** The housekeeping, once per page load (the first meeting opened). */
export function housekeepReaderCopiesOnce(nowMs: number, keep: string): void {
  if (housekept) return
  housekept = true
  void removeStaleReaderCopies(nowMs, keep)
}
