import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MESSAGE } from '../../../../shared/protocol'
import type { LimitKind } from '../../../../server/metrics'
import { ConnectionThrottle, TokenBucket, type RateLimits } from '../../../../server/transport'

const LIMITS: RateLimits = {
  updatesPerSecond: 10,
  updatesBurst: 5,
  awarenessPerSecond: 4,
  awarenessBurst: 2,
  bytesPerSecond: 1000,
  bytesBurst: 2000,
  floodCloseAfterMs: 1000,
  maxQueuedMessages: 20,
}

const update = (n: number, size = 10) => {
  const message = new Uint8Array(size)
  message[0] = MESSAGE.sync
  message[1] = n
  return message
}
const presence = () => new Uint8Array([MESSAGE.awareness, 0])

function throttled(limits: RateLimits = LIMITS) {
  const events = { delivered: [] as Uint8Array[], paused: 0, resumed: 0, flood: null as string | null, tripped: [] as LimitKind[] }
  const throttle = new ConnectionThrottle(limits, {
    pause: () => events.paused++,
    resume: () => events.resumed++,
    deliver: (m) => events.delivered.push(m),
    flood: (detail) => (events.flood = detail),
    tripped: (kind) => events.tripped.push(kind),
  })
  return { throttle, events }
}

describe('TokenBucket', () => {
  it('starts full, refills at its rate, and never holds more than its burst', () => {
    const bucket = new TokenBucket(10, 3, 0)
    for (let i = 0; i < 3; i++) {
      expect(bucket.waitFor(1, 0)).toBe(0)
      bucket.take(1)
    }
    expect(bucket.waitFor(1, 0)).toBe(100)
    expect(bucket.waitFor(1, 100)).toBe(0)
    expect(bucket.waitFor(3, 10_000)).toBe(0) // refilled to the burst, not beyond
    bucket.take(3)
    expect(bucket.waitFor(1, 10_000)).toBe(100)
  })
})

describe('ConnectionThrottle', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('lets a burst through at once, then paces the rest in order and resumes reading', async () => {
    const { throttle, events } = throttled()
    for (let i = 0; i < 8; i++) throttle.offer(update(i))
    expect(events.delivered.map((m) => m[1])).toEqual([0, 1, 2, 3, 4])
    expect(events.paused).toBe(1)
    expect(events.tripped).toEqual(['update-rate'])
    await vi.advanceTimersByTimeAsync(350)
    expect(events.delivered.map((m) => m[1])).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(events.resumed).toBe(1)
    expect(events.flood).toBeNull()
  })

  it('limits presence separately from updates', () => {
    const { throttle, events } = throttled()
    throttle.offer(presence())
    throttle.offer(presence())
    throttle.offer(presence()) // over the presence burst: waits, and so does what follows
    throttle.offer(update(1))
    expect(events.delivered).toHaveLength(2)
    expect(events.tripped).toEqual(['awareness-rate'])
  })

  it('limits bytes: a large message waits for the byte bucket', () => {
    const { throttle, events } = throttled()
    throttle.offer(update(1, 1500))
    throttle.offer(update(2, 1500))
    expect(events.delivered).toHaveLength(1)
    expect(events.tripped).toEqual(['bytes-rate'])
  })

  it('closes a connection that stays over its limits for floodCloseAfterMs', async () => {
    const { throttle, events } = throttled()
    const sender = setInterval(() => throttle.offer(update(0)), 50) // 20 a second against 10
    await vi.advanceTimersByTimeAsync(900)
    expect(events.flood).toBeNull()
    await vi.advanceTimersByTimeAsync(800)
    clearInterval(sender)
    expect(events.flood).toMatch(/update-rate/)
    const delivered = events.delivered.length
    throttle.offer(update(0))
    await vi.advanceTimersByTimeAsync(1000)
    expect(events.delivered).toHaveLength(delivered) // stopped for good
  })

  it('closes at once when more than maxQueuedMessages wait', () => {
    const { throttle, events } = throttled()
    for (let i = 0; i < 5 + 21; i++) throttle.offer(update(i))
    expect(events.flood).toMatch(/more than 20 messages/)
  })

  it('keeps a sender within its limits untouched', async () => {
    const { throttle, events } = throttled()
    const sender = setInterval(() => throttle.offer(update(0)), 125) // 8 a second against 10
    await vi.advanceTimersByTimeAsync(5000)
    clearInterval(sender)
    expect(events.delivered).toHaveLength(40)
    expect(events.paused).toBe(0)
    expect(events.tripped).toEqual([])
  })
})
