import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE, MESSAGE } from '../../shared/protocol'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import {
  appendText,
  closedWithin,
  connectClient,
  createMeeting,
  findNode,
  minutesOf,
  nextClose,
  rawConnect,
  rawSync,
  spawnServer,
  startTestServer,
  syncMessage,
  tempDataDir,
  updateMessage,
  waitFor,
  type RawClient,
  type SpawnedServer,
  type TestClient,
  type TestServer,
} from '../helpers'

const READ_ONLY = { code: CLOSE.readOnly.code, reason: CLOSE.readOnly.reason }
const textOf = (doc: Y.Doc) => doc.getXmlFragment(MINUTES_FRAGMENT).toString()
const organOf = (doc: Y.Doc) => findNode(minutesOf(doc), 'organ').node.textContent

/** The Y.XmlText inside the first element named `name`. */
function textIn(doc: Y.Doc, name: string): Y.XmlText {
  for (const node of doc.getXmlFragment(MINUTES_FRAGMENT).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === name)) {
    const text = (node as Y.XmlElement).toArray().find((child) => child instanceof Y.XmlText)
    if (text) return text as Y.XmlText
  }
  throw new Error(`no text in ${name}`)
}

/** Applies every sync step 2 and update message a raw client received to `doc`. */
function applyReceived(raw: RawClient, doc: Y.Doc): void {
  for (const message of raw.messages) {
    const decoder = decoding.createDecoder(message)
    if (decoding.readVarUint(decoder) !== MESSAGE.sync) continue
    if (decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep1) continue
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
  }
}

describe('read-only roles', () => {
  const clients: TestClient[] = []
  const servers: SpawnedServer[] = []
  let data: ReturnType<typeof tempDataDir> | null = null
  let inProcess: TestServer | null = null

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.kill9()
    await inProcess?.stop()
    inProcess = null
    data?.remove()
  })

  it.each(['medlem', 'observatør'] as const)(
    'a %s cannot change a character: not by its editor, not by a raw insert or delete; nobody sees it, kill -9 does not bring it back',
    async (role) => {
      data = tempDataDir()
      const first = await spawnServer(data.dir)
      servers.push(first)
      const meeting = await createMeeting(first.url, { organ: 'Styret' })
      const token = meeting.tokens[role]
      const writer = connectClient(first.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
      clients.push(writer)
      await writer.synced

      // 1. A stock client whose user types (the page would not let them; a hand-made one does).
      const reader = connectClient(first.wsUrl, meeting.id, { token })
      clients.push(reader)
      await reader.synced
      const closed = nextClose(reader)
      appendText(reader.doc, 'meetingPlace', 'LESER-SKREV-1')
      expect(await closed).toEqual(READ_ONLY)
      reader.provider.disconnect()

      // 2. A raw socket with a hand-built insertion.
      const raw = await rawConnect(first.wsUrl, meeting.id, { token })
      const local = new Y.Doc()
      await rawSync(raw, local)
      const before = Y.encodeStateVector(local)
      appendText(local, 'meetingPlace', 'LESER-SKREV-2')
      raw.send(updateMessage(Y.encodeStateAsUpdate(local, before)))
      expect(await closedWithin(raw)).toEqual(READ_ONLY)

      // 3. A raw socket with a delete-only update (no new structs at all), as step 2 and as update.
      for (const syncType of [syncProtocol.messageYjsSyncStep2, syncProtocol.messageYjsUpdate]) {
        const rawDelete = await rawConnect(first.wsUrl, meeting.id, { token })
        const deleter = new Y.Doc()
        await rawSync(rawDelete, deleter)
        const sv = Y.encodeStateVector(deleter)
        const organ = textIn(deleter, 'organ')
        organ.delete(0, organ.length)
        const deletion = Y.encodeStateAsUpdate(deleter, sv)
        expect(Y.decodeUpdate(deletion).structs).toHaveLength(0)
        rawDelete.send(syncMessage(syncType, deletion))
        expect(await closedWithin(rawDelete)).toEqual(READ_ONLY)
      }

      // Fence: a writer's edit after all that reaches a fresh client; nothing of the reader's does.
      appendText(writer.doc, 'meetingPlace', 'Skrevet av sekretæren')
      const fresh = connectClient(first.wsUrl, meeting.id, { token: meeting.tokens.observatør })
      clients.push(fresh)
      await waitFor(() => textOf(fresh.doc).includes('Skrevet av sekretæren'), 5000, 'the writer’s edit')
      for (const doc of [writer.doc, fresh.doc]) {
        expect(textOf(doc)).not.toContain('LESER-SKREV')
        expect(organOf(doc)).toBe('Styret')
      }

      await first.kill9()
      for (const c of clients.splice(0)) c.destroy()
      const second = await spawnServer(data.dir)
      servers.push(second)
      const after = connectClient(second.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
      clients.push(after)
      await after.synced
      expect(textOf(after.doc)).toContain('Skrevet av sekretæren')
      expect(textOf(after.doc)).not.toContain('LESER-SKREV')
      expect(organOf(after.doc)).toBe('Styret')
    },
  )

  it('accepts a member’s sync step 1, empty step 2 and empty update, and keeps sending it live edits', async () => {
    inProcess = await startTestServer()
    const meeting = await createMeeting(inProcess.url)
    const writer = connectClient(inProcess.wsUrl, meeting.id, { token: meeting.tokens.møteleder })
    const member = connectClient(inProcess.wsUrl, meeting.id, { token: meeting.tokens.medlem })
    clients.push(writer, member)
    await Promise.all([writer.synced, member.synced])

    const raw = await rawConnect(inProcess.wsUrl, meeting.id, { token: meeting.tokens.medlem })
    const local = new Y.Doc()
    await rawSync(raw, local)
    raw.send(syncMessage(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(local, Y.encodeStateVector(local))))
    raw.send(syncMessage(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(new Y.Doc())))
    raw.send(updateMessage(Y.encodeStateAsUpdate(local)))

    appendText(writer.doc, 'meetingPlace', 'Lillehammer')
    await waitFor(() => textOf(member.doc).includes('Lillehammer'), 5000, 'the stock member to see the edit')
    await waitFor(() => {
      const seen = new Y.Doc()
      applyReceived(raw, seen)
      return textOf(seen).includes('Lillehammer')
    }, 5000, 'the raw member to receive the edit')
    expect(raw.ws.readyState).toBe(raw.ws.OPEN)
    expect(member.provider.wsconnected).toBe(true)
    raw.ws.close()
  })
})
