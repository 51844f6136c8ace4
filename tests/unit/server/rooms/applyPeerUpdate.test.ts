import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { applyPeerUpdate } from '../../../../server/rooms/captureTransaction'

/** A client text and the update of each edit. */
function edits(count: number): { client: Y.Doc; updates: Uint8Array[] } {
  const client = new Y.Doc()
  const updates: Uint8Array[] = []
  client.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < count; i++) client.getText('t').insert(i, String(i % 10))
  return { client, updates }
}

/** What a fresh document holds after applying `stored` in order, and whether anything is missing. */
function replay(stored: Uint8Array[]): { text: string; complete: boolean } {
  const doc = new Y.Doc()
  for (const u of stored) Y.applyUpdate(doc, u)
  return { text: doc.getText('t').toString(), complete: !doc.store.pendingStructs && !doc.store.pendingDs }
}

describe('applyPeerUpdate', () => {
  const origin = Symbol('peer')

  it('returns the update’s own bytes when it was integrated whole, and null when it changed nothing', () => {
    const { updates } = edits(2)
    const server = new Y.Doc()
    const first = applyPeerUpdate(server, updates[0], origin)
    expect(first.update).toBe(updates[0])
    expect(first.transaction).not.toBeNull()
    expect(applyPeerUpdate(server, updates[0], origin).update).toBeNull()
  })

  it('stores only what was integrated when part of an update waits for a missing dependency, then the rest with it', () => {
    const { client, updates } = edits(3)
    const server = new Y.Doc()
    Y.applyUpdate(server, updates[0])
    // Depends on updates[1], which has not arrived: nothing is integrated, nothing to store.
    const early = applyPeerUpdate(server, updates[2], origin)
    expect(early.update).toBeNull()
    // The missing one arrives: both are integrated, and the stored bytes carry both.
    const late = applyPeerUpdate(server, updates[1], origin)
    expect(late.update).not.toBeNull()
    expect(replay([updates[0], late.update!])).toEqual({ text: client.getText('t').toString(), complete: true })
  })

  it('encodes the integrated part of an update that also carries structs with missing dependencies', () => {
    const { client, updates } = edits(4)
    const server = new Y.Doc()
    Y.applyUpdate(server, updates[0])
    // One update holding edit 1 (integrable) and edit 3 (needs edit 2).
    const mixed = Y.mergeUpdates([updates[1], updates[3]])
    const result = applyPeerUpdate(server, mixed, origin)
    expect(result.update).not.toBeNull()
    expect(result.update).not.toBe(mixed)
    const stored = [updates[0], result.update!]
    expect(replay(stored).complete).toBe(true) // never store something that cannot load
    const rest = applyPeerUpdate(server, updates[2], origin)
    expect(replay([...stored, rest.update!])).toEqual({ text: client.getText('t').toString(), complete: true })
  })
})
