import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MeetingSummary } from '../../shared/minutes'
import type { CreateMeetingResponse } from '../../shared/api'
import { ROLES } from '../../shared/auth'
import {
  TEST_ADMIN_TOKEN,
  connectClient,
  createMeeting,
  findAll,
  findNode,
  minutesOf,
  startTestServer,
  summaryOf,
  tempDataDir,
  type TestServer,
} from '../helpers'

const post = (url: string, body: string, contentType = 'application/json') =>
  fetch(url, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, body })
const get = (url: string, token: string = TEST_ADMIN_TOKEN) => fetch(url, { headers: { authorization: `Bearer ${token}` } })

describe('HTTP API', () => {
  let server: TestServer
  let api: string

  beforeEach(async () => {
    server = await startTestServer()
    api = `${server.url}/api/meetings`
  })
  afterEach(async () => {
    await server.stop()
  })

  it('answers /healthz', async () => {
    const res = await fetch(`${server.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('ok')
  })

  it('creates a meeting with its minutes document and lists meetings newest date first', async () => {
    const res = await post(api, JSON.stringify({ organ: ' Rådet ', date: '2024-01-10', firstAgendaNumber: 17 }))
    expect(res.status).toBe(201)
    const { meeting, invitations } = (await res.json()) as CreateMeetingResponse
    expect(meeting.id).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(meeting.organ).toBe('Rådet')
    expect(invitations.map((i) => [i.role, i.name])).toEqual(ROLES.map((role) => [role, null]))
    for (const invitation of invitations) {
      expect(invitation.url).toBe(`${server.url}/m/${meeting.id}#token=${invitation.token}`)
    }
    await createMeeting(server.url, { date: '2024-05-01', organ: 'Styret' })
    await createMeeting(server.url, { date: '2023-12-24', organ: 'Utvalget' })

    const list = (await (await get(api)).json()) as { meetings: MeetingSummary[] }
    expect(list.meetings.map((m) => m.date)).toEqual(['2024-05-01', '2024-01-10', '2023-12-24'])

    const one = await get(`${api}/${meeting.id}`, invitations[2].token)
    expect(one.status).toBe(200)
    expect(await one.json()).toEqual({
      meeting,
      me: { tokenId: invitations[2].tokenId, role: 'medlem', name: null, org: null },
    })

    const client = connectClient(server.wsUrl, meeting.id, { token: invitations[2].token })
    try {
      await client.synced
      const doc = minutesOf(client.doc)
      doc.check()
      expect(findNode(doc, 'organ').node.textContent).toBe('Rådet')
      expect(findAll(doc, 'agendaItem').map((n) => n.attrs.number)).toEqual(['17/24', '18/24'])
    } finally {
      client.destroy()
    }
  })

  it('answers 404 for an unknown meeting and an unknown API route', async () => {
    const missing = await get(`${api}/AAAAAAAAAAAAAAAA`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error: expect.any(String), code: 'meeting-not-found' })
    expect((await get(`${server.url}/api/nothing`)).status).toBe(404)
    expect((await get(`${api}/a/b`)).status).toBe(404)
  })

  it('answers 400 with the field for invalid meetings and for bad JSON', async () => {
    const invalid = await post(api, JSON.stringify({ organ: 'Rådet', date: '10.01.2024' }))
    expect(invalid.status).toBe(400)
    expect(await invalid.json()).toEqual({ error: expect.stringMatching(/ÅÅÅÅ-MM-DD/), code: 'date-invalid', params: { field: 'date' }, field: 'date' })
    const noOrgan = await post(api, JSON.stringify({ date: '2024-01-10' }))
    expect(((await noOrgan.json()) as { field: string }).field).toBe('organ')
    const badJson = await post(api, '{"organ": ')
    expect(badJson.status).toBe(400)
    expect(await badJson.json()).toEqual({ error: expect.any(String), code: 'body-invalid-json' })
    const array = await post(api, '[]')
    expect(array.status).toBe(400)
  })

  it('answers 413 for a body over 64 KiB and 415 for another content type', async () => {
    const big = await post(api, JSON.stringify({ organ: 'x'.repeat(70 * 1024), date: '2024-01-10' }))
    expect(big.status).toBe(413)
    expect(await big.json()).toEqual({ error: expect.any(String), code: 'body-too-large', params: { maxKib: 64 } })
    const text = await post(api, 'organ=Rådet', 'text/plain')
    expect(text.status).toBe(415)
    expect(await text.json()).toEqual({ error: expect.any(String), code: 'body-content-type' })
    expect(((await (await get(api)).json()) as { meetings: unknown[] }).meetings).toEqual([])
  })

  it('answers 405 for a wrong method', async () => {
    const del = await fetch(api, { method: 'DELETE' })
    expect(del.status).toBe(405)
    expect(del.headers.get('allow')).toBe('GET, POST')
    const meeting = await createMeeting(server.url)
    expect(summaryOf(meeting).id).toBe(meeting.id)
    const put = await fetch(`${api}/${meeting.id}`, { method: 'PUT', body: '{}' })
    expect(put.status).toBe(405)
    expect(await put.json()).toEqual({ error: expect.any(String), code: 'method-not-allowed' })
  })
})

describe('static client', () => {
  let server: TestServer

  afterEach(async () => {
    await server.stop()
  })

  it('answers with a Norwegian 503 page while the client is not built', async () => {
    server = await startTestServer()
    for (const route of ['/', '/m/abc123']) {
      const res = await fetch(`${server.url}${route}`)
      expect(res.status).toBe(503)
      expect(await res.text()).toMatch(/ikke bygget/)
    }
  })

  it('serves files with content types, falls back to index.html for app routes, refuses traversal', async () => {
    const data = tempDataDir()
    try {
      const dir = path.join(data.dir, 'client')
      fs.mkdirSync(path.join(dir, 'assets'), { recursive: true })
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Referat</title>')
      fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)')
      fs.writeFileSync(path.join(data.dir, 'secret.txt'), 'secret')
      server = await startTestServer({ STATIC_DIR: dir }, data.dir)

      const index = await fetch(`${server.url}/`)
      expect(index.status).toBe(200)
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
      // Every page of the client loads when its address is opened directly (a bookmark, a shared link, a reload).
      for (const route of ['/m/abc123', '/verify', '/sok', `/o/${encodeURIComponent('Nasjonalt e-helseråd')}/oppfolging`]) {
        const app = await fetch(`${server.url}${route}`)
        expect(app.status, route).toBe(200)
        expect(await app.text(), route).toContain('<title>Referat</title>')
      }
      expect((await fetch(`${server.url}/o/Styret/noe-annet`)).status).toBe(404)
      const js = await fetch(`${server.url}/assets/app.js`)
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(await js.text()).toBe('console.log(1)')
      expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404)
      for (const raw of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt']) {
        const res = await rawGet(server.port, raw)
        expect(res.body, raw).not.toContain('secret')
        expect(res.status, raw).toBe(404)
      }
    } finally {
      await server.stop()
      data.remove()
    }
  })
})

/** A GET that sends `rawPath` as-is (fetch would normalise the dots away). */
function rawGet(port: number, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.setTimeout(5000, () => req.destroy(new Error('timeout')))
    req.end()
  })
}
