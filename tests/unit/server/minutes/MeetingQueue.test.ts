import { describe, expect, it } from 'vitest'
import { MeetingQueue } from '../../../../server/minutes/MeetingQueue'

describe('MeetingQueue', () => {
  it('handles a thousand marked meetings one at a time, each once, and skips register documents', async () => {
    let inFlight = 0
    let most = 0
    const handled: string[] = []
    const queue = new MeetingQueue(
      async (meetingId) => {
        inFlight++
        most = Math.max(most, inFlight)
        await new Promise((resolve) => setTimeout(resolve, 0))
        handled.push(meetingId)
        inFlight--
      },
      { debounceMs: 60_000, maxDelayMs: 60_000, failure: 'test' },
    )
    const ids = Array.from({ length: 1000 }, (_, i) => `meeting-${i}`)
    queue.mark(ids)
    queue.mark(ids.slice(0, 10)) // marked again before the run: still handled once
    queue.mark(['meeting-1/register'])
    await queue.drain()
    expect(most).toBe(1)
    expect(handled).toHaveLength(1000)
    expect(new Set(handled)).toEqual(new Set(ids))
    await queue.close(100)
  })

  it('goes on after a meeting whose work fails, and drops what is marked once closed', async () => {
    const handled: string[] = []
    const queue = new MeetingQueue(
      async (meetingId) => {
        if (meetingId === 'bad') throw new Error('storage failed')
        handled.push(meetingId)
      },
      { debounceMs: 60_000, maxDelayMs: 60_000, failure: 'test' },
    )
    queue.mark(['a', 'bad', 'b'])
    await queue.drain()
    expect(handled).toEqual(['a', 'b'])
    await queue.close(100)
    queue.mark(['c'])
    await queue.drain()
    expect(handled).toEqual(['a', 'b'])
  })
})
