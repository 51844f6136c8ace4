import * as Y from 'yjs'

/** The transaction `run` caused and the update Yjs encoded for it (null when nothing changed). */
export interface CapturedTransaction {
  readonly transaction: Y.Transaction | null
  readonly update: Uint8Array | null
}

/**
 * Runs `run`, which must transact on `doc` with `origin`, and captures that transaction and
 * its update instead of reacting to the 'update' event directly. Listeners are removed even when
 * `run` throws; the capture so far is lost then.
 */
export function captureTransaction(doc: Y.Doc, origin: unknown, run: () => void): CapturedTransaction {
  let transaction: Y.Transaction | null = null
  let update: Uint8Array | null = null
  const onUpdate = (u: Uint8Array, o: unknown) => {
    if (o === origin) update = u
  }
  const onAfterTransaction = (tr: Y.Transaction) => {
    if (tr.origin === origin) transaction = tr
  }
  doc.on('update', onUpdate)
  doc.on('afterTransaction', onAfterTransaction)
  try {
    run()
  } finally {
    doc.off('update', onUpdate)
    doc.off('afterTransaction', onAfterTransaction)
  }
  return { transaction, update }
}

/** True when the transaction added structs or deleted something (what Yjs would send as an update). */
export function transactionChanged(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true
  for (const [client, clock] of tr.afterState) if ((tr.beforeState.get(client) ?? 0) !== clock) return true
  return false
}

/**
 * Applies a peer's `update` in one transaction with `origin` and returns that transaction and
 * the bytes to store and relay for it (null when nothing changed). The common case costs no
 * encoding: when the document had nothing pending before and after, the update was integrated
 * whole, so its own bytes describe the change exactly. Otherwise the change is encoded: from
 * the transaction when earlier pending structs were integrated with it, or as the difference
 * since the state before when part of it now waits for missing dependencies.
 */
export function applyPeerUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown): CapturedTransaction {
  const store = doc.store
  if (store.pendingStructs || store.pendingDs) {
    return captureTransaction(doc, origin, () => Y.applyUpdate(doc, update, origin))
  }
  let transaction: Y.Transaction | null = null
  const onAfterTransaction = (tr: Y.Transaction) => {
    if (tr.origin === origin) transaction = tr
  }
  doc.on('afterTransaction', onAfterTransaction)
  try {
    Y.applyUpdate(doc, update, origin)
  } finally {
    doc.off('afterTransaction', onAfterTransaction)
  }
  const tr = transaction as Y.Transaction | null
  if (!tr || !transactionChanged(tr)) return { transaction: tr, update: null }
  if (!store.pendingStructs && !store.pendingDs) return { transaction: tr, update }
  return { transaction: tr, update: encodeIntegratedSince(doc, tr.beforeState) }
}

/**
 * What the document integrated since `before` (structs after it and the whole delete set),
 * without the pending parts: Y.encodeStateAsUpdate would include those, and a stored update
 * with missing dependencies could never be loaded. Rare (a client that sends an update ahead of
 * what it builds on), so the larger encoding does not matter.
 */
function encodeIntegratedSince(doc: Y.Doc, before: Map<number, number>): Uint8Array {
  const store = doc.store
  const { pendingStructs, pendingDs } = store
  store.pendingStructs = null
  store.pendingDs = null
  try {
    return Y.encodeStateAsUpdate(doc, Y.encodeStateVector(before))
  } finally {
    store.pendingStructs = pendingStructs
    store.pendingDs = pendingDs
  }
}
