// Several nodes on one PostgreSQL and one Redis (issue 6): live relay between nodes, failover of
// clients after kill -9 of a node, durability of everything seen, and catching up after a Redis
// restart without any client reconnecting.
//
// Needs PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; the nodes
// create their tables in a fresh schema referat_mn_<random>, dropped afterwards) and the
// `redis-server` binary: the test runs its own redis-server on a free port so that it can kill and
// restart it. Without them the test fails (never skips) with how to start or install them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  api,
  appendText,
  connectClient,
  createMeeting,
  minutesJSON,
  minutesOf,
  startCluster,
  waitFor,
  type ClusterNode,
  type TestClient,
  type TestCluster,
} from '../helpers'

const TOKEN = / ([a-z]\d{3});/g
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** One keystroke-sized update every 50 ms: ~20 per second. */
const TYPING_INTERVAL_MS = 50

/** How often each typed token occurs in the minutes of `doc`. */
function tokenCounts(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>()
  for (const match of minutesOf(doc).textContent.matchAll(TOKEN)) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1)
  return counts
}

/** What is wrong with `doc` against `expected` (each exactly once, nothing else); '' when all is well. */
function tokenProblems(doc: Y.Doc, expected: readonly string[]): string {
  const counts = tokenCounts(doc)
  const missing = expected.filter((t) => !counts.has(t))
  const doubled = [...counts].filter(([, n]) => n > 1).map(([t, n]) => `${t}×${n}`)
  const wanted = new Set(expected)
  const unknown = [...counts.keys()].filter((t) => !wanted.has(t))
  return [
    missing.length ? `missing ${missing.length}: ${missing.slice(0, 12).join(' ')}${missing.length > 12 ? ' …' : ''}` : '',
    doubled.length ? `more than once: ${doubled.join(' ')}` : '',
    unknown.length ? `never typed: ${unknown.join(' ')}` : '',
  ]
    .filter(Boolean)
    .join('; ')
}

/** Waits (bounded) until every client holds exactly `expected`; the error names who lacks what. */
async function converge(clients: Record<string, TestClient>, expected: readonly string[], timeoutMs: number, what: string): Promise<void> {
  try {
    await waitFor(() => Object.values(clients).every((c) => tokenProblems(c.doc, expected) === ''), timeoutMs, what)
  } catch (err) {
    const report = Object.entries(clients)
      .map(([name, c]) => `${name}: ${tokenProblems(c.doc, expected) || 'ok'}`)
      .join('\n  ')
    throw new Error(`${(err as Error).message}\n  ${report}`)
  }
}

/** Every close and status change of a provider from now on. */
function watchConnection(client: TestClient): string[] {
  const events: string[] = []
  client.provider.on('status', ({ status }: { status: string }) => events.push(`status ${status}`))
  client.provider.on('connection-close', (event: CloseEvent | null) => events.push(`close ${event?.code ?? '?'} ${event?.reason ?? ''}`))
  return events
}

describe('several nodes on PostgreSQL and Redis', () => {
  let cluster: TestCluster | null = null
  const clients: TestClient[] = []
  const connect = (node: ClusterNode, meetingId: string, token: string, doc?: Y.Doc) => {
    const client = connectClient(node.wsUrl, meetingId, { token, doc, syncTimeoutMs: 15_000 })
    clients.push(client)
    return client
  }
  const typed: string[] = []
  /**
   * Appends ` <token>;` to the `paragraph`-th paragraph of `client`'s minutes (one update) and
   * remembers it. Concurrent writers use different paragraphs: appendText rewrites the paragraph
   * through updateYFragment's diff, and two clients appending to the same paragraph at once can
   * duplicate text even on a single node (a property of the helper, not of the server).
   */
  const type = (client: TestClient, token: string, paragraph = 0) => {
    appendText(client.doc, 'paragraph', ` ${token};`, paragraph)
    typed.push(token)
  }
  /** Node logs, printed when a test fails. */
  const logsOf = () => (cluster?.nodes ?? []).map((n) => `--- ${n.nodeId} ${n.url}\n${n.stderr().slice(-4000)}`).join('\n')

  /** Why there is no cluster (PostgreSQL or redis-server missing): each test fails with it, none skips. */
  let unavailable: Error | null = null
  const requireCluster = (): TestCluster => {
    if (!cluster) throw unavailable ?? new Error('the cluster was not started')
    return cluster
  }

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
    typed.length = 0
  })

  afterAll(async () => {
    await cluster?.destroy()
  }, 30_000)

  it('relays live between nodes, survives kill -9 of a node with failover, and stores each keystroke exactly once', async () => {
    const [node1, node2] = await Promise.all([requireCluster().startNode('node-1'), requireCluster().startNode('node-2')])
    const meeting = await createMeeting(node1.url)
    // Created on node 1, known to node 2 (same PostgreSQL), with the same tokens.
    const seen = await api(node2.url, 'GET', `/api/meetings/${meeting.id}`, { token: meeting.tokens.observatør })
    expect(seen.status).toBe(200)

    const secretary = connect(node1, meeting.id, meeting.tokens.sekretær)
    const viewer1 = connect(node1, meeting.id, meeting.tokens.observatør)
    const viewer2 = connect(node2, meeting.id, meeting.tokens.medlem)
    const viewer2b = connect(node2, meeting.id, meeting.tokens.observatør)
    await Promise.all([secretary, viewer1, viewer2, viewer2b].map((c) => c.synced))

    // Presence crosses nodes, with the user the server set from the token.
    secretary.provider.awareness.setLocalStateField('cursor', { at: 'start' })
    await waitFor(
      () => (viewer2.provider.awareness.getStates().get(secretary.doc.clientID) as { user?: { role?: string } } | undefined)?.user?.role === 'sekretær',
      10_000,
      "the secretary's presence on node 1 to reach a viewer on node 2",
    )

    // Typing on node 1, watched live on node 2: how long each token took to arrive.
    const typedAt = new Map<string, number>()
    const arrivedAt = new Map<string, number>()
    viewer2.doc.on('update', () => {
      const now = Date.now()
      for (const token of tokenCounts(viewer2.doc).keys()) if (!arrivedAt.has(token)) arrivedAt.set(token, now)
    })
    const tokens = Array.from({ length: 200 }, (_, i) => `s${String(i).padStart(3, '0')}`)
    for (const token of tokens.slice(0, 80)) {
      type(secretary, token)
      typedAt.set(token, Date.now())
      await sleep(TYPING_INTERVAL_MS)
    }
    await converge({ viewer1, viewer2, viewer2b }, typed, 10_000, 'the viewers on both nodes to see the typing live')
    const lags = [...typedAt].map(([token, at]) => arrivedAt.get(token)! - at).sort((a, b) => a - b)
    console.info(`node 1 → node 2 relay lag over 80 keystrokes: median ${lags[40]} ms, max ${lags[79]} ms`)

    // Node 1 dies mid-meeting; the secretary carries on typing offline.
    await node1.kill9()
    for (const token of tokens.slice(80, 120)) {
      type(secretary, token)
      await sleep(TYPING_INTERVAL_MS)
    }
    // Failover, as a load balancer does it: new connections to node 2 with the same documents.
    secretary.provider.destroy()
    viewer1.provider.destroy()
    const viewer1moved = connect(node2, meeting.id, meeting.tokens.observatør, viewer1.doc)
    const secretaryMoved = connect(node2, meeting.id, meeting.tokens.sekretær, secretary.doc)
    const movedEvents = { viewer1moved: watchConnection(viewer1moved), secretaryMoved: watchConnection(secretaryMoved) }
    await Promise.all([secretaryMoved.synced, viewer1moved.synced])
    for (const token of tokens.slice(120)) {
      type(secretaryMoved, token)
      await sleep(TYPING_INTERVAL_MS)
    }
    expect(typed).toEqual(tokens)
    await converge({ secretary: secretaryMoved, viewer1: viewer1moved, viewer2, viewer2b }, tokens, 15_000, 'every client to hold all 200 tokens')
    for (const [name, events] of Object.entries(movedEvents)) {
      expect(events.filter((e) => e.startsWith('close')), `${name} was closed after failover`).toEqual([])
    }
    const final = minutesJSON(viewer2.doc)
    expect(minutesJSON(secretaryMoved.doc)).toEqual(final)
    expect(minutesJSON(viewer1moved.doc)).toEqual(final)

    // Stop everything; a fresh node on the same schema serves the same text to a fresh client.
    for (const client of clients.splice(0)) client.destroy()
    await node2.kill9()
    const node3 = await requireCluster().startNode('node-3')
    const fresh = connect(node3, meeting.id, meeting.tokens.observatør)
    await fresh.synced
    expect(tokenProblems(fresh.doc, tokens)).toBe('')
    expect(minutesJSON(fresh.doc)).toEqual(final)
  }, 120_000)

  it('catches up after a Redis restart from PostgreSQL, without any client reconnecting', async () => {
    const [node1, node2] = await Promise.all([requireCluster().startNode('node-1'), requireCluster().startNode('node-2')])
    const meeting = await createMeeting(node2.url)
    const writer2 = connect(node2, meeting.id, meeting.tokens.sekretær)
    const writer1 = connect(node1, meeting.id, meeting.tokens.møteleder)
    const viewer1 = connect(node1, meeting.id, meeting.tokens.observatør)
    const all = { writer1, writer2, viewer1 }
    await Promise.all(Object.values(all).map((c) => c.synced))

    // Both ways through Redis first.
    for (let i = 0; i < 10; i++) {
      type(writer2, `b${String(i).padStart(3, '0')}`)
      type(writer1, `a${String(i).padStart(3, '0')}`, 1)
      await sleep(TYPING_INTERVAL_MS)
    }
    await converge(all, typed, 10_000, 'the clients on both nodes to see each other before the Redis restart')

    const events = Object.fromEntries(Object.entries(all).map(([name, c]) => [name, watchConnection(c)]))
    await requireCluster().redis.kill()
    // Typing on both nodes while Redis is down: each node stores it, neither can relay it.
    for (let i = 10; i < 50; i++) {
      type(writer2, `b${String(i).padStart(3, '0')}`)
      if (i % 4 === 0) type(writer1, `a${String(i).padStart(3, '0')}`, 1)
      await sleep(TYPING_INTERVAL_MS)
    }
    await requireCluster().redis.start()
    const restartedAt = Date.now()
    await converge(all, typed, 20_000, 'the nodes to catch up after the Redis restart')
    console.info(`clients on both nodes re-converged ${Date.now() - restartedAt} ms after Redis came back`)

    // Live again afterwards, both ways, and presence too.
    for (let i = 50; i < 60; i++) {
      if (i % 2) type(writer1, `a${String(i).padStart(3, '0')}`, 1)
      else type(writer2, `b${String(i).padStart(3, '0')}`)
      await sleep(TYPING_INTERVAL_MS)
    }
    await converge(all, typed, 10_000, 'live relay after the Redis restart')
    writer2.provider.awareness.setLocalStateField('cursor', { at: 'after-restart' })
    await waitFor(
      () => (viewer1.provider.awareness.getStates().get(writer2.doc.clientID) as { cursor?: { at?: string } } | undefined)?.cursor?.at === 'after-restart',
      10_000,
      'presence from node 2 to reach node 1 after the Redis restart',
    )

    expect(events).toEqual({ writer1: [], writer2: [], viewer1: [] })
    for (const client of Object.values(all)) expect(client.provider.wsconnected).toBe(true)
    const final = minutesJSON(writer2.doc)
    expect(minutesJSON(writer1.doc)).toEqual(final)
    expect(minutesJSON(viewer1.doc)).toEqual(final)
  }, 120_000)
})
