import { log } from './log'

/** How long the storage check of a readiness probe may take before the node is reported not ready. */
export const READY_TIMEOUT_MS = 1000

/** Why a node is not ready (the text body of a 503 from /readyz). */
export type NotReadyReason = 'draining' | 'storage-timeout' | 'storage-error'

/**
 * Readiness of one node: ready while storage answers a cheap query within `timeoutMs` and the
 * node is not draining. Draining starts at shutdown and never ends (the process exits).
 */
export class Health {
  private draining = false

  /** `probe` is a cheap storage round trip (a lookup of a meeting that does not exist). */
  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly timeoutMs: number = READY_TIMEOUT_MS,
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
