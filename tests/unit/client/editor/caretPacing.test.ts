import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { afterPaintThrottle, pacedAwareness } from '../../../../client/editor/caretPacing'

describe('afterPaintThrottle', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('coalesces a burst into one call with the latest arguments, at most once per interval', () => {
    const calls: unknown[][] = []
    const paced = afterPaintThrottle((...a) => calls.push(a), 100)
    paced(1)
    paced(2)
    paced(3)
    vi.advanceTimersByTime(1)
    expect(calls).toEqual([[3]])
    paced(4)
    vi.advanceTimersByTime(50)
    expect(calls).toHaveLength(1)
    vi.advanceTimersByTime(60)
    expect(calls).toEqual([[3], [4]])
  })

  it('calls nothing after cancel', () => {
    const fn = vi.fn()
    const paced = afterPaintThrottle(fn, 100)
    paced()
    paced.cancel()
    vi.advanceTimersByTime(500)
    expect(fn).not.toHaveBeenCalled()
  })
})

describe('pacedAwareness', () => {
  it('paces change listeners and passes everything else through', () => {
    vi.useFakeTimers()
    const listeners = new Map<string, Set<(...a: unknown[]) => void>>()
    const awareness = {
      clientID: 7,
      on(name: string, fn: (...a: unknown[]) => void) {
        if (!listeners.has(name)) listeners.set(name, new Set())
        listeners.get(name)!.add(fn)
      },
      off(name: string, fn: (...a: unknown[]) => void) {
        listeners.get(name)?.delete(fn)
      },
      getStates() {
        return new Map([[7, { a: 1 }]])
      },
    }
    const paced = pacedAwareness(awareness as never, 100)
    const onChange = vi.fn()
    const onUpdate = vi.fn()
    paced.on('change', onChange)
    paced.on('update', onUpdate)
    expect(paced.clientID).toBe(7)
    expect(paced.getStates().get(7)).toEqual({ a: 1 })
    for (const fn of listeners.get('change')!) fn('x')
    for (const fn of listeners.get('change')!) fn('y')
    for (const fn of listeners.get('update')!) fn('u')
    expect(onUpdate).toHaveBeenCalledTimes(1)
    expect(onChange).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onChange).toHaveBeenCalledTimes(1)
    expect(onChange).toHaveBeenCalledWith('y')
    paced.off('change', onChange)
    expect(listeners.get('change')!.size).toBe(0)
    vi.useRealTimers()
  })
})
