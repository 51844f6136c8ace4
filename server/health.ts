import { log } from './log'

/** How long the storage check of a readiness probe may take before the node is reported not ready. */
export const READY_TIMEOUT_MS = 1000

/** How long a commit may wait for a lock on the storage before the node reports `storage-busy`. */
export const BUSY_NOT_READY_MS = 1000

/** Why a node is not ready (the text body of a 503 from /readyz). */
export type NotReadyReason = 'draining' | 'storage-read-only' | 'storage-busy' | 'storage-timeout' | 'storage-error'

/** What the node knows about its storage without asking it. */
export interface StorageSignals {
  /** Storage was opened read-only (a read-only DATA_DIR). */
  readonly readOnly?: () => boolean
  /** How long the commit in flight has waited for a lock another process holds, in milliseconds (0: none). */
  readonly busyForMs?: () => number
}

/**
 * Readiness of one node: ready while storage answers a cheap query within `timeoutMs`, can be
 * written (not read-only, no commit waiting on a lock for BUSY_NOT_READY_MS or more) and the node
 * is not draining. Draining starts at shutdown and never ends (the process exits). Reasons, first
 * that applies: draining, storage-read-only, storage-busy, storage-timeout, storage-error.
 */
export class Health {
  private draining = false

  /** `probe` is a cheap storage round trip (a lookup of a meeting that does not exist). */
  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly timeoutMs: number = READY_TIMEOUT_MS,
    private readonly storage: StorageSignals = {},
  ) {}

  /** True once shutdown started: /readyz answers 503 and new WebSocket upgrades are refused. */
  get isDraining(): boolean {
    return this.draining
  }

  /** Marks the node not ready, for good. */
  startDraining(): void {
    this.draining = true
  }

  /** Null when ready, else why not. Never rejects; settles within `timeoutMs`. */
  async check(): Promise<NotReadyReason | null> {
    if (this.draining) return 'draining'
    if (this.storage.readOnly?.()) return 'storage-read-only'
    if ((this.storage.busyForMs?.() ?? 0) >= BUSY_NOT_READY_MS) return 'storage-busy'
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs)
    })
    try {
      const outcome = await Promise.race([this.probe().then(() => 'ok' as const), timedOut])
      if (outcome === 'timeout') {
        log.warn('readiness probe timed out', { timeoutMs: this.timeoutMs })
        return 'storage-timeout'
      }
      return this.draining ? 'draining' : null
    } catch (err) {
      log.warn('readiness probe failed', { err })
      return 'storage-error'
    } finally {
      clearTimeout(timer)
    }
  }
}
