// Issue 10: a Yjs client id bound to a writer on one node is refused to another writer on another
// node (two server processes on PostgreSQL and the test's own Redis), and a writer that moves
// nodes keeps writing under its own.
import * as Y from 'yjs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { CLOSE } from '../../shared/protocol'
import {
  appendText,
  connectClient,
  createMeeting,
  findNode,
  minutesOf,
  startCluster,
  waitFor,
  writeUnderClientId,
  type TestClient,
  type TestCluster,
} from '../helpers'

let cluster: TestCluster
beforeAll(async () => {
  cluster = await startCluster()
}, 30_000)
afterAll(async () => {
  await cluster?.destroy()
}, 30_000)

const placeOf = (doc: Y.Doc) => findNode(minutesOf(doc), 'meetingPlace').node.textContent

it('refuses a writer on node 2 under the client id of a writer on node 1; the writer moves to node 2 and writes on', async () => {
  const clients: TestClient[] = []
  try {
    const [n1, n2] = await Promise.all([cluster.startNode('node-1'), cluster.startNode('node-2')])
    const meeting = await createMeeting(n1.url)
    const secretary = connectClient(n1.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    const viewer = connectClient(n2.wsUrl, meeting.id, { token: meeting.tokens.observatør })
    clients.push(secretary, viewer)
    await Promise.all([secretary.synced, viewer.synced])
    appendText(secretary.doc, 'meetingPlace', 'Oslo')
    await waitFor(() => placeOf(viewer.doc) === 'Oslo', 10_000, 'the viewer on node 2 sees the secretary’s text')

    // The chair's link on node 2, writing under the secretary's client id.
    const refused = await writeUnderClientId(n2.wsUrl, meeting.id, meeting.tokens.møteleder, secretary.doc.clientID, (copy) =>
      appendText(copy, 'meetingPlace', ' FORFALSKET'),
    )
    expect(refused).toEqual(CLOSE.clientIdTaken)

    // The secretary's node goes away; it reconnects to node 2 with the same document and writes on.
    await n1.kill9()
    secretary.provider.destroy()
    const moved = connectClient(n2.wsUrl, meeting.id, { token: meeting.tokens.sekretær, doc: secretary.doc })
    clients.push(moved)
    await moved.synced
    appendText(moved.doc, 'meetingPlace', ' sentrum')
    await waitFor(() => placeOf(viewer.doc) === 'Oslo sentrum', 10_000, 'the moved secretary’s text on node 2')
    const fresh = connectClient(n2.wsUrl, meeting.id, { token: meeting.tokens.medlem })
    clients.push(fresh)
    await fresh.synced
    await waitFor(() => placeOf(fresh.doc) === 'Oslo sentrum', 10_000, 'a fresh client')
  } finally {
    for (const client of clients) client.destroy()
    for (const node of cluster.nodes.splice(0)) await node.stop()
  }
}, 60_000)
