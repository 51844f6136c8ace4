import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MeetingSummary } from '../../../../shared/minutes'
import { setLogLevel } from '../../../../server/log'
import { MemoryStorage } from '../../../../server/persistence'
import { minutesUpdateFromJSON } from '../../../../server/rooms'
import { MemorySearchIndex, SearchIndexer, parseQuery } from '../../../../server/search'
import { seed003 } from '../../../fixtures/seed003'

setLogLevel('silent')

const MEETING: MeetingSummary = {
  id: 'meeting-a',
  organ: 'Nasjonalt e-helseråd',
  title: 'Møte 3/2023',
  number: '3/2023',
  date: '2023-10-04',
  time: '09.00',
  place: 'Tromsø',
  firstAgendaNumber: 17,
  createdAt: '2023-09-01T00:00:00.000Z',
}

async function setUp() {
  const storage = new MemoryStorage()
  await storage.createMeeting(MEETING, minutesUpdateFromJSON(seed003))
  const index = new MemorySearchIndex()
  const indexer = new SearchIndexer(storage, index, { debounceMs: 3000 })
  return { storage, index, indexer }
}

describe('SearchIndexer', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('indexes a meeting debounceMs after its last commit, not before', async () => {
    const { index, indexer } = await setUp()
    indexer.changed([MEETING.id])
    await vi.advanceTimersByTimeAsync(2900)
    indexer.changed([MEETING.id])
    await vi.advanceTimersByTimeAsync(2900)
    expect(await index.indexedSeq(MEETING.id)).toBeNull()
    await vi.advanceTimersByTimeAsync(200)
    expect(await index.indexedSeq(MEETING.id)).toBe(1)
    const hits = await index.search({ query: parseQuery('vedtaket'), scope: { kind: 'all' }, limit: 50, offset: 0 })
    expect(hits.rows.length).toBeGreaterThan(0)
    expect(hits.rows.every((r) => r.meeting.id === MEETING.id && r.meeting.organ === 'Nasjonalt e-helseråd')).toBe(true)
  })

  it('indexes within maxDelayMs (10 × debounceMs) while commits keep coming without a pause', async () => {
    const { index, indexer } = await setUp()
    for (let second = 0; second < 29; second++) {
      indexer.changed([MEETING.id])
      await vi.advanceTimersByTimeAsync(1000)
      expect(await index.indexedSeq(MEETING.id)).toBeNull()
    }
    indexer.changed([MEETING.id])
    await vi.advanceTimersByTimeAsync(1000)
    expect(await index.indexedSeq(MEETING.id)).toBe(1)
  })

  it('ignores documents that are no meeting minutes (a register), and meetings that do not exist', async () => {
    const { index, indexer } = await setUp()
    indexer.changed([`${MEETING.id}/register`, 'no-such-meeting'])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await index.indexedSeq(MEETING.id)).toBeNull()
    expect(await index.indexedSeq('no-such-meeting')).toBeNull()
  })

  it('catches up at start: a meeting whose stored seq differs from the indexed one is indexed, an up-to-date one is left alone', async () => {
    // sweep() resolves once the queue is drained, which yields with setImmediate between meetings.
    vi.useRealTimers()
    const { storage, index, indexer } = await setUp()
    const replace = vi.spyOn(index, 'replaceMeeting')
    await indexer.sweep()
    expect(replace).toHaveBeenCalledTimes(1)
    expect(await index.indexedSeq(MEETING.id)).toBe(1)
    await indexer.sweep()
    expect(replace).toHaveBeenCalledTimes(1)
    await storage.append(MEETING.id, minutesUpdateFromJSON(seed003))
    await indexer.sweep()
    expect(replace).toHaveBeenCalledTimes(2)
    await indexer.close()
  })
})
