import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WebsocketProvider } from 'y-websocket'
import { reconnectDelayMs, useJitteredReconnect } from '../../../../client/sync/jitteredReconnect'

describe('reconnectDelayMs', () => {
  it('draws from [0, 500 · 2^(attempt-1)] capped at 10 s', () => {
    expect(reconnectDelayMs(1, () => 0)).toBe(0)
    expect(reconnectDelayMs(1, () => 0.999)).toBe(499)
    expect(reconnectDelayMs(3, () => 0.5)).toBe(1000)
    expect(reconnectDelayMs(50, () => 0.999)).toBe(9990)
  })

  it('spreads a thousand clients that lost the same node over the whole window', () => {
    const delays = Array.from({ length: 1000 }, () => reconnectDelayMs(4))
    const buckets = new Array(8).fill(0)
    for (const d of delays) buckets[Math.floor(d / 500)]++
    // Each 0.5 s slice of the 4 s window gets some; none gets the wave (expected 125 each).
    expect(Math.min(...buckets)).toBeGreaterThan(50)
    expect(Math.max(...buckets)).toBeLessThan(250)
  })
})

describe('useJitteredReconnect', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function fakeProvider() {
    return { shouldConnect: true, wsUnsuccessfulReconnects: 1, connect: vi.fn(), shouldReconnect: () => true } as unknown as WebsocketProvider & {
      connect: ReturnType<typeof vi.fn>
    }
  }
  const close = (code: number) => ({ code }) as CloseEvent

  it('takes the reconnect over: the provider’s own attempt is off, ours comes within the jittered delay', () => {
    const provider = fakeProvider()
    useJitteredReconnect(provider, () => true)
    expect(provider.shouldReconnect(close(1006), provider)).toBe(true)
    expect(provider.shouldConnect).toBe(false)
    vi.advanceTimersByTime(500)
    expect(provider.connect).toHaveBeenCalledTimes(1)
  })

  it('leaves a refused close to the provider (no reconnect) and cancels on stop', () => {
    const provider = fakeProvider()
    const stop = useJitteredReconnect(provider, (code) => code !== 4401)
    expect(provider.shouldReconnect(close(4401), provider)).toBe(false)
    expect(provider.shouldReconnect(close(1006), provider)).toBe(true)
    stop()
    vi.advanceTimersByTime(20_000)
    expect(provider.connect).not.toHaveBeenCalled()
  })
})
