import type * as Y from 'yjs'

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
