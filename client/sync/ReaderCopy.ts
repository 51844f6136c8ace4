import * as Y from 'yjs'
import { forgetReaderCopy, loadReaderCopy, saveReaderCopy } from './readerCopyStore'

/**
 * Writes are coalesced: at most one per this interval while updates keep arriving. Each write
 * encodes both whole documents, so it is kept rare: the copy is also stored at once when the
 * connection is lost and when the page is left, which is when it is needed.
 */
const SAVE_INTERVAL_MS = 10_000

/**
 * A drop shorter than this, or a start that gets live within it, shows no "Ikke direkte" banner
 * (a reconnect that succeeds at once would make it flicker).
 */
export const NOT_LIVE_GRACE_MS = 3000

/** The part of a y-websocket provider the copy listens to. */
interface SyncSource {
  readonly synced: boolean
  readonly wsconnected: boolean
  on(name: 'sync', f: (synced: boolean) => void): void
  on(name: 'status', f: (event: { status: string }) => void): void
  on(name: 'connection-close', f: () => void): void
  off(name: 'sync', f: (synced: boolean) => void): void
  off(name: 'status', f: (event: { status: string }) => void): void
  off(name: 'connection-close', f: () => void): void
}

/** One document and the provider that syncs it. */
export interface SyncedDoc {
  readonly doc: Y.Doc
  readonly provider: SyncSource
}

/**
 * A reader's (medlem, observatør) offline copy of one meeting: what the server sent for the
 * minutes and the register, kept in IndexedDB (readerCopyStore.ts) and shown at the next start
 * before the server answers, or without it.
 *
 * Read-only by construction: only updates the providers received are stored, and the stored
 * state is applied with the provider as the transaction origin, which y-websocket never sends
 * back (it sends what has another origin). If the copy ever holds something the server lacks
 * (restored from a backup), the sync exchange offers it, the server refuses the reader
 * (4403 read-only) and the session forgets the copy.
 */
export class ReaderCopy {
  private syncedAtMs: number | null = null
  private fromCopy = false
  private live = false
  private everLive = false
  private readonly startedAtMs = Date.now()
  /** When the live connection was lost, or the first attempt failed; null while live or still starting. */
  private lostAtMs: number | null = null
  private forgotten = false
  private destroyed = false
  private saveTimer: ReturnType<typeof setTimeout> | null = null
  private readonly listeners = new Set<() => void>()

  constructor(
    private readonly meetingId: string,
    private readonly minutes: SyncedDoc,
    private readonly register: SyncedDoc,
  ) {
    minutes.doc.on('update', this.handleMinutesUpdate)
    register.doc.on('update', this.handleRegisterUpdate)
    minutes.provider.on('sync', this.handleSync)
    minutes.provider.on('status', this.handleStatus)
    minutes.provider.on('connection-close', this.handleConnectionClose)
    addEventListener('pagehide', this.flush)
    void this.load()
  }

  /** When the last sync from the server was received (ms since the epoch); null before any, here or stored. */
  getSyncedAtMs = (): number | null => this.syncedAtMs

  /** True once a stored copy was applied (its content may be shown before the server answers). */
  hasStoredCopy = (): boolean => this.fromCopy

  /**
   * From when on (ms since the epoch) a reader who is not live should be told so: the grace after
   * a drop of a live connection, or after the start; at once when the first attempt failed. Null
   * while live. Absolute, so that it holds across the editor taking over from the light reader.
   */
  notLiveNoticeAtMs = (): number | null => {
    if (this.live) return null
    if (this.everLive) return (this.lostAtMs ?? this.startedAtMs) + NOT_LIVE_GRACE_MS
    return this.lostAtMs ?? this.startedAtMs + NOT_LIVE_GRACE_MS
  }

  /** Calls `onChange` when the time of the last sync or the stored copy's presence changes. */
  subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange)
    return () => this.listeners.delete(onChange)
  }

  /** Removes the stored copy and stores nothing more (a definite refusal, or the person discards it). */
  async forget(): Promise<void> {
    this.forgotten = true
    this.cancelSave()
    await forgetReaderCopy(this.meetingId)
  }

  /** Stops listening; what waits to be stored is stored. */
  destroy(): void {
    this.flush()
    this.destroyed = true
    this.minutes.doc.off('update', this.handleMinutesUpdate)
    this.register.doc.off('update', this.handleRegisterUpdate)
    this.minutes.provider.off('sync', this.handleSync)
    this.minutes.provider.off('status', this.handleStatus)
    this.minutes.provider.off('connection-close', this.handleConnectionClose)
    removeEventListener('pagehide', this.flush)
    this.listeners.clear()
  }

  private async load(): Promise<void> {
    const stored = await loadReaderCopy(this.meetingId)
    if (!stored || this.forgotten || this.destroyed) return
    try {
      // The provider as origin: y-websocket sends on only what has another origin.
      Y.applyUpdate(this.minutes.doc, stored.minutes, this.minutes.provider)
      Y.applyUpdate(this.register.doc, stored.register, this.register.provider)
    } catch (err) {
      console.warn('reader copy: the stored copy cannot be read; it is removed', err)
      await this.forget()
      return
    }
    this.fromCopy = true
    // Live already (the server answered first): the time of that sync stands.
    if (this.syncedAtMs === null) this.syncedAtMs = stored.syncedAtMs
    this.emit()
  }

  private readonly handleSync = (synced: boolean): void => {
    if (!synced || !this.minutes.provider.wsconnected) return this.lose()
    this.live = true
    this.everLive = true
    this.lostAtMs = null
    this.received()
  }

  /** Every closed or failed connection (y-websocket emits it before the status says disconnected). */
  private readonly handleConnectionClose = (): void => {
    if (this.live) return this.lose()
    // A start that never got live: the first failed attempt is when to tell.
    if (this.everLive || this.lostAtMs !== null) return
    this.lostAtMs = Date.now()
    this.emit()
  }

  private readonly handleStatus = ({ status }: { status: string }): void => {
    if (status !== 'connected') this.lose()
  }

  /** The live connection is gone: the copy was current until now, which is the time to show, and it is stored at once. */
  private lose(): void {
    if (!this.live) return
    this.live = false
    this.lostAtMs = Date.now()
    this.received()
    this.flush()
  }

  // Every keystroke the secretary makes reaches every reader here: note the time and schedule the
  // save, but tell no subscriber (the time is shown only once not live; lose() tells them then).
  private readonly handleMinutesUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin !== this.minutes.provider || !this.live) return
    this.syncedAtMs = Date.now()
    this.scheduleSave()
  }

  private readonly handleRegisterUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.register.provider && this.live) this.scheduleSave()
  }

  private received(): void {
    this.syncedAtMs = Date.now()
    this.emit()
    this.scheduleSave()
  }

  private scheduleSave(): void {
    if (this.saveTimer || this.forgotten || this.destroyed) return
    this.saveTimer = setTimeout(this.flush, SAVE_INTERVAL_MS)
  }

  private cancelSave(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer)
    this.saveTimer = null
  }

  /** Stores both documents now, if something waits to be stored. */
  private readonly flush = (): void => {
    if (!this.saveTimer || this.forgotten || this.destroyed) return
    this.cancelSave()
    const copy = {
      minutes: Y.encodeStateAsUpdate(this.minutes.doc),
      register: Y.encodeStateAsUpdate(this.register.doc),
      syncedAtMs: this.syncedAtMs,
    }
    void saveReaderCopy(this.meetingId, copy, Date.now())
  }

  private emit(): void {
    for (const listener of this.listeners) listener()
  }
}
