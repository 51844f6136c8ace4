import { afterEach, describe, expect, it } from 'vitest'
import {
  appendText,
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
    const a = connectClient(first.wsUrl, meeting.id)
    const b = connectClient(first.wsUrl, meeting.id)
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
    const fresh = connectClient(second.wsUrl, meeting.id)
    clients.push(fresh)
    await fresh.synced
    expect(minutesJSON(fresh.doc)).toEqual(seenByB)
  })
})
