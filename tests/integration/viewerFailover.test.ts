// A read-only client that moves to another node used to be closed for good with
// 4403 read-only when that node has not yet caught up with what the client saw on its old node.
// Found by the multi-node test work; both cases failed on 542ecb5 (the node now catches up first).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { appendText, connectClient, createMeeting, minutesOf, startCluster, waitFor, type TestClient, type TestCluster } from '../helpers'

let cluster: TestCluster
beforeAll(async () => { cluster = await startCluster() }, 30_000)
afterAll(async () => { await cluster?.destroy() }, 30_000)

for (const crash of [true, false]) {
  it(`a viewer moved to node 2 while Redis is down (${crash ? 'node 1 killed' : 'node 1 alive'}) stays connected`, async () => {
    const clients: TestClient[] = []
    try {
      const [n1, n2] = await Promise.all([cluster.startNode('node-1'), cluster.startNode('node-2')])
      const m = await createMeeting(n1.url)
      const sec = connectClient(n1.wsUrl, m.id, { token: m.tokens.sekretær })
      const v1 = connectClient(n1.wsUrl, m.id, { token: m.tokens.observatør })
      const v2 = connectClient(n2.wsUrl, m.id, { token: m.tokens.medlem })
      clients.push(sec, v1, v2)
      await Promise.all([sec.synced, v1.synced, v2.synced])
      appendText(sec.doc, 'paragraph', ' x000;')
      await waitFor(() => minutesOf(v2.doc).textContent.includes('x000;'), 10_000, 'v2 sees x000 through Redis')
      await cluster.redis.kill()
      for (let i = 1; i <= 5; i++) { appendText(sec.doc, 'paragraph', ` x00${i};`); await new Promise((r) => setTimeout(r, 50)) }
      await waitFor(() => minutesOf(v1.doc).textContent.includes('x005;'), 10_000, 'v1 sees x005 on node 1')
      if (crash) await n1.kill9()
      // The viewer's connection drops; the load balancer sends it to node 2.
      v1.provider.destroy()
      const moved = connectClient(n2.wsUrl, m.id, { token: m.tokens.observatør, doc: v1.doc })
      clients.push(moved)
      const closes: string[] = []
      moved.provider.on('connection-close', (e: CloseEvent | null) => closes.push(`${e?.code} ${e?.reason}`))
      await new Promise((r) => setTimeout(r, 7000))
      expect(closes).toEqual([])
      expect(moved.provider.wsconnected).toBe(true)
    } finally {
      for (const c of clients) c.destroy()
      for (const n of cluster.nodes.splice(0)) await n.stop()
      if (cluster.redis.pid() === null) await cluster.redis.start()
    }
  }, 60_000)
}
