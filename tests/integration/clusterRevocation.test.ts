// Access changes reach every node (issue 11): a token revoked, a session ended on one node closes
// the connections made with it on the other node at once; and a change whose message was lost
// while Redis was away still takes effect when Redis is back (each node re-checks its connections).
//
// Needs PostgreSQL and redis-server like multiNode.test.ts; fails (never skips) without them.
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE } from '../../shared/protocol'
import type { MeResponse, SessionsResponse } from '../../shared/api'
import {
  api,
  CLUSTER_DATABASE_URL,
  connectClient,
  createMeeting,
  mintToken,
  nextClose,
  oidcEnv,
  reserveOidcProvider,
  sessionCookieOf,
  startCluster,
  type ClusterNode,
  type TestClient,
  type TestCluster,
  type TestOidcProvider,
} from '../helpers'

describe('access changes across nodes', () => {
  let cluster: TestCluster | null = null
  let idp: TestOidcProvider | null = null
  let unavailable: Error | null = null
  const clients: TestClient[] = []
  const requireCluster = (): TestCluster => {
    if (!cluster) throw unavailable ?? new Error('the cluster was not started')
    return cluster
  }
  const logsOf = () => (cluster?.nodes ?? []).map((n) => `--- ${n.nodeId}\n${n.stderr().slice(-4000)}`).join('\n')

  beforeAll(async () => {
    try {
      cluster = await startCluster()
    } catch (err) {
      unavailable = err as Error
    }
  }, 30_000)
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') console.error(logsOf())
    for (const client of clients.splice(0)) client.destroy()
    for (const node of cluster?.nodes.splice(0) ?? []) await node.stop()
    await idp?.stop()
    idp = null
  })
  afterAll(async () => {
    await cluster?.destroy()
  }, 30_000)

  /** Two nodes signing in with one provider that knows both. */
  async function twoNodes(): Promise<[ClusterNode, ClusterNode]> {
    idp = await reserveOidcProvider()
    const env = oidcEnv(idp.issuer)
    const nodes = await Promise.all([requireCluster().startNode('node-1', env), requireCluster().startNode('node-2', env)])
    await idp.start(
      nodes.map((n) => `${n.url}/auth/callback`),
      nodes.map((n) => `${n.url}/`),
    )
    return nodes as [ClusterNode, ClusterNode]
  }
  const connect = (node: ClusterNode, meetingId: string, opts: { token?: string; headers?: Record<string, string> }) => {
    const client = connectClient(node.wsUrl, meetingId, { ...opts, syncTimeoutMs: 15_000 })
    clients.push(client)
    return client
  }

  it('closes on node 2 the connections of a token revoked and a session ended on node 1', async () => {
    const [node1, node2] = await twoNodes()
    const meeting = await createMeeting(node1.url)
    await mintToken(node1.url, meeting.id, { role: 'møteleder', subject: 'sub-kari' })
    const member = await mintToken(node1.url, meeting.id, { role: 'medlem', name: 'Medlem på node 2' })
    const kari = await sessionCookieOf(node2.url, 'sub-kari')
    const chair = connect(node2, meeting.id, { headers: { cookie: kari } })
    const viewer = connect(node2, meeting.id, { token: member.token })
    const bystander = connect(node2, meeting.id, { token: meeting.tokens.observatør })
    await Promise.all([chair.synced, viewer.synced, bystander.synced])

    const viewerClosed = nextClose(viewer, 10_000)
    expect((await api(node1.url, 'DELETE', `/api/meetings/${meeting.id}/tokens/${member.tokenId}`, { token: node1.adminToken! })).status).toBe(204)
    expect(await viewerClosed).toEqual({ code: CLOSE.tokenRevoked.code, reason: CLOSE.tokenRevoked.reason })

    const sessions = (await api(node1.url, 'GET', '/api/sessions', { token: node1.adminToken! })).body as SessionsResponse
    const kariSession = sessions.sessions.find((s) => s.subject === 'sub-kari')!.id
    const chairClosed = nextClose(chair, 10_000)
    expect((await api(node1.url, 'DELETE', `/api/sessions/${kariSession}`, { token: node1.adminToken! })).status).toBe(204)
    expect(await chairClosed).toEqual({ code: CLOSE.sessionEnded.code, reason: CLOSE.sessionEnded.reason })
    expect(((await api(node2.url, 'GET', '/api/me', { headers: { cookie: kari } })).body as MeResponse).signedIn).toBe(false)
    // Nobody else was touched.
    expect(bystander.provider.wsconnected).toBe(true)
  })

  it('still closes them when the message was lost while Redis was away: each node re-checks its connections once Redis is back', async () => {
    const [node1, node2] = await twoNodes()
    const meeting = await createMeeting(node1.url)
    const member = await mintToken(node1.url, meeting.id, { role: 'medlem', name: 'Medlem' })
    const viewer = connect(node2, meeting.id, { token: member.token })
    const bystander = connect(node2, meeting.id, { token: meeting.tokens.observatør })
    await Promise.all([viewer.synced, bystander.synced])

    await requireCluster().redis.kill()
    // Revoked straight in the shared database: no node announces it, as if its message was lost.
    const db = new pg.Client({ connectionString: CLUSTER_DATABASE_URL })
    await db.connect()
    try {
      const { rowCount } = await db.query(`UPDATE ${requireCluster().schema}.tokens SET revoked_at = $1 WHERE id = $2`, [new Date().toISOString(), member.tokenId])
      expect(rowCount).toBe(1)
    } finally {
      await db.end()
    }
    expect(viewer.provider.wsconnected).toBe(true)
    const viewerClosed = nextClose(viewer, 20_000)
    await requireCluster().redis.start()
    expect(await viewerClosed).toEqual({ code: CLOSE.tokenRevoked.code, reason: CLOSE.tokenRevoked.reason })
    // Closed by the re-check (the nodes log at warn level here, which shows each close's detail).
    expect(node2.stderr()).toContain('"detail":"no longer admitted (re-checked)"')
    expect(bystander.provider.wsconnected).toBe(true)
  })
})
