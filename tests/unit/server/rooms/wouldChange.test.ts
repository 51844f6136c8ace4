import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { MINUTES_FRAGMENT } from '../../../../shared/schema'
import { updateWouldChange } from '../../../../server/rooms'

/** A server doc with some text, some of it deleted, and a client copy in sync with it. */
function setup() {
  const server = new Y.Doc({ gc: true })
  const writer = new Y.Doc()
  const text = new Y.XmlText()
  writer.getXmlFragment(MINUTES_FRAGMENT).insert(0, [text])
  text.insert(0, 'Vedtak: styret godkjenner budsjettet.')
  text.delete(0, 8)
  Y.applyUpdate(server, Y.encodeStateAsUpdate(writer))
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  return { server, writer, client, clientText: client.getXmlFragment(MINUTES_FRAGMENT).get(0) as Y.XmlText }
}

const changeOf = (doc: Y.Doc, change: () => void) => {
  const before = Y.encodeStateVector(doc)
  change()
  return Y.encodeStateAsUpdate(doc, before)
}

describe('updateWouldChange', () => {
  it('is false for the empty update and for what a synced client sends as sync step 2', () => {
    const { server, client } = setup()
    expect(updateWouldChange(server, Y.encodeStateAsUpdate(new Y.Doc()))).toBe(false)
    expect(updateWouldChange(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))).toBe(false)
    // The whole state (structs the server has, and its delete set) changes nothing either.
    expect(updateWouldChange(server, Y.encodeStateAsUpdate(client))).toBe(false)
  })

  it('is true for an insertion', () => {
    const { server, client, clientText } = setup()
    expect(updateWouldChange(server, changeOf(client, () => clientText.insert(0, 'x')))).toBe(true)
  })

  it('is true for a delete-only update, false for deleting what is already deleted', () => {
    const { server, client, clientText } = setup()
    const deletion = changeOf(client, () => clientText.delete(0, 1))
    expect(Y.decodeUpdate(deletion).structs).toHaveLength(0)
    expect(updateWouldChange(server, deletion)).toBe(true)
    Y.applyUpdate(server, deletion)
    expect(updateWouldChange(server, deletion)).toBe(false)
  })

  it('is true for deleting structs the server has never seen (they would wait for a writer)', () => {
    const { server, writer } = setup()
    const future = new Y.Doc()
    Y.applyUpdate(future, Y.encodeStateAsUpdate(writer))
    const text = future.getXmlFragment(MINUTES_FRAGMENT).get(0) as Y.XmlText
    text.insert(0, 'ny tekst')
    text.delete(0, 3)
    // No structs, only the delete set, which names 'ny ' the server has never received.
    const onlyDeletes = Y.encodeStateAsUpdate(future, Y.encodeStateVector(future))
    expect(Y.decodeUpdate(onlyDeletes).structs).toHaveLength(0)
    expect(updateWouldChange(server, onlyDeletes)).toBe(true)
  })

  it('does not touch the document and throws for undecodable bytes', () => {
    const { server, client, clientText } = setup()
    const before = Y.encodeStateAsUpdate(server)
    updateWouldChange(server, changeOf(client, () => clientText.insert(0, 'x')))
    expect(Y.encodeStateAsUpdate(server)).toEqual(before)
    expect(() => updateWouldChange(server, new Uint8Array([1, 2, 3, 255, 255]))).toThrow()
  })
})
