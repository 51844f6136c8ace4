import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import type * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import {
  CLOSE,
  FATAL_CLOSE_CODES,
  MESSAGE,
  MINUTES_FRAGMENT,
  SAVED_PARAM,
  SCHEMA_VERSION,
  VERSION_PARAM,
  readSavedMessage,
} from '../../shared'
import { presenceUser, type LocalUser, type PresenceUser } from './identity'
import {
  NOTHING_CONFIRMED,
  confirmRelayedUpdate,
  confirmSnapshot,
  hasPendingChanges,
  type ConfirmedState,
} from './savedState'
import { INITIAL_SYNC_STATUS, type SyncProblem, type SyncStatus } from './statusText'

/** After this many 4422 closes in a row we stop reconnecting: each retry resends the same edit. */
const MAX_REJECTIONS_IN_A_ROW = 3

/** ws(s)://host/sync for the page's own origin. */
function syncBaseUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/sync`
}

/**
 * One meeting's live document: the Y.Doc, its IndexedDB copy and its WebSocket provider, plus
 * the derived save status. Created through `acquireSession` only; React code reaches it through
 * the hooks in this folder and never touches the Y.Doc itself.
 */
export class MeetingSession {
  readonly doc = new Y.Doc()
  /** The fragment the editor binds to. */
  readonly fragment: Y.XmlFragment
  readonly provider: WebsocketProvider
  private readonly persistence: IndexeddbPersistence
  private confirmed: ConfirmedState = NOTHING_CONFIRMED
  private status: SyncStatus = INITIAL_SYNC_STATUS
  private readonly listeners = new Set<() => void>()
  private lostSinceConnected = false
  private rejectionsInARow = 0
  private recomputeTimer: ReturnType<typeof setTimeout> | null = null

  constructor(readonly id: string) {
    this.fragment = this.doc.getXmlFragment(MINUTES_FRAGMENT)
    this.persistence = new IndexeddbPersistence(`referat-${id}`, this.doc)
    this.provider = new WebsocketProvider(syncBaseUrl(), id, this.doc, {
      disableBc: true,
      params: { [VERSION_PARAM]: String(SCHEMA_VERSION), [SAVED_PARAM]: '1' },
      shouldReconnect: (event) => this.shouldReconnect(event.code),
    })
    this.provider.messageHandlers[MESSAGE.saved] = (_encoder, decoder) => this.handleSaved(decoder)
    this.provider.on('status', ({ status }) => this.handleProviderStatus(status))
    this.provider.on('sync', (synced: boolean) => this.handleSync(synced))
    this.provider.on('connection-close', (event) => this.handleClose(event?.code ?? null))
    this.doc.on('update', this.handleUpdate)
    this.persistence.on('synced', () => this.scheduleRecompute())
  }

  /** The current status; a new object whenever something changed. */
  getStatus = (): SyncStatus => this.status

  /** Calls `onChange` after every status change; returns the unsubscribe function. */
  subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange)
    return () => this.listeners.delete(onChange)
  }

  /** Publishes who we are to the others (name, role, caret colour). */
  setUser(user: LocalUser): void {
    this.provider.awareness.setLocalStateField('user', presenceUser(user))
  }

  /** Everyone connected to this meeting, ourselves first. */
  presence(): PresenceEntry[] {
    const self = this.doc.clientID
    const out: PresenceEntry[] = []
    for (const [clientId, state] of this.provider.awareness.getStates()) {
      const user = (state as { user?: Partial<PresenceUser> }).user
      if (!user || typeof user.name !== 'string') continue
      out.push({
        clientId,
        name: user.name,
        role: String(user.role ?? ''),
        color: typeof user.color === 'string' ? user.color : '#374151',
        isSelf: clientId === self,
      })
    }
    return out.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name, 'nb'))
  }

  /** Forgets this browser's unsaved copy and reloads the page (after a rejected edit). */
  async discardLocalChanges(): Promise<void> {
    this.provider.disconnect()
    await this.persistence.clearData()
    location.reload()
  }

  /** Stops syncing and frees everything. The session is unusable afterwards. */
  destroy(): void {
    if (this.recomputeTimer) clearTimeout(this.recomputeTimer)
    this.doc.off('update', this.handleUpdate)
    this.provider.destroy()
    void this.persistence.destroy()
    this.doc.destroy()
    this.listeners.clear()
  }

  private update(patch: Partial<SyncStatus>): void {
    const next = { ...this.status, ...patch, hasContent: this.fragment.length > 0 }
    const changed = (Object.keys(next) as (keyof SyncStatus)[]).some((k) => next[k] !== this.status[k])
    if (!changed) return
    this.status = next
    for (const listener of this.listeners) listener()
  }

  private readonly handleUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider) {
      // The server relays only what it has stored.
      this.confirmed = confirmRelayedUpdate(this.confirmed, update)
      this.scheduleRecompute()
      return
    }
    if (origin === this.persistence) {
      // Our own unsaved edits from an earlier visit: pending until a snapshot covers them.
      this.scheduleRecompute()
      return
    }
    // A new local edit is never in any snapshot we have received: pending at once, no scan.
    if (!this.status.pending) this.update({ pending: true })
  }

  private handleSaved(decoder: decoding.Decoder): void {
    try {
      const snapshot = Y.decodeSnapshot(readSavedMessage(decoder))
      this.confirmed = confirmSnapshot(this.confirmed, snapshot)
      this.rejectionsInARow = 0
      this.scheduleRecompute()
    } catch (err) {
      console.warn('ignoring a malformed saved message', err)
    }
  }

  /** Scanning the whole document is O(size): coalesce bursts of relayed updates. */
  private scheduleRecompute(): void {
    if (this.recomputeTimer) return
    this.recomputeTimer = setTimeout(() => {
      this.recomputeTimer = null
      const pending = hasPendingChanges(this.doc, this.confirmed)
      const problem = !pending && this.status.problem === 'update-rejected' ? null : this.status.problem
      this.update({ pending, problem })
    }, 0)
  }

  private handleProviderStatus(status: 'connected' | 'connecting' | 'disconnected'): void {
    if (status === 'connected') this.lostSinceConnected = false
    if (status === 'disconnected') this.lostSinceConnected = true
    // A retry after a lost connection still reads as "Frakoblet" until it succeeds.
    const connection = status === 'connecting' && this.lostSinceConnected ? 'disconnected' : status
    this.update({ connection, synced: status === 'connected' ? this.status.synced : false })
  }

  private handleSync(synced: boolean): void {
    this.update({ synced })
    if (synced) this.scheduleRecompute()
  }

  private handleClose(code: number | null): void {
    let problem: SyncProblem | null = this.status.problem
    if (code === CLOSE.unknownDocument.code) problem = 'unknown-meeting'
    if (code === CLOSE.clientOutdated.code) problem = 'outdated-client'
    if (code === CLOSE.updateRejected.code) {
      this.rejectionsInARow++
      problem = this.rejectionsInARow >= MAX_REJECTIONS_IN_A_ROW ? 'rejected-repeatedly' : 'update-rejected'
    }
    if (code !== null && !this.shouldReconnect(code)) {
      // Not from inside the close handler: disconnect() would re-enter it.
      queueMicrotask(() => this.provider.disconnect())
    }
    this.update({ problem })
  }

  private shouldReconnect(code: number): boolean {
    if (FATAL_CLOSE_CODES.has(code)) return false
    if (code === CLOSE.updateRejected.code) return this.rejectionsInARow < MAX_REJECTIONS_IN_A_ROW
    return true
  }
}

/** One person in the presence list. */
export interface PresenceEntry {
  readonly clientId: number
  readonly name: string
  readonly role: string
  readonly color: string
  readonly isSelf: boolean
}
