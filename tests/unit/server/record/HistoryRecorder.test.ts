import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HistoryDraft, HistoryEvent } from '../../../../shared/record'
import { MemoryStorage } from '../../../../server/persistence'
import { HistoryRecorder, HISTORY_APPEND_ATTEMPTS } from '../../../../server/record'
import { setLogLevel } from '../../../../server/log'

const ADMIN = { role: 'admin', name: null, verified: false } as const

/** A history store whose appends fail `failures` times before they go through. */
class FlakyStorage extends MemoryStorage {
  calls = 0
  constructor(private failures: number) {
    super()
  }
  override async appendHistoryEvent(draft: HistoryDraft): Promise<HistoryEvent> {
    this.calls++
    if (this.failures > 0) {
      this.failures--
      throw new Error('disk full')
    }
    return super.appendHistoryEvent(draft)
  }
}

afterEach(() => {
  vi.restoreAllMocks()
  setLogLevel('silent')
})

describe('HistoryRecorder', () => {
  it('appends one meeting’s events in call order, each chained on the last', async () => {
    const store = new MemoryStorage()
    const history = new HistoryRecorder(store, { retryMs: 0 })
    const recorded = await Promise.all([1, 2, 3].map((i) => history.record('m', ADMIN, 'token-minted', { tokenId: `t${i}` })))
    expect(recorded.map((e) => [e?.seq, e?.details.tokenId])).toEqual([[1, 't1'], [2, 't2'], [3, 't3']])
    expect(await history.verify('m')).toEqual({ ok: true, events: 3, head: { seq: 3, hash: recorded[2]!.hash } })
  })

  it('retries a failed append and then stores it', async () => {
    const store = new FlakyStorage(HISTORY_APPEND_ATTEMPTS - 1)
    const history = new HistoryRecorder(store, { retryMs: 0 })
    expect(await history.record('m', ADMIN, 'meeting-created', {})).toMatchObject({ seq: 1 })
    expect(store.calls).toBe(HISTORY_APPEND_ATTEMPTS)
  })

  it('never rejects: an append that keeps failing is logged as an error and the chain stays intact', async () => {
    setLogLevel('error')
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const store = new FlakyStorage(HISTORY_APPEND_ATTEMPTS)
    const history = new HistoryRecorder(store, { retryMs: 0 })
    await expect(history.record('m', ADMIN, 'token-revoked', { tokenId: 't1' })).resolves.toBeNull()
    const line = JSON.parse(String(stderr.mock.calls.at(-1)![0])) as Record<string, unknown>
    expect(line).toMatchObject({ level: 'error', msg: 'history append failed', docName: 'm', kind: 'token-revoked', details: { tokenId: 't1' } })
    expect(await history.record('m', ADMIN, 'token-revoked', { tokenId: 't2' })).toMatchObject({ seq: 1 })
    expect(await history.verify('m')).toMatchObject({ ok: true, events: 1 })
  })

  it('waits for this node’s pending appends before it lists or verifies', async () => {
    const store = new MemoryStorage()
    const history = new HistoryRecorder(store, { retryMs: 0 })
    void history.record('m', ADMIN, 'meeting-created', {})
    void history.record('m', ADMIN, 'token-minted', { tokenId: 't' })
    expect((await history.list('m', 0, 10)).map((e) => e.kind)).toEqual(['meeting-created', 'token-minted'])
    expect(await history.head('m')).toMatchObject({ seq: 2 })
  })
})
