import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { INITIAL_SYNC_STATUS, type SyncStatus } from '../../../../client/sync'
import { CONNECTION_SETTLE_MS, connectionAnnouncements, type ConnectionChange } from '../../../../client/ui/connectionAnnouncements'

const connecting: SyncStatus = INITIAL_SYNC_STATUS
const connected: SyncStatus = { ...INITIAL_SYNC_STATUS, connection: 'connected', synced: true, hasContent: true }
const saving: SyncStatus = { ...connected, pending: true }
const disconnected: SyncStatus = { ...connected, connection: 'disconnected', synced: false }
const reconnecting: SyncStatus = { ...connected, connection: 'connecting', synced: false }

describe(connectionAnnouncements, () => {
  let heard: ConnectionChange[]
  let changes: ReturnType<typeof connectionAnnouncements>
  beforeEach(() => {
    vi.useFakeTimers()
    heard = []
    changes = connectionAnnouncements((change) => heard.push(change))
  })
  afterEach(() => {
    changes.stop()
    vi.useRealTimers()
  })

  it('says nothing about the first connection, however long it takes', () => {
    changes.handle(connecting)
    vi.advanceTimersByTime(10 * CONNECTION_SETTLE_MS)
    changes.handle(connected)
    vi.advanceTimersByTime(10 * CONNECTION_SETTLE_MS)
    expect(heard).toEqual([])
  })

  it('announces a loss once it has lasted, and the return once it has lasted', () => {
    changes.handle(connected)
    changes.handle(disconnected)
    vi.advanceTimersByTime(CONNECTION_SETTLE_MS - 1)
    expect(heard).toEqual([])
    vi.advanceTimersByTime(1)
    expect(heard).toEqual(['lost'])
    // Reconnect attempts flicker between connecting and disconnected: nothing more is said.
    for (let i = 0; i < 5; i++) {
      changes.handle(reconnecting)
      vi.advanceTimersByTime(500)
      changes.handle(disconnected)
      vi.advanceTimersByTime(500)
    }
    expect(heard).toEqual(['lost'])
    changes.handle(connected)
    vi.advanceTimersByTime(CONNECTION_SETTLE_MS)
    expect(heard).toEqual(['lost', 'restored'])
  })

  it('says nothing for a drop shorter than the settle time, nor for saving and saved', () => {
    changes.handle(connected)
    for (let i = 0; i < 200; i++) {
      changes.handle(saving)
      changes.handle(connected)
    }
    changes.handle(disconnected)
    vi.advanceTimersByTime(CONNECTION_SETTLE_MS / 2)
    changes.handle(connected)
    vi.advanceTimersByTime(10 * CONNECTION_SETTLE_MS)
    expect(heard).toEqual([])
  })

  it('leaves a problem the server named to the problem banner', () => {
    changes.handle(connected)
    changes.handle({ ...disconnected, problem: 'token-revoked' })
    vi.advanceTimersByTime(10 * CONNECTION_SETTLE_MS)
    expect(heard).toEqual([])
  })

  it('cancels a pending announcement when stopped', () => {
    changes.handle(connected)
    changes.handle(disconnected)
    changes.stop()
    vi.advanceTimersByTime(10 * CONNECTION_SETTLE_MS)
    expect(heard).toEqual([])
  })
})
