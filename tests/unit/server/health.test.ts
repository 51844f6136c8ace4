import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Health } from '../../../server/health'
import { setLogLevel } from '../../../server/log'

setLogLevel('silent')

describe('Health', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  const ok = () => Promise.resolve(null)

  it('is ready when storage answers, can be written and nothing waits on a lock', async () => {
    expect(await new Health(ok, 1000, { readOnly: () => false, busyForMs: () => 0 }).check()).toBeNull()
  })

  it('says storage-read-only for read-only storage', async () => {
    expect(await new Health(ok, 1000, { readOnly: () => true }).check()).toBe('storage-read-only')
  })

  it('says storage-busy once a commit has waited a second on a lock, not before', async () => {
    let busy = 999
    const health = new Health(ok, 1000, { busyForMs: () => busy })
    expect(await health.check()).toBeNull()
    busy = 1000
    expect(await health.check()).toBe('storage-busy')
  })

  it('says draining first, then the storage reasons', async () => {
    const health = new Health(ok, 1000, { readOnly: () => true, busyForMs: () => 5000 })
    health.startDraining()
    expect(await health.check()).toBe('draining')
  })

  it('says storage-error when the probe fails and storage-timeout when it hangs', async () => {
    expect(await new Health(() => Promise.reject(new Error('down'))).check()).toBe('storage-error')
    const hanging = new Health(() => new Promise(() => {}), 1000).check()
    await vi.advanceTimersByTimeAsync(1000)
    expect(await hanging).toBe('storage-timeout')
  })
})
