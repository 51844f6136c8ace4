import * as Y from 'yjs'
import { CLOSE, ProtocolError, type CloseReason } from '../../shared/protocol'

/**
 * True when applying `update` to `doc` would change it: a struct (item or GC) whose clock range
 * reaches beyond what `doc` holds of that client, or a deleted range that is not already deleted
 * in `doc` (ranges `doc` has never seen count as changes: Yjs would keep them pending and apply
 * them to a writer's later content). Decides without applying anything; `doc` is not touched.
 * Throws when the update cannot be decoded.
 */
export function updateWouldChange(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true
  }
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) {
      if (range.len > 0 && !isRangeDeleted(doc, client, range.clock, range.len)) return true
    }
  }
  return false
}

/** True when every clock in [clock, clock + len) of `client` is a deleted struct in `doc`. */
function isRangeDeleted(doc: Y.Doc, client: number, clock: number, len: number): boolean {
  const end = clock + len
  if (end > Y.getState(doc.store, client)) return false
  const structs = doc.store.clients.get(client)
  if (!structs) return false
  // Bounded by the structs the range covers: the range ends inside the client's state.
  for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
    const struct = structs[i]
    if (struct.id.clock >= end) return true
    if (!struct.deleted) return false
  }
  return true
}

/**
 * For a peer that may not write: it may still send what every client sends while syncing (sync
 * step 2, updates that change nothing). Throws ProtocolError(`refusal`) when `update` would
 * change `doc`, ProtocolError(updateRejected) when it cannot be decoded. Decides without
 * applying, so nothing of such an update is ever applied, stored or relayed.
 */
export function refuseChanges(doc: Y.Doc, update: Uint8Array, refusal: CloseReason, detail: string): void {
  let changes: boolean
  try {
    changes = updateWouldChange(doc, update)
  } catch (err) {
    throw new ProtocolError(CLOSE.updateRejected, `undecodable update: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (changes) throw new ProtocolError(refusal, detail)
}
