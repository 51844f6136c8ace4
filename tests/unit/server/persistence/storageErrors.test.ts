import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { StorageBusyError, isBusyError, retryWhileBusy } from '../../../../server/persistence'

const busy = (code = 'SQLITE_BUSY') => Object.assign(new Error('database is locked'), { code })

describe('retryWhileBusy', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('knows SQLite lock conflicts from other errors', () => {
    expect(isBusyError(busy())).toBe(true)
    expect(isBusyError(busy('SQLITE_BUSY_SNAPSHOT'))).toBe(true)
    expect(isBusyError(busy('SQLITE_LOCKED'))).toBe(true)
    expect(isBusyError(busy('SQLITE_IOERR'))).toBe(false)
    expect(isBusyError(new Error('x'))).toBe(false)
  })

  it('tries again without blocking until the lock is gone', async () => {
    let calls = 0
    const result = retryWhileBusy('write', 5000, () => {
      if (++calls < 5) throw busy()
      return 'done'
    })
    await vi.advanceTimersByTimeAsync(1000)
    expect(await result).toBe('done')
    expect(calls).toBe(5)
  })

  it('rejects with StorageBusyError after its bound, and at once on other errors', async () => {
    const waited = retryWhileBusy('write', 500, () => {
      throw busy()
    })
    const caught = waited.catch((err: unknown) => err)
    await vi.advanceTimersByTimeAsync(600)
    const err = await caught
    expect(err).toBeInstanceOf(StorageBusyError)
    expect((err as StorageBusyError).code).toBe('storage-busy')
    await expect(
      retryWhileBusy('write', 500, () => {
        throw new Error('disk I/O error')
      }),
    ).rejects.toThrow('disk I/O error')
  })
})
