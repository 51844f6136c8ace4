import { Observable } from 'lib0/observable'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { NOT_LIVE_GRACE_MS, ReaderCopy } from '../../../../client/sync/ReaderCopy'

/** The provider events ReaderCopy listens to, driven by hand (y-websocket emits them in this order). */
class FakeProvider extends Observable<string> {
  synced = false
  wsconnected = false

  connectAndSync(): void {
    this.wsconnected = true
    this.emit('status', [{ status: 'connected' }])
    this.synced = true
    this.emit('sync', [true])
  }

  /** A live connection lost, or an attempt that failed: close first, then (if it was up) the status. */
  drop(): void {
    const wasConnected = this.wsconnected
    this.emit('connection-close', [null])
    this.wsconnected = false
    this.synced = false
    if (wasConnected) this.emit('status', [{ status: 'disconnected' }])
  }
}

const START_MS = Date.UTC(2026, 11, 7, 9, 0)

describe(ReaderCopy, () => {
  let minutes: { doc: Y.Doc; provider: FakeProvider }
  let register: { doc: Y.Doc; provider: FakeProvider }
  let copy: ReaderCopy

  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(START_MS)
    // No IndexedDB in Node: the copy has nothing stored and stores nothing; the timing is what is tested here.
    vi.stubGlobal('addEventListener', () => {})
    vi.stubGlobal('removeEventListener', () => {})
    minutes = { doc: new Y.Doc(), provider: new FakeProvider() }
    register = { doc: new Y.Doc(), provider: new FakeProvider() }
    copy = new ReaderCopy('m1', minutes, register)
  })

  afterEach(() => {
    copy.destroy()
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('gives a slow start the grace, and tells at once when the first attempt failed', () => {
    expect(copy.notLiveNoticeAtMs()).toBe(START_MS + NOT_LIVE_GRACE_MS)
    vi.setSystemTime(START_MS + 500)
    minutes.provider.drop()
    expect(copy.notLiveNoticeAtMs()).toBe(START_MS + 500)
    // Later failed attempts do not move it.
    vi.setSystemTime(START_MS + 5000)
    minutes.provider.drop()
    expect(copy.notLiveNoticeAtMs()).toBe(START_MS + 500)
  })

  it('is silent while live, and gives a drop while reading the grace from the moment it was lost', () => {
    minutes.provider.connectAndSync()
    expect(copy.notLiveNoticeAtMs()).toBeNull()
    expect(copy.getSyncedAtMs()).toBe(START_MS)

    vi.setSystemTime(START_MS + 60_000)
    minutes.provider.drop()
    expect(copy.notLiveNoticeAtMs()).toBe(START_MS + 60_000 + NOT_LIVE_GRACE_MS)
    // The copy was current until the drop: that is the time the banner shows.
    expect(copy.getSyncedAtMs()).toBe(START_MS + 60_000)

    // Reconnect attempts that fail change neither.
    vi.setSystemTime(START_MS + 70_000)
    minutes.provider.drop()
    expect(copy.notLiveNoticeAtMs()).toBe(START_MS + 60_000 + NOT_LIVE_GRACE_MS)
    expect(copy.getSyncedAtMs()).toBe(START_MS + 60_000)

    vi.setSystemTime(START_MS + 80_000)
    minutes.provider.connectAndSync()
    expect(copy.notLiveNoticeAtMs()).toBeNull()
    expect(copy.getSyncedAtMs()).toBe(START_MS + 80_000)
  })

  it('tells its subscribers after the drop, so that what they last read is the state after it', () => {
    minutes.provider.connectAndSync()
    const seen: (number | null)[] = []
    copy.subscribe(() => seen.push(copy.notLiveNoticeAtMs()))
    vi.setSystemTime(START_MS + 10_000)
    minutes.provider.drop()
    expect(seen.at(-1)).toBe(START_MS + 10_000 + NOT_LIVE_GRACE_MS)
    minutes.provider.connectAndSync()
    expect(seen.at(-1)).toBeNull()
  })

  it('takes the time of the last sync from updates the server relays while live, not from other updates', () => {
    minutes.provider.connectAndSync()
    const writer = new Y.Doc()
    writer.getXmlFragment('minutes').insert(0, [new Y.XmlText('Vedtak')])
    vi.setSystemTime(START_MS + 1000)
    Y.applyUpdate(minutes.doc, Y.encodeStateAsUpdate(writer), minutes.provider)
    expect(copy.getSyncedAtMs()).toBe(START_MS + 1000)
    vi.setSystemTime(START_MS + 2000)
    const changed = vi.fn()
    minutes.doc.on('update', changed)
    writer.getXmlFragment('minutes').insert(1, [new Y.XmlText(' enstemmig')])
    Y.applyUpdate(minutes.doc, Y.encodeStateAsUpdate(writer), 'some other origin')
    expect(changed).toHaveBeenCalledTimes(1)
    expect(copy.getSyncedAtMs()).toBe(START_MS + 1000)
  })
})
