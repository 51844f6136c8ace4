import * as Y from 'yjs'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import type { DocStorage } from './DocStorage'

/** A stored document that cannot be read back: Yjs rejected a blob or it lacks dependencies. */
export class StorageCorruptError extends Error {
  override name = 'StorageCorruptError'
  constructor(
    readonly docName: string,
    detail: string,
  ) {
    super(`stored document "${docName}" is unreadable: ${detail}`)
  }
}

/** A document as a Room holds it. */
export interface LoadedDocument {
  readonly doc: Y.Doc
  /** Sequence number of the last update applied (0 for nothing stored). */
  readonly lastSeq: number
  /** Updates stored after the snapshot. */
  readonly uncompacted: number
}

/**
 * Builds a server-side Y.Doc (gc on) from the snapshot and later updates, synchronously.
 * Returns null when nothing is stored. Throws StorageCorruptError for an unreadable blob, and
 * whatever the storage throws for I/O failures.
 */
export function loadDocument(storage: DocStorage, docName: string): LoadedDocument | null {
  const stored = storage.load(docName)
  if (!stored) return null
  const doc = new Y.Doc({ gc: true })
  // Create the root as an XmlFragment before any update names it, so it never exists as a
  // plain AbstractType.
  doc.getXmlFragment(MINUTES_FRAGMENT)
  try {
    stored.updates.forEach((update, i) => {
      try {
        Y.applyUpdate(doc, update)
      } catch (err) {
        throw new StorageCorruptError(docName, `blob ${i + 1} of ${stored.updates.length}: ${(err as Error).message}`)
      }
    })
    if (doc.store.pendingStructs || doc.store.pendingDs) {
      throw new StorageCorruptError(docName, 'stored updates have missing dependencies')
    }
  } catch (err) {
    doc.destroy()
    throw err
  }
  return { doc, lastSeq: stored.lastSeq, uncompacted: stored.uncompacted }
}
