import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../server/persistence'
import {
  appendText,
  connectClient,
  createMeeting,
  minutesOf,
  spawnServer,
  tempDataDir,
  waitFor,
  withTimeout,
  type SpawnedServer,
  type TestClient,
} from '../helpers'

const SQLITE3_BIN = process.env.SQLITE3_BIN ?? '/usr/bin/sqlite3'
/** How long the test's sqlite3 holds the exclusive lock. */
const LOCK_MS = 10_000

/**
 * Runs Debian's `sqlite3` CLI on `file` and takes an exclusive lock, as a backup or maintenance
 * tool may; resolves once it holds the lock. Fails loudly (never skips) when sqlite3 is missing.
 */
async function holdExclusiveLock(file: string): Promise<{ child: ChildProcess; release(): Promise<void> }> {
  const probe = spawnSync(SQLITE3_BIN, ['-version'], { encoding: 'utf8', timeout: 5000 })
  if (probe.error || probe.status !== 0) {
    throw new Error(`${SQLITE3_BIN} cannot run (${probe.error?.message ?? probe.stderr}): install it with \`apt-get install -y sqlite3\` (.ci/run does this), or set SQLITE3_BIN`)
  }
  const child = spawn(SQLITE3_BIN, [file], { stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.stdin!.write('.timeout 5000\nBEGIN EXCLUSIVE;\n.print locked\n')
  await waitFor(() => output.includes('locked'), 10_000, `sqlite3 to take the lock (${output})`)
  if (/error/i.test(output)) throw new Error(`sqlite3 could not lock ${file}: ${output}`)
  return {
    child,
    async release() {
      child.stdin!.end('COMMIT;\n.quit\n')
      await withTimeout(exited, 10_000, 'sqlite3 to exit')
    },
  }
}

const textOf = (client: TestClient) => minutesOf(client.doc).textContent

describe('a SQLite file locked by another process', () => {
  const clients: TestClient[] = []
  const servers: SpawnedServer[] = []
  const locks: ChildProcess[] = []
  let data: ReturnType<typeof tempDataDir> | null = null

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const l of locks.splice(0)) l.kill('SIGKILL')
    for (const s of servers.splice(0)) await s.kill9()
    data?.remove()
  })

  const connect = (server: SpawnedServer, docName: string, token: string, syncTimeoutMs = 5000) => {
    const client = connectClient(server.wsUrl, docName, { token, syncTimeoutMs })
    clients.push(client)
    return client
  }

  it('keeps serving while an exclusive lock is held for 10 s: joins sync what is stored at once, nothing acknowledged is lost', async () => {
    data = tempDataDir()
    const server = await spawnServer(data.dir)
    servers.push(server)
    const a = await createMeeting(server.url, { title: 'Møte A' })
    const b = await createMeeting(server.url, { title: 'Møte B' })
    const secretary = connect(server, a.id, a.tokens.sekretær)
    const reader = connect(server, a.id, a.tokens.medlem)
    const closes: number[] = []
    for (const c of [secretary, reader]) c.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? 0))
    await Promise.all([secretary.synced, reader.synced])
    appendText(secretary.doc, 'meetingPlace', ' før-låsen')
    await waitFor(() => textOf(reader).includes('før-låsen'), 5000, 'the reader to see what was typed before the lock')

    const lock = await holdExclusiveLock(path.join(data.dir, DATABASE_FILE))
    locks.push(lock.child)
    const lockedAt = Date.now()
    let typed = 0
    const typing = setInterval(() => appendText(secretary.doc, 'meetingPlace', ` under-låsen-${typed++}`), 100)
    try {
      // The commit waits on the lock: the node says so, and stays alive and responsive.
      await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 503, 5000, '/readyz to report the lock')
      expect(await (await fetch(`${server.url}/readyz`)).text()).toBe('storage-busy')
      const healthStarted = Date.now()
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      expect(Date.now() - healthStarted).toBeLessThan(500)

      // A member joining the meeting being written gets what is stored within a second.
      const joinedAt = Date.now()
      const joiner = connect(server, a.id, a.tokens.medlem, 1000)
      await joiner.synced
      expect(Date.now() - joinedAt).toBeLessThan(1000)
      expect(textOf(joiner)).toContain('før-låsen')
      // Nothing typed under the lock was sent to anyone: it is not on disk yet.
      expect(textOf(joiner)).not.toContain('under-låsen')
      expect(textOf(reader)).not.toContain('under-låsen')

      // Another meeting: a reader and a secretary join at once, the secretary types.
      const otherReader = connect(server, b.id, b.tokens.medlem, 1000)
      const otherSecretary = connect(server, b.id, b.tokens.sekretær, 1000)
      await Promise.all([otherReader.synced, otherSecretary.synced])
      appendText(otherSecretary.doc, 'meetingPlace', ' møte-b')
      expect(Date.now() - lockedAt).toBeLessThan(LOCK_MS - 1000)

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, LOCK_MS - (Date.now() - lockedAt))))
      clearInterval(typing)
      const lastTyped = `under-låsen-${typed - 1}`
      await lock.release()

      // Everything typed under the lock is stored and relayed once the lock is gone.
      await waitFor(() => textOf(reader).includes(lastTyped), 10_000, 'the reader to get what was typed under the lock')
      await waitFor(() => textOf(joiner).includes(lastTyped), 10_000, 'the joiner to get what was typed under the lock')
      await waitFor(() => textOf(otherReader).includes('møte-b'), 10_000, 'the other meeting to relay')
      await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, 5000, '/readyz to recover')
      expect(closes).toEqual([])
      const seenByReader = minutesOf(reader.doc).toJSON()

      // And it is on disk: after kill -9, a fresh client gets everything the reader saw.
      await server.kill9()
      const again = await spawnServer(data.dir)
      servers.push(again)
      const fresh = connect(again, a.id, a.tokens.medlem)
      await fresh.synced
      expect(minutesOf(fresh.doc).toJSON()).toEqual(seenByReader)
      expect(textOf(fresh)).toContain(lastTyped)
    } finally {
      clearInterval(typing)
    }
  }, 60_000)
})
