import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE } from '../../shared/protocol'
import {
  api,
  appendText,
  connectClient,
  createMeeting,
  minutesOf,
  nextClose,
  spawnServer,
  tempDataDir,
  waitFor,
  withTimeout,
  TEST_ADMIN_TOKEN,
  type SpawnedServer,
  type TestClient,
} from '../helpers'

/**
 * Runs the server in a mount namespace of its own in which DATA_DIR is bind-mounted read-only:
 * a read-only file system for the server process only (the tests run as root, for whom chmod
 * changes nothing). Nothing outside that process sees the mount, and it goes with the process.
 */
const READ_ONLY_DATA_DIR = ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind -o ro "$DATA_DIR" "$DATA_DIR" && exec "$@"', 'sh']

/** Fails loudly (never skips) when this machine cannot make a directory read-only for one process. */
function requireReadOnlyMounts(dir: string): void {
  const probe = spawnSync(READ_ONLY_DATA_DIR[0], [...READ_ONLY_DATA_DIR.slice(1), 'touch', `${dir}/probe`], {
    env: { ...process.env, DATA_DIR: dir },
    encoding: 'utf8',
    timeout: 10_000,
  })
  if (probe.error || probe.status === 0 || !/read-only file system/i.test(probe.stderr)) {
    throw new Error(
      'cannot make a directory read-only for one process here (needs `unshare --mount` and `mount --bind -o ro`, ' +
        `i.e. root or CAP_SYS_ADMIN): ${probe.error?.message ?? `exit ${probe.status}: ${probe.stderr}`}`,
    )
  }
}

const textOf = (client: TestClient) => minutesOf(client.doc).textContent

describe('a read-only data directory', () => {
  const clients: TestClient[] = []
  const servers: SpawnedServer[] = []
  let data: ReturnType<typeof tempDataDir> | null = null

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.kill9()
    data?.remove()
  })

  const connect = (server: SpawnedServer, docName: string, token: string) => {
    const client = connectClient(server.wsUrl, docName, { token })
    clients.push(client)
    return client
  }

  /** A data directory holding one meeting with text in it, written by a server that was then stopped (SIGTERM or kill -9). */
  async function storedMeeting(stop: 'SIGTERM' | 'SIGKILL') {
    data = tempDataDir()
    requireReadOnlyMounts(data.dir)
    const writer = await spawnServer(data.dir)
    servers.push(writer)
    const meeting = await createMeeting(writer.url)
    const secretary = connect(writer, meeting.id, meeting.tokens.sekretær)
    const reader = connect(writer, meeting.id, meeting.tokens.medlem)
    await Promise.all([secretary.synced, reader.synced])
    appendText(secretary.doc, 'meetingPlace', ' lagret-før')
    await waitFor(() => textOf(reader).includes('lagret-før'), 5000, 'the reader to see the text')
    const exited = new Promise((resolve) => writer.child.once('exit', resolve))
    writer.child.kill(stop)
    await withTimeout(exited, 15_000, 'the writing server to exit')
    servers.splice(servers.indexOf(writer), 1)
    for (const c of clients.splice(0)) c.destroy()
    return meeting
  }

  for (const stop of ['SIGTERM', 'SIGKILL'] as const) {
    it(`starts and serves the stored meetings read-only (database left by ${stop})`, async () => {
      const meeting = await storedMeeting(stop)
      const server = await spawnServer(data!.dir, {}, { wrap: READ_ONLY_DATA_DIR })
      servers.push(server)

      // The operator and the client are told why.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      const ready = await fetch(`${server.url}/readyz`)
      expect([ready.status, await ready.text()]).toEqual([503, 'storage-read-only'])
      expect((await api(server.url, 'GET', '/api/status')).body).toEqual({ storage: 'read-only' })
      expect(server.stderr()).toContain('storage is read-only')

      // A member reads the stored minutes; the API reads work.
      const member = connect(server, meeting.id, meeting.tokens.medlem)
      await member.synced
      expect(textOf(member)).toContain('lagret-før')
      expect((await api(server.url, 'GET', `/api/meetings/${meeting.id}`, { token: meeting.tokens.medlem })).status).toBe(200)

      // A writer is admitted as a reader: it syncs, and a change closes it; nothing is applied.
      const secretary = connect(server, meeting.id, meeting.tokens.sekretær)
      await secretary.synced
      expect(textOf(secretary)).toContain('lagret-før')
      const closed = nextClose(secretary)
      appendText(secretary.doc, 'meetingPlace', ' endring')
      expect(await closed).toEqual({ code: CLOSE.storageReadOnly.code, reason: CLOSE.storageReadOnly.reason })
      const again = connect(server, meeting.id, meeting.tokens.medlem)
      await again.synced
      expect(textOf(again)).toContain('lagret-før')
      expect(textOf(again)).not.toContain('endring')

      // API writes are refused with 503, a Norwegian message and a stable code.
      const create = await api(server.url, 'POST', '/api/meetings', { token: TEST_ADMIN_TOKEN, body: { organ: 'Styret', title: 'Nytt', date: '2024-05-01' } })
      expect(create.status).toBe(503)
      expect(create.body).toMatchObject({ code: 'storage-read-only', error: expect.stringMatching(/skrivebeskyttet/) })
      const version = await api(server.url, 'POST', `/api/meetings/${meeting.id}/versions`, { token: meeting.tokens.sekretær, body: { name: 'Utkast' } })
      expect(version.status).toBe(503)
      expect(server.child.exitCode).toBeNull()
    }, 60_000)
  }
})
