// Search with several nodes (issue 15): two nodes on one PostgreSQL schema and one Redis. Text
// written through node 1 is found through node 2 (one index in the shared schema, filled by the
// node that stored the edit), and a meeting token asked on the other node still sees only its
// own meeting. Needs PostgreSQL and redis-server like multiNode.test.ts; fails (never skips) without them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResponse } from '../../shared/api'
import { minutesSchema } from '../../shared/schema'
import { TEST_ADMIN_TOKEN, api, connectClient, createMeeting, editMinutes, findNode, startCluster, waitFor, type ClusterNode, type TestCluster } from '../helpers'

describe('search across nodes', () => {
  let cluster: TestCluster | null = null
  let unavailable: Error | null = null

  beforeAll(async () => {
    try {
      cluster = await startCluster()
    } catch (err) {
      unavailable = err as Error
    }
  }, 30_000)
  afterAll(async () => {
    await cluster?.destroy()
  }, 30_000)

  it('finds on node 2 what was written on node 1, and a token of another meeting finds none of it', async () => {
    if (!cluster) throw unavailable ?? new Error('the cluster was not started')
    const env = { SEARCH_INDEX_DELAY_MS: '0', SEARCH_REQUEST_LIMIT: '0' }
    const [node1, node2] = (await Promise.all([cluster.startNode('node-1', env), cluster.startNode('node-2', env)])) as [ClusterNode, ClusterNode]
    const meeting = await createMeeting(node1.url, { organ: 'Styret', date: '2025-02-03' })
    const other = await createMeeting(node2.url, { organ: 'Rådet', date: '2025-02-04' })
    const client = connectClient(node1.wsUrl, meeting.id, { token: meeting.tokens.sekretær, syncTimeoutMs: 15_000 })
    try {
      await client.synced
      editMinutes(client.doc, (tr, doc) => {
        const { pos, node } = findNode(doc, 'narrative')
        const paragraph = node.firstChild!
        tr.insert(pos + 2 + paragraph.content.size, minutesSchema.text('Styret drøftet vindkraftkonsesjonene.'))
      })
      const ask = (node: ClusterNode, token: string) => api(node.url, 'GET', '/api/search?q=vindkraftkonsesjon', { token })
      await waitFor(async () => ((await ask(node2, TEST_ADMIN_TOKEN)).body as SearchResponse).total === 1, 15_000, 'the edit found on node 2')
      const hit = ((await ask(node2, TEST_ADMIN_TOKEN)).body as SearchResponse).hits[0]
      expect(hit.meeting.id).toBe(meeting.id)
      expect(hit.snippet.text).toContain('vindkraftkonsesjonene')
      expect(((await ask(node2, meeting.tokens.medlem)).body as SearchResponse).total).toBe(1)
      const foreign = await ask(node1, other.tokens.medlem)
      expect(foreign.status).toBe(200)
      expect((foreign.body as SearchResponse).total).toBe(0)
    } finally {
      client.destroy()
    }
  })
})
