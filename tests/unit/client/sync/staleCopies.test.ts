import { describe, expect, it } from 'vitest'
import { MAX_COPIES_REMOVED_PER_START, READER_COPY_MAX_AGE_MS, chooseStaleCopies } from '../../../../client/sync/staleCopies'
import { forgetsReaderCopy } from '../../../../client/sync/readerCopyPolicy'

const DAY_MS = 24 * 60 * 60 * 1000
const NOW_MS = Date.UTC(2026, 11, 7, 12, 0)
const openedDaysAgo = (meetingId: string, days: number) => ({ meetingId, openedAtMs: NOW_MS - days * DAY_MS })

describe(chooseStaleCopies, () => {
  it('removes the copies of meetings not opened for 30 days, and keeps the rest', () => {
    const copies = [openedDaysAgo('fresh', 1), openedDaysAgo('month-minus-a-day', 29), openedDaysAgo('old', 31), openedDaysAgo('very-old', 400)]
    expect(chooseStaleCopies(copies, NOW_MS)).toEqual(['very-old', 'old'])
  })

  it('keeps a copy opened exactly 30 days ago', () => {
    expect(READER_COPY_MAX_AGE_MS).toBe(30 * DAY_MS)
    expect(chooseStaleCopies([openedDaysAgo('edge', 30)], NOW_MS)).toEqual([])
    expect(chooseStaleCopies([{ meetingId: 'past-edge', openedAtMs: NOW_MS - 30 * DAY_MS - 1 }], NOW_MS)).toEqual(['past-edge'])
  })

  it('never removes the meeting being opened', () => {
    expect(chooseStaleCopies([openedDaysAgo('this-one', 90), openedDaysAgo('other', 90)], NOW_MS, { keep: 'this-one' })).toEqual(['other'])
  })

  it('removes at most the limit per start, oldest first', () => {
    const copies = Array.from({ length: 50 }, (_, i) => openedDaysAgo(`m${i}`, 31 + i))
    const removed = chooseStaleCopies(copies, NOW_MS)
    expect(removed).toHaveLength(MAX_COPIES_REMOVED_PER_START)
    expect(removed[0]).toBe('m49')
    expect(removed.at(-1)).toBe(`m${50 - MAX_COPIES_REMOVED_PER_START}`)
    expect(chooseStaleCopies(copies, NOW_MS, { limit: 2 })).toEqual(['m49', 'm48'])
  })

  it('keeps a copy whose time is in the future or not a number (a clock set back, a damaged record)', () => {
    expect(chooseStaleCopies([{ meetingId: 'future', openedAtMs: NOW_MS + DAY_MS }, { meetingId: 'nan', openedAtMs: Number.NaN }], NOW_MS)).toEqual([])
  })
})

describe(forgetsReaderCopy, () => {
  it('forgets the copy on a definite refusal: access gone, meeting gone, or the copy refused as a change', () => {
    for (const problem of ['unauthorized', 'token-expired', 'token-revoked', 'wrong-meeting', 'sign-in-required', 'session-ended', 'unknown-meeting', 'read-only'] as const) {
      expect(forgetsReaderCopy(problem), problem).toBe(true)
    }
  })

  it('keeps it through passing troubles', () => {
    for (const problem of [null, 'rate-limited', 'presence-too-large', 'storage-read-only', 'outdated-client', 'forbidden'] as const) {
      expect(forgetsReaderCopy(problem), String(problem)).toBe(false)
    }
  })
})
