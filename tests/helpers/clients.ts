import { WebSocket } from 'ws'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { TOKEN_PARAM } from '../../shared/auth'
import { MESSAGE, readSavedMessage } from '../../shared/protocol'
import { waitFor, withTimeout } from './waitFor'

/** A stock y-websocket client and its document. */
export interface TestClient {
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  /** Resolves when the first sync with the server completed. */
  readonly synced: Promise<void>
  /** Disconnects and destroys the provider and the document. */
  destroy(): void
}

/**
 * Connects a stock `WebsocketProvider` (ws polyfill, no BroadcastChannel) to
 * `${wsUrl}/sync/<docName>`. `token` becomes the `token` query parameter, `params` further ones;
 * `headers` go with the upgrade request (e.g. a browser's `cookie`); `connect: false` leaves
 * connecting to the caller.
 */
export function connectClient(
  wsUrl: string,
  docName: string,
  opts: {
    token?: string | null
    params?: Record<string, string>
    headers?: Record<string, string>
    doc?: Y.Doc
    syncTimeoutMs?: number
    connect?: boolean
  } = {},
): TestClient {
  const doc = opts.doc ?? new Y.Doc()
  const params = { ...opts.params, ...(opts.token ? { [TOKEN_PARAM]: opts.token } : {}) }
  const headers = opts.headers
  // ws takes request headers as a third constructor argument, which the provider never passes.
  const Socket = headers
    ? class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers })
        }
      }
    : WebSocket
  const provider = new WebsocketProvider(`${wsUrl}/sync`, docName, doc, {
    WebSocketPolyfill: Socket as never,
    disableBc: true,
    connect: opts.connect ?? true,
    params,
    maxBackoffTime: 200,
  })
  const synced = withTimeout(
    new Promise<void>((resolve) => {
      if (provider.synced) return resolve()
      const onSync = (isSynced: boolean) => {
        if (!isSynced) return
        provider.off('sync', onSync)
        resolve()
      }
      provider.on('sync', onSync)
    }),
    opts.syncTimeoutMs ?? 5000,
    `client sync of ${docName}`,
  )
  synced.catch(() => undefined)
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/**
 * Resolves with the code and reason of the next close of a stock client's connection (bounded
 * in time). The provider reconnects afterwards unless it is destroyed.
 */
export function nextClose(client: TestClient, timeoutMs = 5000): Promise<{ code: number; reason: string }> {
  return withTimeout(
    new Promise((resolve) => {
      const onClose = (event: CloseEvent | null) => {
        client.provider.off('connection-close', onClose)
        resolve({ code: event?.code ?? 0, reason: event?.reason ?? '' })
      }
      client.provider.on('connection-close', onClose)
    }),
    timeoutMs,
    'the server to close the client',
  )
}

/** A raw WebSocket speaking bytes, for adversarial tests and the `saved` extension. */
export interface RawClient {
  readonly ws: WebSocket
  /** Every binary message received, in order. */
  readonly messages: Uint8Array[]
  /** Resolves with the close code and reason once the socket closed. */
  readonly closed: Promise<{ code: number; reason: string }>
  send(data: Uint8Array): void
}

/** Options of rawConnect. */
export interface RawConnectOptions {
  /** Sent as the `token` query parameter. */
  readonly token?: string | null
  /** Further query string (`saved=1&v=2`). */
  readonly query?: string
  /** Origin header, as a browser would send it. */
  readonly origin?: string
}

/** The URL of the sync endpoint for `docName` with the token and further query. */
export function syncUrl(wsUrl: string, docName: string, opts: RawConnectOptions = {}): string {
  const parts = [opts.token ? `${TOKEN_PARAM}=${encodeURIComponent(opts.token)}` : '', opts.query ?? ''].filter(Boolean)
  return `${wsUrl}/sync/${docName}${parts.length ? `?${parts.join('&')}` : ''}`
}

/**
 * Opens a raw socket to `${wsUrl}/sync/<docName>?token=…&<query>` and waits until it is open
 * (rejects with `HTTP <status>` when the upgrade is refused).
 */
export async function rawConnect(wsUrl: string, docName: string, opts: RawConnectOptions = {}): Promise<RawClient> {
  const ws = new WebSocket(syncUrl(wsUrl, docName, opts), opts.origin ? { origin: opts.origin } : {})
  const messages: Uint8Array[] = []
  ws.binaryType = 'nodebuffer'
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)))
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  ws.on('error', () => undefined)
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
      ws.once('error', reject)
    }),
    5000,
    'raw socket open',
  )
  return { ws, messages, closed, send: (data) => ws.send(data) }
}

/** Waits for the close of a raw client, bounded in time. */
export function closedWithin(client: RawClient, timeoutMs = 5000): Promise<{ code: number; reason: string }> {
  return withTimeout(client.closed, timeoutMs, 'the server to close the socket')
}

/** A sync message (type 0) of the given sync sub-type carrying `payload`. */
export function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.sync)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** A sync update message (what a client sends after a local edit). */
export const updateMessage = (update: Uint8Array) => syncMessage(syncProtocol.messageYjsUpdate, update)

/**
 * Brings a raw client's `doc` up to date: sends sync step 1 and applies the server's step 2.
 * Returns once applied.
 */
export async function rawSync(client: RawClient, doc: Y.Doc): Promise<void> {
  const before = client.messages.length
  client.send(syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(doc)))
  const reply = await waitFor(
    () =>
      client.messages.slice(before).find((m) => {
        const d = decoding.createDecoder(m)
        return decoding.readVarUint(d) === MESSAGE.sync && decoding.readVarUint(d) === syncProtocol.messageYjsSyncStep2
      }),
    5000,
    'sync step 2',
  )
  const decoder = decoding.createDecoder(reply!)
  decoding.readVarUint(decoder)
  decoding.readVarUint(decoder)
  Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
}

/** The decoded snapshots of every `saved` message a raw client received. */
export function savedSnapshots(client: RawClient): Y.Snapshot[] {
  return client.messages.flatMap((m) => {
    const decoder = decoding.createDecoder(m)
    if (decoding.readVarUint(decoder) !== MESSAGE.saved) return []
    return [Y.decodeSnapshot(readSavedMessage(decoder))]
  })
}

/** An awareness message with one entry (`clientID` at `clock`), built by hand as a hostile client would. */
export function awarenessEntryMessage(clientID: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, clientID)
  encoding.writeVarUint(inner, clock)
  encoding.writeVarString(inner, JSON.stringify(state))
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, MESSAGE.awareness)
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

/**
 * A hand-made writer with `token` that copies the minutes, takes Yjs client id `clientID` (another
 * writer's) and sends `edit` written under it. Resolves with the close the server answers with.
 */
export async function writeUnderClientId(
  wsUrl: string,
  docName: string,
  token: string,
  clientID: number,
  edit: (doc: Y.Doc) => void,
): Promise<{ code: number; reason: string }> {
  const client = await rawConnect(wsUrl, docName, { token })
  try {
    const copy = new Y.Doc()
    await rawSync(client, copy)
    copy.clientID = clientID
    const before = Y.encodeStateVector(copy)
    edit(copy)
    client.send(updateMessage(Y.encodeStateAsUpdate(copy, before)))
    return await closedWithin(client, 10_000)
  } finally {
    client.ws.terminate()
  }
}
