import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLogLevel } from '../../../../server/log'
import { MemoryStorage, type AppendEntry } from '../../../../server/persistence'
import { Committer, type CommitSource } from '../../../../server/rooms/Committer'

setLogLevel('silent')

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })

/** MemoryStorage whose appendBatch first fails with each of `failures` in turn. */
class FlakyStorage extends MemoryStorage {
  attempts = 0
  constructor(private readonly failures: (() => Error)[]) {
    super()
  }
  override appendBatch(batch: readonly AppendEntry[]): Promise<number[]> {
    this.attempts++
    const failure = this.failures.shift()
    return failure ? Promise.reject(failure()) : super.appendBatch(batch)
  }
}

/** A CommitSource with one update, recording the outcome. */
function source(): CommitSource & { outcome: 'committed' | 'failed' | null } {
  return {
    docName: 'doc',
    outcome: null,
    takeUnsaved: () => ({ updates: [new Uint8Array([0, 0])], batch: 1 }),
    committed() {
      this.outcome = 'committed'
    },
    commitFailed() {
      this.outcome = 'failed'
    },
  }
}

describe('Committer', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('tells onCommitted the names of the documents a stored batch held, and nothing when it failed', async () => {
    const told: string[][] = []
    const committer = new Committer(new FlakyStorage([busy, busy, busy, busy].map(() => () => new Error('disk gone'))), undefined, { onCommitted: (names) => told.push([...names]) })
    const failing = source()
    committer.enqueue(failing)
    await vi.advanceTimersByTimeAsync(1000)
    expect(failing.outcome).toBe('failed')
    expect(told).toEqual([])
    const ok = source()
    committer.enqueue(ok)
    await committer.flush()
    expect(ok.outcome).toBe('committed')
    expect(told).toEqual([['doc']])
  })

  it('waits out a lock another process holds, without counting it as a failure, and reports how long', async () => {
    const storage = new FlakyStorage(Array.from({ length: 20 }, () => busy))
    const committer = new Committer(storage, undefined, { busyRetryMs: 60_000 })
    const s = source()
    committer.enqueue(s)
    await vi.advanceTimersByTimeAsync(1500)
    expect(s.outcome).toBeNull()
    expect(committer.busyForMs()).toBeGreaterThanOrEqual(1000)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(s.outcome).toBe('committed')
    expect(storage.attempts).toBe(21)
    expect(committer.busyForMs()).toBe(0)
  })

  it('gives up on a lock after busyRetryMs: the batch fails like any other', async () => {
    const storage = new FlakyStorage(Array.from({ length: 10_000 }, () => busy))
    const committer = new Committer(storage, undefined, { busyRetryMs: 5000 })
    const s = source()
    committer.enqueue(s)
    await vi.advanceTimersByTimeAsync(4000)
    expect(s.outcome).toBeNull()
    await vi.advanceTimersByTimeAsync(2000)
    expect(s.outcome).toBe('failed')
    expect(committer.busyForMs()).toBe(0)
  })

  it('fails a batch after 3 attempts on other errors, without waiting', async () => {
    const storage = new FlakyStorage([() => new Error('disk I/O error'), () => new Error('disk I/O error'), () => new Error('disk I/O error')])
    const committer = new Committer(storage)
    const s = source()
    committer.enqueue(s)
    await vi.advanceTimersByTimeAsync(0)
    expect(s.outcome).toBe('failed')
    expect(storage.attempts).toBe(3)
    expect(committer.busyForMs()).toBe(0)
  })
})
