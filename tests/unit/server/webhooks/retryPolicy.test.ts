import { describe, expect, it } from 'vitest'
import { outcomeOf, retryDelayMs, type RetryPolicy } from '../../../../server/webhooks'

const policy: RetryPolicy = { maxAttempts: 5, maxAgeMs: 3_600_000, baseDelayMs: 1000, maxDelayMs: 10_000 }

describe('webhook retry policy', () => {
  it('doubles the step per attempt up to the cap, with half of it fixed and half jittered', () => {
    const low = [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy, () => 0))
    const high = [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy, () => 0.999999))
    expect(low).toEqual([500, 1000, 2000, 4000, 5000, 5000])
    expect(high).toEqual([1000, 2000, 4000, 8000, 10000, 10000])
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(3000)
  })

  it('never overflows for a large attempt number', () => {
    expect(retryDelayMs(10_000, policy, () => 0.5)).toBe(7500)
  })

  it('is delivered on success, whatever the attempt', () => {
    expect(outcomeOf(true, 5, 0, 1000, policy)).toEqual({ status: 'delivered' })
  })

  it('schedules the next attempt after the jittered delay', () => {
    expect(outcomeOf(false, 2, 0, 10_000, policy, () => 0)).toEqual({ status: 'pending', nextAttemptAtMs: 11_000 })
  })

  it('gives up after the last attempt allowed', () => {
    expect(outcomeOf(false, 4, 0, 0, policy, () => 0).status).toBe('pending')
    expect(outcomeOf(false, 5, 0, 0, policy, () => 0)).toEqual({ status: 'failed' })
  })

  it('gives up when the next attempt would come after the round’s maximum age', () => {
    expect(outcomeOf(false, 1, 0, 3_599_000, policy, () => 0)).toEqual({ status: 'pending', nextAttemptAtMs: 3_599_500 })
    expect(outcomeOf(false, 1, 0, 3_599_600, policy, () => 0)).toEqual({ status: 'failed' })
  })
})
