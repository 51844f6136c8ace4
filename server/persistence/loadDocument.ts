import * as Y from 'yjs'
import { REGISTER_MAPS } from '../../shared/register'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import type { DocStorage, StoredDoc } from './DocStorage'

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
  /**
   * The stored bytes when they are one blob (a snapshot and nothing after it): a complete
   * encoding of `doc` that can be served as is, without encoding the document again.
   */
  readonly encodedState: Uint8Array | null
}

/**
 * Builds a server-side Y.Doc (gc on) from the snapshot and later updates; `kind`
 * says which root types it holds (the minutes fragment, or the register's maps).
 * Resolves to null when nothing is stored. Rejects with StorageCorruptError for an unreadable
 * blob, and with whatever the storage rejects with for I/O failures.
 */
export async function loadDocument(
  storage: DocStorage,
  docName: string,
  kind: 'minutes' | 'register' = 'minutes',
): Promise<LoadedDocument | null> {
  const stored = await storage.load(docName)
  return stored && decodeStored(docName, stored, kind)
}

/** An empty server-side document with the roots of `kind` created with their types. */
export function emptyDocument(kind: 'minutes' | 'register'): Y.Doc {
  const doc = new Y.Doc({ gc: true })
  // Create the roots with their types before any update names them, so they never exist as
  // plain AbstractTypes.
  if (kind === 'minutes') doc.getXmlFragment(MINUTES_FRAGMENT)
  else for (const name of Object.values(REGISTER_MAPS)) doc.getMap(name)
  return doc
}

/** The decoding half of loadDocument, synchronous: throws StorageCorruptError for an unreadable blob. */
export function decodeStored(docName: string, stored: StoredDoc, kind: 'minutes' | 'register' = 'minutes'): LoadedDocument {
  const doc = emptyDocument(kind)
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
  const encodedState = stored.updates.length === 1 ? stored.updates[0] : null
  return { doc, lastSeq: stored.lastSeq, uncompacted: stored.uncompacted, encodedState }
}
