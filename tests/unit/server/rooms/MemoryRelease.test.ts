import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLogLevel } from '../../../../server/log'
import { MemoryRelease, RELEASE_MIN_UNLOADED_ROOMS, RELEASE_QUIET_MS, RELEASE_SECOND_PASS_MS, fullGarbageCollection } from '../../../../server/rooms/MemoryRelease'

setLogLevel('silent')

/** Loads `count` rooms one by one, as the registry reports them. */
function load(release: MemoryRelease, count: number, from = 0): number {
  for (let i = 1; i <= count; i++) release.loaded(from + i)
  return from + count
}

/** Unloads `count` of `rooms` one by one; returns how many are left. */
function unload(release: MemoryRelease, rooms: number, count: number): number {
  for (let i = 0; i < count; i++) release.unloadedOne(--rooms)
  return rooms
}

describe('MemoryRelease', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('collects twice, a quiet while after a wave of unloads that leaves at most half of the rooms', () => {
    let collections = 0
    const release = new MemoryRelease(() => collections++)
    let rooms = load(release, 1000)
    rooms = unload(release, rooms, 600)
    vi.advanceTimersByTime(RELEASE_QUIET_MS - 1)
    rooms = unload(release, rooms, 400) // the wave goes on: the release waits for its end
    vi.advanceTimersByTime(RELEASE_QUIET_MS - 1)
    expect(collections).toBe(0)
    vi.advanceTimersByTime(1)
    expect(collections).toBe(1)
    vi.advanceTimersByTime(RELEASE_SECOND_PASS_MS)
    expect(collections).toBe(2)
    vi.advanceTimersByTime(10 * RELEASE_QUIET_MS)
    expect(collections).toBe(2)
    expect(rooms).toBe(0)
  })

  it('does not collect for a few unloads, nor while more than half of the rooms stay loaded', () => {
    let collections = 0
    const release = new MemoryRelease(() => collections++)
    unload(release, load(release, 40), 40) // forty committees go home
    vi.advanceTimersByTime(10 * RELEASE_QUIET_MS)
    expect(collections).toBe(0)
    const release2 = new MemoryRelease(() => collections++)
    unload(release2, load(release2, 1000), RELEASE_MIN_UNLOADED_ROOMS + 100) // 800 stay
    vi.advanceTimersByTime(10 * RELEASE_QUIET_MS)
    expect(collections).toBe(0)
  })

  it('measures the next wave from what was loaded after the last release', () => {
    let collections = 0
    const release = new MemoryRelease(() => collections++)
    let rooms = unload(release, load(release, 1000), 1000)
    vi.advanceTimersByTime(RELEASE_QUIET_MS + RELEASE_SECOND_PASS_MS)
    rooms = load(release, 300, rooms)
    rooms = unload(release, rooms, 200)
    vi.advanceTimersByTime(RELEASE_QUIET_MS + RELEASE_SECOND_PASS_MS)
    expect(collections).toBe(4)
    expect(rooms).toBe(100)
  })

  it('cancels a waiting release when destroyed', () => {
    let collections = 0
    const release = new MemoryRelease(() => collections++)
    unload(release, load(release, 500), 500)
    release.destroy()
    vi.advanceTimersByTime(10 * RELEASE_QUIET_MS)
    expect(collections).toBe(0)
  })
})

describe('fullGarbageCollection', () => {
  it('collects an object nothing refers to any more', async () => {
    const ref = (() => new WeakRef({ payload: new Array(1000).fill('x') }))()
    // A WeakRef keeps its target alive until the end of the job that created or read it.
    await new Promise((resolve) => setImmediate(resolve))
    fullGarbageCollection()
    expect(ref.deref()).toBeUndefined()
  })
})
