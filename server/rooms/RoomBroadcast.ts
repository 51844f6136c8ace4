import * as Y from 'yjs'
import type { Metrics } from '../metrics'
import type { PeerSocket } from './PeerSocket'
import { transactionChanged } from './captureTransaction'

/**
 * The room's peers and what goes out to all of them. A message is encoded once by its caller and
 * the same bytes are written to every peer (the transport frames it once too); fresh clients get
 * the whole document encoded once per change, not once each.
 */
export class RoomBroadcast<S> {
  /** The peers and what the room keeps about each. */
  readonly peers = new Map<PeerSocket, S>()
  /** `Y.encodeStateAsUpdate(doc)` as of the last change, or null: what every fresh client gets. */
  private encodedState: Uint8Array | null

  /** `encodedState`: the document's encoding when it is known already (the stored blob), else null. */
  constructor(
    encodedState: Uint8Array | null,
    private readonly metrics: Metrics | undefined,
  ) {
    this.encodedState = encodedState
  }

  /** Sends `message` to every peer but `except`; `isUpdate`: counted as one relay of a document update. */
  sendNow(message: Uint8Array, except: PeerSocket | null, isUpdate: boolean): void {
    let sent = 0
    for (const peer of this.peers.keys()) {
      if (peer === except) continue
      peer.send(message)
      sent++
    }
    if (isUpdate) this.metrics?.updateRelayed(sent)
  }

  /** The whole document encoded, cached until it changes: N fresh clients cost one encoding. */
  fullState(doc: Y.Doc): Uint8Array {
    this.encodedState ??= Y.encodeStateAsUpdate(doc)
    return this.encodedState
  }

  /** The document was replaced: `encodedState` is the new one's encoding, if known. */
  replaced(encodedState: Uint8Array | null): void {
    this.encodedState = encodedState
  }

  /** Any transaction may have changed the document: drop the cached encoding ('afterTransaction', which costs no encoding, unlike 'update'). */
  readonly handleTransaction = (tr: Y.Transaction): void => {
    if (this.encodedState && transactionChanged(tr)) this.encodedState = null
  }
}
