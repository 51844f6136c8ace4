import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  NOTHING_CONFIRMED,
  confirmRelayedUpdate,
  confirmSnapshot,
  hasPendingChanges,
  isContainedIn,
} from '../../../../client/sync/savedState'

/** A server-side copy of `doc`: what the server would hold after storing all of it. */
function serverSnapshotOf(doc: Y.Doc): Y.Snapshot {
  const server = new Y.Doc()
  Y.applyUpdate(server, Y.encodeStateAsUpdate(doc))
  // Round-trip through the wire encoding, as the `saved` message does.
  return Y.decodeSnapshot(Y.encodeSnapshot(Y.snapshot(server)))
}

function docWithText(text: string, clientID = 1): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  doc.getText('t').insert(0, text)
  return doc
}

describe('isContainedIn', () => {
  it('treats an empty document as saved even before any snapshot', () => {
    expect(hasPendingChanges(new Y.Doc(), NOTHING_CONFIRMED)).toBe(false)
  })

  it('counts an insertion as pending until a snapshot covers it', () => {
    const doc = docWithText('Vedtak')
    expect(hasPendingChanges(doc, NOTHING_CONFIRMED)).toBe(true)
    const confirmed = confirmSnapshot(NOTHING_CONFIRMED, serverSnapshotOf(doc))
    expect(hasPendingChanges(doc, confirmed)).toBe(false)
  })

  it('counts a deletion-only edit as pending', () => {
    const doc = docWithText('Vedtak: godkjent')
    const confirmed = confirmSnapshot(NOTHING_CONFIRMED, serverSnapshotOf(doc))
    const svBefore = Y.encodeStateVector(doc)
    doc.getText('t').delete(6, 10)
    // The state vector did not move: only the delete set tells the difference.
    expect(Y.encodeStateVector(doc)).toEqual(svBefore)
    expect(hasPendingChanges(doc, confirmed)).toBe(true)
    expect(hasPendingChanges(doc, confirmSnapshot(confirmed, serverSnapshotOf(doc)))).toBe(false)
  })

  it('requires every deleted range to be covered, not just the first', () => {
    const doc = docWithText('abcdefghij')
    doc.getText('t').delete(1, 1)
    const confirmed = confirmSnapshot(NOTHING_CONFIRMED, serverSnapshotOf(doc))
    doc.getText('t').delete(5, 2)
    expect(isContainedIn(Y.snapshot(doc), confirmed)).toBe(false)
  })

  it('counts an edit of another client as pending when our clock is ahead of the snapshot', () => {
    const doc = docWithText('a')
    const confirmed = confirmSnapshot(NOTHING_CONFIRMED, serverSnapshotOf(doc))
    doc.getText('t').insert(1, 'b')
    expect(hasPendingChanges(doc, confirmed)).toBe(true)
  })

  it('never forgets a newer snapshot when an older one arrives late', () => {
    const doc = docWithText('a')
    const older = serverSnapshotOf(doc)
    doc.getText('t').insert(1, 'b')
    const newer = serverSnapshotOf(doc)
    const confirmed = confirmSnapshot(confirmSnapshot(NOTHING_CONFIRMED, newer), older)
    expect(hasPendingChanges(doc, confirmed)).toBe(false)
  })
})

describe('confirmRelayedUpdate', () => {
  it('treats content relayed by the server as stored', () => {
    const local = new Y.Doc()
    const remote = docWithText('Innspill', 7)
    const update = Y.encodeStateAsUpdate(remote)
    Y.applyUpdate(local, update)
    expect(hasPendingChanges(local, NOTHING_CONFIRMED)).toBe(true)
    expect(hasPendingChanges(local, confirmRelayedUpdate(NOTHING_CONFIRMED, update))).toBe(false)
  })

  it('confirms a relayed deletion', () => {
    const local = new Y.Doc()
    const remote = docWithText('abc', 7)
    let confirmed = confirmRelayedUpdate(NOTHING_CONFIRMED, Y.encodeStateAsUpdate(remote))
    Y.applyUpdate(local, Y.encodeStateAsUpdate(remote))
    const sv = Y.encodeStateVector(remote)
    remote.getText('t').delete(0, 1)
    const deletion = Y.encodeStateAsUpdate(remote, sv)
    Y.applyUpdate(local, deletion)
    expect(hasPendingChanges(local, confirmed)).toBe(true)
    confirmed = confirmRelayedUpdate(confirmed, deletion)
    expect(hasPendingChanges(local, confirmed)).toBe(false)
  })

  it('does not confirm across a gap in a client\'s clock', () => {
    const remote = docWithText('a', 7)
    const sv = Y.encodeStateVector(remote)
    remote.getText('t').insert(1, 'b')
    const tail = Y.encodeStateAsUpdate(remote, sv)
    const confirmed = confirmRelayedUpdate(NOTHING_CONFIRMED, tail)
    expect(confirmed.sv.get(7) ?? 0).toBe(0)
  })

  it('leaves local edits pending when remote content is relayed', () => {
    const local = docWithText('mine', 1)
    const remote = docWithText('theirs', 7)
    const update = Y.encodeStateAsUpdate(remote)
    Y.applyUpdate(local, update)
    expect(hasPendingChanges(local, confirmRelayedUpdate(NOTHING_CONFIRMED, update))).toBe(true)
  })
})
