import type { DeliveryOutcome } from '../persistence'

/** When a delivery is tried again and when it is given up. */
export interface RetryPolicy {
  /** Attempts per round (the first included) before the delivery is marked failed. */
  readonly maxAttempts: number
  /** Age of the round after which no further attempt is made, in ms. */
  readonly maxAgeMs: number
  /** Delay before the second attempt (before jitter), doubled for each later one, in ms. */
  readonly baseDelayMs: number
  /** Longest delay between two attempts (before jitter), in ms. */
  readonly maxDelayMs: number
}

/** 8 attempts over about 2 hours (10 s, 20 s, 40 s ... capped at 1 h), and never after 24 hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, maxAgeMs: 24 * 3600 * 1000, baseDelayMs: 10_000, maxDelayMs: 3600 * 1000 }

/**
 * The delay after failed attempt number `attempt` (1 = the first): `baseDelayMs · 2^(attempt-1)`,
 * capped at `maxDelayMs`, with "equal jitter": half of it fixed, the other half uniform in
 * [0, half) from `random()` (in [0, 1)), so receivers that failed together are not all retried at
 * once, and a delay never shrinks below half its step. In ms.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30))
  const half = step / 2
  return Math.round(half + random() * half)
}

/**
 * What becomes of a delivery after attempt number `attempt` of its round (1 = the first) ended at
 * `nowMs`: delivered when `ok`; otherwise failed when this was the last attempt allowed or the
 * next one would start after the round's maximum age, else pending until the jittered delay.
 */
export function outcomeOf(ok: boolean, attempt: number, roundStartedAtMs: number, nowMs: number, policy: RetryPolicy, random: () => number = Math.random): DeliveryOutcome {
  if (ok) return { status: 'delivered' }
  if (attempt >= policy.maxAttempts) return { status: 'failed' }
  const nextAttemptAtMs = nowMs + retryDelayMs(attempt, policy, random)
  if (nextAttemptAtMs - roundStartedAtMs > policy.maxAgeMs) return { status: 'failed' }
  return { status: 'pending', nextAttemptAtMs }
}
