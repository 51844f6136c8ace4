/**
 * Storage is locked by someone else (another process holds SQLite's write lock: a backup or
 * maintenance tool, a second server) and stayed so longer than the caller may wait. Nothing was
 * changed. `code` is stable: 'storage-busy'.
 */
export class StorageBusyError extends Error {
  override name = 'StorageBusyError'
  readonly code = 'storage-busy'
  constructor(
    readonly what: string,
    readonly waitedMs: number,
    override readonly cause?: unknown,
  ) {
    super(`storage busy: ${what} waited ${waitedMs} ms for a lock another process holds`)
  }
}

/**
 * Storage was opened read-only (a read-only DATA_DIR) and a write was asked for. Nothing was
 * changed. `code` is stable: 'storage-read-only'.
 */
export class StorageReadOnlyError extends Error {
  override name = 'StorageReadOnlyError'
  readonly code = 'storage-read-only'
  constructor(what: string) {
    super(`storage is read-only: cannot ${what}`)
  }
}

/**
 * True for a transient lock conflict that goes away when the other holder lets go: SQLite's
 * SQLITE_BUSY and SQLITE_LOCKED (with their extended codes, e.g. SQLITE_BUSY_SNAPSHOT).
 */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)
}

/** Backoff between tries on a lock: 10 ms doubling to `capMs`. */
export function busyBackoffMs(attempt: number, capMs: number): number {
  return Math.min(capMs, 10 * 2 ** Math.min(attempt, 16))
}

/** Resolves after `ms` milliseconds (a plain timer, so tests' fake timers drive it). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Longest backoff between two tries of a main-thread SQLite call. */
const MAIN_THREAD_BACKOFF_CAP_MS = 100

/**
 * Runs the synchronous `fn` (a SQLite call on the main thread, whose connection has no busy
 * timeout of its own, so a lock never blocks the event loop) and, while it fails with a lock
 * conflict, tries again after a growing pause without blocking, for at most `boundMs`; then
 * rejects with StorageBusyError. Other errors reject at once.
 */
export async function retryWhileBusy<T>(what: string, boundMs: number, fn: () => T): Promise<T> {
  const started = Date.now()
  for (let attempt = 0; ; attempt++) {
    try {
      return fn()
    } catch (err) {
      if (!isBusyError(err)) throw err
      const waited = Date.now() - started
      if (waited >= boundMs) throw new StorageBusyError(what, waited, err)
      await sleep(Math.min(busyBackoffMs(attempt, MAIN_THREAD_BACKOFF_CAP_MS), boundMs - waited))
    }
  }
}
