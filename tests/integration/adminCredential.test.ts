import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SECRETS_FILE } from '../../server/auth'
import { api, createMeeting, spawnServer, startTestServer, tempDataDir, type SpawnedServer } from '../helpers'

const PRINTED = /Administratornøkkel \(vises bare nå\): (\S+)/

describe('the admin credential', () => {
  const servers: SpawnedServer[] = []
  let data: ReturnType<typeof tempDataDir> | null = null

  afterEach(async () => {
    for (const s of servers.splice(0)) await s.kill9()
    data?.remove()
    data = null
  })

  it('is generated and printed once at the first start, never logged, and works after a restart', async () => {
    data = tempDataDir()
    const first = await spawnServer(data.dir, { LOG_LEVEL: 'debug' }, { adminToken: false })
    servers.push(first)
    const credential = PRINTED.exec(first.stdout())?.[1]
    expect(credential).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(first.adminToken).toBe(credential)
    expect(fs.statSync(path.join(data.dir, SECRETS_FILE)).mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(path.join(data.dir, SECRETS_FILE), 'utf8')).not.toContain(credential!)
    const meeting = await createMeeting(first.url, {}, credential)
    expect((await api(first.url, 'GET', '/api/meetings', { token: 'wrong-credential-wrong' })).status).toBe(401)
    expect(first.stderr()).not.toContain(credential!)
    await first.kill9()

    const second = await spawnServer(data.dir, { LOG_LEVEL: 'debug' }, { adminToken: false })
    servers.push(second)
    expect(second.stdout()).not.toMatch(/Administratornøkkel/)
    expect(second.adminToken).toBeNull()
    const list = await api(second.url, 'GET', '/api/meetings', { token: credential })
    expect(list.status).toBe(200)
    expect((list.body as { meetings: { id: string }[] }).meetings.map((m) => m.id)).toEqual([meeting.id])
    // Tokens signed before the restart still verify: the signing secret is kept in DATA_DIR.
    expect((await api(second.url, 'GET', `/api/meetings/${meeting.id}`, { token: meeting.tokens.medlem })).status).toBe(200)
    expect(second.stderr()).not.toContain(credential!)
  })

  it('is not generated or printed when ADMIN_TOKEN is set', async () => {
    data = tempDataDir()
    const server = await spawnServer(data.dir, { ADMIN_TOKEN: 'my-own-admin-credential' })
    servers.push(server)
    expect(server.stdout()).not.toMatch(/Administratornøkkel/)
    expect((await createMeeting(server.url, {}, 'my-own-admin-credential')).id).toBeTruthy()
  })

  it('uses PUBLIC_URL for invitation links', async () => {
    const server = await startTestServer({ PUBLIC_URL: 'https://referat.example.no/' })
    try {
      const meeting = await createMeeting(server.url)
      expect(meeting.invitations[0].url).toBe(`https://referat.example.no/m/${meeting.id}#token=${meeting.tokens.sekretær}`)
    } finally {
      await server.stop()
    }
  })
})
