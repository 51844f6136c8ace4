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
  ROLE_INFO,
  SCHEMA_VERSION,
  STATUS_PATH,
  TOKEN_PARAM,
  VERSION_PARAM,
  isRole,
  readSavedMessage,
  registerDocName,
  type Role,
  type StatusResponse,
} from '../../shared'
import { followBrowserOnline } from './browserOnline'
import { presenceUser, type LocalUser, type PresenceUser } from './identity'
import { useJitteredReconnect } from './jitteredReconnect'
import { MeetingRegister } from './MeetingRegister'
import { ReaderCopy } from './ReaderCopy'
import { housekeepReaderCopiesOnce } from './readerCopyStore'
import {
  NOTHING_CONFIRMED,
  confirmRelayedUpdate,
  confirmSnapshot,
  hasPendingChanges,
  type ConfirmedState,
} from './savedState'
import { INITIAL_SYNC_STATUS, problemForClose, type SyncProblem, type SyncStatus } from './statusText'
import { forgetsReaderCopy } from './readerCopyPolicy'

/** After this many 4422 closes in a row we stop reconnecting: each retry resends the same edit. */
const MAX_REJECTIONS_IN_A_ROW = 3

/** ws(s)://host/sync for the page's own origin. */
function syncBaseUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/sync`
}

/** How a session connects. */
export interface SessionOptions {
  /** The meeting token: sent as `?token=` on both sync connections; empty for a signed-in browser (the session cookie). */
  readonly token: string
  /**
   * Keep unsaved edits in IndexedDB. Only for roles that write: a copy left by an earlier writer
   * in this browser would be refused as an edit. A reader keeps a read-only copy of what the
   * server sent instead (ReaderCopy, a database of its own).
   */
  readonly persistLocally: boolean
}

/**
 * One meeting's live document: the Y.Doc, its IndexedDB copy and its WebSocket provider, plus
 * the derived save status; and the meeting's register (flags, confirmations, closed state), a
 * second, read-only Y.Doc. Created through `acquireSession` only; React code reaches it through
 * the hooks in this folder and never touches the Y.Doc itself.
 */
export class MeetingSession {
  readonly doc = new Y.Doc()
  /** The fragment the editor binds to. */
  readonly fragment: Y.XmlFragment
  readonly provider: WebsocketProvider
  /** The register: only the server writes it. */
  readonly register: MeetingRegister
  private readonly registerProvider: WebsocketProvider
  private readonly persistence: IndexeddbPersistence | null
  /** A reader's offline copy of what the server sent; null for the writing roles. */
  readonly readerCopy: ReaderCopy | null
  private confirmed: ConfirmedState = NOTHING_CONFIRMED
  private status: SyncStatus = INITIAL_SYNC_STATUS
  private readonly listeners = new Set<() => void>()
  private lostSinceConnected = false
  private rejectionsInARow = 0
  /** The server closed a connection with a code after which we do not reconnect. */
  private stopped = false
  private recomputeTimer: ReturnType<typeof setTimeout> | null = null
  /** Cancel the providers' pending jittered reconnects. */
  private readonly stopReconnects: (() => void)[] = []

  constructor(
    readonly id: string,
    options: SessionOptions,
  ) {
    this.fragment = this.doc.getXmlFragment(MINUTES_FRAGMENT)
    this.persistence = options.persistLocally ? new IndexeddbPersistence(`referat-${id}`, this.doc) : null
    // No token: a signed-in browser, whose session cookie goes with the upgrade by itself.
    const params = { [VERSION_PARAM]: String(SCHEMA_VERSION), ...(options.token ? { [TOKEN_PARAM]: options.token } : {}) }
    this.provider = new WebsocketProvider(syncBaseUrl(), id, this.doc, {
      disableBc: true,
      params: { ...params, [SAVED_PARAM]: '1' },
    })
    this.stopReconnects.push(useJitteredReconnect(this.provider, (code) => this.shouldReconnect(code)))
    this.provider.messageHandlers[MESSAGE.saved] = (_encoder, decoder) => this.handleSaved(decoder)
    this.provider.on('status', ({ status }) => this.handleProviderStatus(status))
    this.provider.on('sync', (synced: boolean) => this.handleSync(synced))
    this.provider.on('connection-close', (event) => this.handleClose(event))
    this.doc.on('update', this.handleUpdate)
    this.persistence?.on('synced', () => this.scheduleRecompute())

    const registerDoc = new Y.Doc()
    this.register = new MeetingRegister(registerDoc)
    this.registerProvider = new WebsocketProvider(syncBaseUrl(), registerDocName(id), registerDoc, {
      disableBc: true,
      params,
    })
    this.stopReconnects.push(useJitteredReconnect(this.registerProvider, (code) => this.shouldReconnect(code)))
    // The register has no presence of its own: the minutes connection carries it.
    this.registerProvider.awareness.setLocalState(null)
    this.registerProvider.on('connection-close', (event) => this.handleClose(event))
    this.readerCopy = options.persistLocally
      ? null
      : new ReaderCopy(id, { doc: this.doc, provider: this.provider }, { doc: registerDoc, provider: this.registerProvider })
    housekeepReaderCopiesOnce(Date.now(), id)
    this.stopReconnects.push(followBrowserOnline([this.provider, this.registerProvider], () => !this.stopped))
    void this.checkServerStorage()
  }

  /**
   * Asks the server whether it can store changes (GET /api/status): when its storage is
   * read-only, the minutes are shown read-only with the reason, before anything is typed. A
   * failed request changes nothing (the connection's close codes still tell).
   */
  private async checkServerStorage(): Promise<void> {
    try {
      const res = await fetch(STATUS_PATH, { cache: 'no-store' })
      if (!res.ok) return
      const body = (await res.json()) as Partial<StatusResponse>
      if (body.storage === 'read-only') this.update({ problem: 'storage-read-only' })
    } catch {
      // Offline or an older server: the sync connection decides.
    }
  }

  /** The current status; a new object whenever something changed. */
  getStatus = (): SyncStatus => this.status

  /** Calls `onChange` after every status change; returns the unsubscribe function. */
  subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange)
    return () => this.listeners.delete(onChange)
  }

  /** True once the register has completed its sync with the server (false again while disconnected). */
  get registerSynced(): boolean {
    return this.registerProvider.synced
  }

  /** Calls `onSynced` each time the register completes a sync; returns the unsubscribe function. */
  onRegisterSynced(onSynced: () => void): () => void {
    const handleSync = (synced: boolean) => {
      if (synced) onSynced()
    }
    this.registerProvider.on('sync', handleSync)
    return () => this.registerProvider.off('sync', handleSync)
  }

  /** Publishes who we are to the others (the server overwrites it from the token). */
  setUser(user: LocalUser, role: Role, verified: boolean): void {
    this.provider.awareness.setLocalStateField('user', presenceUser(user, role, verified))
  }

  /** Everyone connected to this meeting, ourselves first. */
  presence(): PresenceEntry[] {
    const self = this.doc.clientID
    const out: PresenceEntry[] = []
    for (const [clientId, state] of this.provider.awareness.getStates()) {
      const user = (state as { user?: Partial<PresenceUser> }).user
      if (!user || typeof user.name !== 'string') continue
      const role = isRole(user.role) ? user.role : null
      // An unnamed role-link holder: the server sends the role's bokmål label; '' here, so that the
      // list shows the role in the reader's language at render time (PresenceList).
      const roleOnly = role !== null && user.verified !== true && (user.name === ROLE_INFO[role].label || user.name === '')
      out.push({
        clientId,
        name: roleOnly ? '' : user.name,
        role,
        color: role ? ROLE_INFO[role].color : '#374151',
        verified: user.verified === true,
        isSelf: clientId === self,
      })
    }
    return out.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name, 'nb'))
  }

  /** Forgets this browser's unsaved copy and reloads the page (after a rejected edit). */
  async discardLocalChanges(): Promise<void> {
    this.provider.disconnect()
    await this.persistence?.clearData()
    await this.readerCopy?.forget()
    location.reload()
  }

  /** Stops syncing and frees everything. The session is unusable afterwards. */
  destroy(): void {
    if (this.recomputeTimer) clearTimeout(this.recomputeTimer)
    for (const stop of this.stopReconnects) stop()
    this.doc.off('update', this.handleUpdate)
    // First: it stores what waits, before the providers' teardown looks like a lost connection.
    this.readerCopy?.destroy()
    this.provider.destroy()
    this.registerProvider.destroy()
    this.register.destroy()
    this.register.doc.destroy()
    void this.persistence?.destroy()
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

  private handleClose(event: CloseEvent | null): void {
    const code = event?.code ?? null
    let problem: SyncProblem | null = this.status.problem
    const named = code === null ? null : problemForClose(code, event?.reason ?? '')
    if (named) problem = named
    if (code === CLOSE.updateRejected.code) {
      this.rejectionsInARow++
      problem = this.rejectionsInARow >= MAX_REJECTIONS_IN_A_ROW ? 'rejected-repeatedly' : 'update-rejected'
    }
    if (code !== null && !this.shouldReconnect(code)) {
      this.stopped = true
      // Not from inside the close handler: disconnect() would re-enter it. Both connections:
      // a token the server refused on one is refused on the other.
      queueMicrotask(() => {
        this.provider.disconnect()
        this.registerProvider.disconnect()
      })
    }
    // The server said no for good (access, meeting gone, or the copy holds what it lacks).
    if (forgetsReaderCopy(problem)) void this.readerCopy?.forget()
    this.update({ problem })
  }

  private shouldReconnect(code: number): boolean {
    if (FATAL_CLOSE_CODES.has(code)) return false
    // Read-only storage: reconnecting would resend the same refused edit (it stays in IndexedDB).
    if (code === CLOSE.storageReadOnly.code) return false
    if (code === CLOSE.updateRejected.code) return this.rejectionsInARow < MAX_REJECTIONS_IN_A_ROW
    return true
  }
}

/** One person in the presence list. */
export interface PresenceEntry {
  readonly clientId: number
  /** The chosen or personal name; '' for a role-link holder who gave none (shown as the role). */
  readonly name: string
  /** The role the server put in the presence entry (from the token), or null if unknown. */
  readonly role: Role | null
  /** The role's colour. */
  readonly color: string
  /** The name comes from a personal token (not typed in by the person). */
  readonly verified: boolean
  readonly isSelf: boolean
}
