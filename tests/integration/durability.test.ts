import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE } from '../../shared/protocol'
import {
  appendText,
  closedWithin,
  rawConnect,
  withTimeout,
  connectClient,
  createMeeting,
  findNode,
  minutesJSON,
  minutesOf,
  spawnServer,
  tempDataDir,
  waitFor,
  type SpawnedServer,
  type TestClient,
} from '../helpers'

describe('durability', () => {
  const clients: TestClient[] = []
  const servers: SpawnedServer[] = []
  let data: ReturnType<typeof tempDataDir> | null = null

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.kill9()
    data?.remove()
  })

  it('keeps every edit another client has seen across kill -9', async () => {
    data = tempDataDir()
    const first = await spawnServer(data.dir)
    servers.push(first)
    const meeting = await createMeeting(first.url)
    const a = connectClient(first.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    const b = connectClient(first.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(a, b)
    await Promise.all([a.synced, b.synced])

    for (let i = 0; i < 20; i++) appendText(a.doc, 'paragraph', ` edit${i}`, i % 3)
    appendText(a.doc, 'meetingPlace', 'Trondheim')
    await waitFor(() => findNode(minutesOf(b.doc), 'meetingPlace').node.textContent === 'Trondheim', 5000, 'b to see a')
    const seenByB = minutesJSON(b.doc)

    await first.kill9()
    a.destroy()
    b.destroy()

    const second = await spawnServer(data.dir)
    servers.push(second)
    const fresh = connectClient(second.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(fresh)
    await fresh.synced
    expect(minutesJSON(fresh.doc)).toEqual(seenByB)
  })

  it('shuts down on SIGTERM: peers get 1001, the process exits 0, nothing is lost', async () => {
    data = tempDataDir()
    const server = await spawnServer(data.dir)
    servers.push(server)
    const meeting = await createMeeting(server.url)
    const a = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(a)
    await a.synced
    appendText(a.doc, 'meetingPlace', 'Hamar')
    const b = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(b)
    await waitFor(() => findNode(minutesOf(b.doc), 'meetingPlace').node.textContent === 'Hamar', 5000, 'b to see a')
    const expected = minutesJSON(b.doc)
    const raw = await rawConnect(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    await waitFor(() => raw.messages.length > 0, 5000, 'greeting')
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)))
    server.child.kill('SIGTERM')
    expect((await closedWithin(raw)).code).toBe(CLOSE.goingAway.code)
    expect(await withTimeout(exited, 10_000, 'exit')).toBe(0)
    a.destroy()

    const again = await spawnServer(data.dir)
    servers.push(again)
    const fresh = connectClient(again.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(fresh)
    await fresh.synced
    expect(minutesJSON(fresh.doc)).toEqual(expected)
  })
})
