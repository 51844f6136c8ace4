import type { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import { log } from '../log'
import { NO_METRICS, type Metrics } from '../metrics'
import { limitKey } from './clientAddress'

/** What is counted per client address; each is also a `kind` of `referat_limits_tripped_total`. */
export type FailureKind = 'admin-credential' | 'token-check' | 'upgrade-refused' | 'verify-request' | 'search-request'

/** One limit: at most `limit` failures per `windowMs` per address; 0 switches it off. */
export interface FailureBudget {
  readonly limit: number
  readonly windowMs: number
}

/** Settings of FailureLimits. */
export interface FailureLimitsOptions {
  /** A kind without a budget is not limited. */
  readonly budgets: Readonly<Partial<Record<FailureKind, FailureBudget>>>
  /** Counted here: one `limitTripped(kind)` per refusal (default: nowhere). */
  readonly metrics?: Metrics
  /**
   * Count in Redis (shared by every node) instead of this process. If Redis fails or is slow,
   * each node counts in its own memory meanwhile, so sign-ins never wait for Redis.
   */
  readonly redis?: { readonly client: Redis; readonly prefix: string }
}

/** Refused because of too many failures: retry after `retryAfterMs`. */
export interface Blocked {
  readonly kind: FailureKind
  readonly retryAfterMs: number
}

const KINDS: readonly FailureKind[] = ['admin-credential', 'token-check', 'upgrade-refused', 'verify-request', 'search-request']

/**
 * Counts failures (wrong admin credentials, refused tokens, refused WebSocket upgrades) per
 * client address in fixed windows, with rate-limiter-flexible: in memory, or in Redis with an
 * in-memory insurance limiter. An address that reached a budget's limit is blocked until the
 * window ends; the first failure of a window starts it. Only the address is blocked: the same
 * credential from elsewhere still works. Never throws (a limiter fault lets the request through
 * and is logged).
 */
export class FailureLimits {
  private readonly limiters = new Map<FailureKind, RateLimiterAbstract>()
  private readonly metrics: Metrics

  constructor(private readonly options: FailureLimitsOptions) {
    this.metrics = options.metrics ?? NO_METRICS
    for (const kind of KINDS) {
      const budget = options.budgets[kind]
      if (!budget || budget.limit === 0) continue
      const { limit, windowMs } = budget
      // rate-limiter-flexible counts whole seconds.
      const duration = Math.max(1, Math.ceil(windowMs / 1000))
      const memory = new RateLimiterMemory({ points: limit, duration, keyPrefix: kind })
      const redis = options.redis
      this.limiters.set(
        kind,
        redis
          ? new RateLimiterRedis({
              storeClient: redis.client,
              rejectIfRedisNotReady: true,
              points: limit,
              duration,
              keyPrefix: `${redis.prefix}:limits:${kind}`,
              insuranceLimiter: memory,
            })
          : memory,
      )
    }
  }

  /**
   * Whether `address` is blocked for any of `kinds` (the first that is, in that order); null
   * when it may go on. Counts nothing: the caller calls `refused` when it refuses.
   */
  async blocked(address: string, ...kinds: FailureKind[]): Promise<Blocked | null> {
    // Looked up side by side: with Redis, one round trip instead of one per kind.
    const answers = await Promise.all(kinds.map((kind) => this.lookUp(kind, address)))
    return answers.find((answer) => answer !== null) ?? null
  }

  private async lookUp(kind: FailureKind, address: string): Promise<Blocked | null> {
    const limiter = this.limiters.get(kind)
    if (!limiter) return null
    let res: RateLimiterRes | null
    try {
      res = await limiter.get(limitKey(address))
    } catch (err) {
      log.error('limit lookup failed', { kind, err })
      return null
    }
    if (!res || res.consumedPoints < limiter.points) return null
    return { kind, retryAfterMs: Math.max(res.msBeforeNext, 1000) }
  }

  /** A request was refused because of `blocked`: counted in `referat_limits_tripped_total{kind}`. */
  refused(blocked: Blocked): void {
    this.metrics.limitTripped(blocked.kind)
  }

  /**
   * Records one failure of `kind` from `address`. The failure that uses up the budget logs one
   * warn line (`limit tripped`, with the kind, the address and how long it is blocked); nothing
   * else is logged, so a flood does not flood the log.
   */
  async failed(kind: FailureKind, address: string): Promise<void> {
    const limiter = this.limiters.get(kind)
    if (!limiter) return
    let res: RateLimiterRes
    try {
      res = await limiter.consume(limitKey(address))
    } catch (err) {
      // Over the limit already (concurrent failures): the trip was logged by the one that reached it.
      if (err instanceof RateLimiterRes) return
      log.error('limit update failed', { kind, err })
      return
    }
    if (res.consumedPoints !== limiter.points) return
    const windowMs = this.options.budgets[kind]?.windowMs
    log.warn('limit tripped', {
      kind,
      address,
      failures: res.consumedPoints,
      windowMs,
      retryAfterSeconds: Math.ceil(res.msBeforeNext / 1000),
    })
  }
}
