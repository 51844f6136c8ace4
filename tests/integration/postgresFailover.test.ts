import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import { fragmentToProseMirror } from '../../server/validation'
import {
  appendText,
  connectClient,
  createMeeting,
  dropSchema,
  minutesOf,
  requirePostgres,
  spawnServer,
  tempDataDir,
  waitFor,
  type SpawnedServer,
  type TestClient,
} from '../helpers'
import { CLUSTER_DATABASE_URL, randomSuffix } from '../helpers/cluster'

/**
 * A TCP proxy on 127.0.0.1 in front of the test's PostgreSQL, which the test can stall (answers
 * from PostgreSQL are held back, so a transaction stays open), cut (every piped socket destroyed,
 * no new connections accepted) and reopen on the same port. The machine's PostgreSQL itself is
 * never touched.
 */
class PostgresProxy {
  private server: net.Server | null = null
  private readonly sockets = new Set<net.Socket>()
  private stalled = false
  private readonly target: { host: string; port: number }
  port = 0

  constructor(databaseUrl: string) {
    const url = new URL(databaseUrl)
    this.target = { host: url.hostname, port: Number(url.port || 5432) }
  }

  /** The database URL through the proxy. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl)
    url.hostname = '127.0.0.1'
    url.port = String(this.port)
    return url.toString()
  }

  async open(): Promise<void> {
    this.stalled = false
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target)
      this.sockets.add(client).add(upstream)
      client.on('data', (chunk) => upstream.write(chunk))
      // While stalled, PostgreSQL's answers never arrive: the node's transaction stays open.
      upstream.on('data', (chunk) => void (this.stalled || client.write(chunk)))
      for (const [a, b] of [[client, upstream], [upstream, client]]) {
        a.on('error', () => b.destroy())
        a.on('close', () => {
          this.sockets.delete(a)
          b.destroy()
        })
      }
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (server.address() as net.AddressInfo).port
    this.server = server
  }

  stall(): void {
    this.stalled = true
  }

  /** PostgreSQL is gone: connections drop mid-transaction, new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server
    this.server = null
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** The minutes text stored in PostgreSQL for `docName` (snapshot and updates of `schema`). */
async function storedText(schema: string, docName: string): Promise<string> {
  const client = await requirePostgres()
  try {
    const snapshot = await client.query<{ data: Buffer }>(`SELECT data FROM "${schema}".snapshots WHERE doc = $1`, [docName])
    const updates = await client.query<{ data: Buffer }>(`SELECT data FROM "${schema}".updates WHERE doc = $1 ORDER BY seq`, [docName])
    const doc = new Y.Doc()
    for (const row of [...snapshot.rows, ...updates.rows]) Y.applyUpdate(doc, new Uint8Array(row.data))
    return fragmentToProseMirror(doc.getXmlFragment(MINUTES_FRAGMENT)).textContent
  } finally {
    await client.end()
  }
}

const textOf = (client: TestClient) => minutesOf(client.doc).textContent

describe('PostgreSQL lost while a transaction is open', () => {
  const clients: TestClient[] = []
  const servers: SpawnedServer[] = []
  const proxies: PostgresProxy[] = []
  const schemas: string[] = []
  let data: ReturnType<typeof tempDataDir> | null = null

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.kill9()
    for (const p of proxies.splice(0)) await p.cut()
    for (const schema of schemas.splice(0)) await dropSchema(schema)
    data?.remove()
  })

  it('keeps the node up, reports storage down, and loses nothing acknowledged when the connection is cut mid-commit', async () => {
    await (await requirePostgres()).end()
    const proxy = new PostgresProxy(CLUSTER_DATABASE_URL)
    proxies.push(proxy)
    await proxy.open()
    const schema = `referat_pgcut_${randomSuffix()}`
    schemas.push(schema)
    data = tempDataDir()
    const server = await spawnServer(data.dir, { DATABASE_URL: proxy.urlFor(CLUSTER_DATABASE_URL), DATABASE_SCHEMA: schema })
    servers.push(server)
    const meeting = await createMeeting(server.url)
    const writer = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær, syncTimeoutMs: 30_000 })
    const reader = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.medlem, syncTimeoutMs: 30_000 })
    clients.push(writer, reader)
    await Promise.all([writer.synced, reader.synced])
    appendText(writer.doc, 'meetingPlace', ' før-brudd')
    await waitFor(() => textOf(reader).includes('før-brudd'), 5000, 'the reader to see the first edit')

    let typed = 0
    const typing = setInterval(() => appendText(writer.doc, 'meetingPlace', ` t${typed++}`), 50)
    try {
      // A commit is in flight and cannot finish: its transaction is open when the line is cut.
      proxy.stall()
      await new Promise((resolve) => setTimeout(resolve, 500))
      const seenBeforeCut = textOf(reader)
      await proxy.cut()

      // Down: alive, not ready, for a while.
      const downUntil = Date.now() + 2000
      while (Date.now() < downUntil) {
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
        const ready = await fetch(`${server.url}/readyz`)
        expect(ready.status).toBe(503)
        expect(await ready.text()).toMatch(/^storage-(error|timeout)$/)
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      expect(server.child.exitCode).toBeNull()

      await proxy.open()
      await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, 20_000, '/readyz to recover')
      clearInterval(typing)
      const last = ` t${typed - 1}`
      appendText(writer.doc, 'meetingPlace', ' etter-brudd')

      // The clients reconnect and resync; the writer's edits made while PostgreSQL was away arrive.
      await waitFor(() => textOf(reader).includes('etter-brudd') && textOf(reader).includes(last), 30_000, 'the reader to get everything typed')
      expect(textOf(reader)).toEqual(textOf(writer))
      expect(server.child.exitCode).toBeNull()

      // Everything acknowledged (relayed to the reader) is in PostgreSQL, and so is the rest.
      const stored = await storedText(schema, meeting.id)
      for (const token of seenBeforeCut.match(/før-brudd|t\d+\b/g) ?? []) expect(stored).toContain(token)
      expect(stored).toEqual(textOf(reader))
      expect(server.stderr()).toMatch(/PostgreSQL connection lost|commit failed/)
    } finally {
      clearInterval(typing)
    }
  }, 90_000)
})
