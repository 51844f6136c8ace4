import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RosterResponse } from '../../shared/api/roster'
import { TEST_ADMIN_TOKEN, api, createMeeting, startTestServer, type CreatedMeeting, type TestServer } from '../helpers'

const ORGAN = 'Nasjonalt e-helseråd – Øst/Vest, Ærlig'
const rosterPath = (organ: string) => `/api/rosters/${encodeURIComponent(organ)}`

const MEMBERS = [
  { name: 'Erik Hansen', org: 'Helse Vest RHF', defaultGroup: 'presentList' },
  { name: 'Lill Sverresdatter Larsen', org: 'Norsk Sykepleierforbund', defaultGroup: 'presentList' },
  { name: 'Lucie Aunan', org: 'Direktoratet for e-helse', defaultGroup: 'secretariatList' },
  { name: 'Åse Ødegård', org: 'Bærum kommune', defaultGroup: 'observerList' },
]

describe('rosters over the HTTP API', () => {
  let server: TestServer
  let meeting: CreatedMeeting
  const put = (organ: string, body: unknown, token: string | null = TEST_ADMIN_TOKEN) => api(server.url, 'PUT', rosterPath(organ), { token, body })
  const get = (organ: string, token: string | null = TEST_ADMIN_TOKEN) => api(server.url, 'GET', rosterPath(organ), { token })

  beforeAll(async () => {
    server = await startTestServer()
    meeting = await createMeeting(server.url, { organ: ORGAN })
  })
  afterAll(async () => {
    await server.stop()
  })

  it('stores, returns and replaces an organ roster (organ with æøå, URL-encoded)', async () => {
    expect((await get(ORGAN)).body).toEqual({ organ: ORGAN, members: [] })
    const saved = await put(ORGAN, { members: MEMBERS })
    expect(saved.status, saved.text).toBe(200)
    const body = (await get(ORGAN)).body as RosterResponse
    expect(body.organ).toBe(ORGAN)
    expect(body.members.map(({ id: _id, ...m }) => m)).toEqual(MEMBERS)
    expect(new Set(body.members.map((m) => m.id)).size).toBe(MEMBERS.length)

    const replaced = await put(ORGAN, { members: [{ name: '  Kai Øivind Brenden ', org: 'NSF' }] })
    expect(replaced.status, replaced.text).toBe(200)
    const after = (await get(ORGAN)).body as RosterResponse
    expect(after.members.map(({ id: _id, ...m }) => m)).toEqual([{ name: 'Kai Øivind Brenden', org: 'NSF', defaultGroup: 'presentList' }])
    // Another organ is untouched.
    expect(((await get('Styret')).body as RosterResponse).members).toEqual([])
    await put(ORGAN, { members: MEMBERS })
  })

  it('gives sekretær, møteleder and the admin the roster of the meeting’s organ, and no one else', async () => {
    for (const token of [meeting.tokens.sekretær, meeting.tokens.møteleder, TEST_ADMIN_TOKEN]) {
      const res = await api(server.url, 'GET', `/api/meetings/${meeting.id}/roster`, { token })
      expect(res.status, res.text).toBe(200)
      const body = res.body as RosterResponse
      expect(body.organ).toBe(ORGAN)
      expect(body.members.map((m) => m.name)).toEqual(MEMBERS.map((m) => m.name))
    }
    for (const token of [meeting.tokens.medlem, meeting.tokens.observatør]) {
      expect((await api(server.url, 'GET', `/api/meetings/${meeting.id}/roster`, { token })).status).toBe(403)
    }
    expect((await api(server.url, 'GET', `/api/meetings/${meeting.id}/roster`, { token: null })).status).toBe(401)
    const other = await createMeeting(server.url, { organ: 'Styret' })
    expect((await api(server.url, 'GET', `/api/meetings/${other.id}/roster`, { token: meeting.tokens.sekretær })).status).toBe(403)
  })

  it('refuses bad rosters with 400 naming the field, and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [[], 'body'],
      [{}, 'members'],
      [{ members: 'Erik' }, 'members'],
      [{ members: Array.from({ length: 201 }, (_, i) => ({ name: `P ${i}`, org: '' })) }, 'members'],
      [{ members: [MEMBERS[0], { org: 'X' }] }, 'members[1].name'],
      [{ members: [{ name: '   ', org: 'X' }] }, 'members[0].name'],
      [{ members: [{ name: 'x'.repeat(121), org: 'X' }] }, 'members[0].name'],
      [{ members: [{ name: 'Erik\nHansen', org: 'X' }] }, 'members[0].name'],
      [{ members: [{ name: 'Erik', org: 'Helse\u0000Vest' }] }, 'members[0].org'],
      [{ members: [{ name: 'Erik', org: 'X', defaultGroup: 'vip' }] }, 'members[0].defaultGroup'],
      [{ members: [{ name: 'Erik', org: 42 }] }, 'members[0].org'],
    ]
    for (const [body, field] of cases) {
      const res = await put(ORGAN, body)
      expect(res.status, `${JSON.stringify(body).slice(0, 80)} → ${res.text}`).toBe(400)
      expect((res.body as { field?: string }).field).toBe(field)
    }
    const tooLongOrgan = await get('x'.repeat(201))
    expect(tooLongOrgan.status).toBe(400)
    expect((tooLongOrgan.body as { field?: string }).field).toBe('organ')
    expect(((await get(ORGAN)).body as RosterResponse).members).toHaveLength(MEMBERS.length)
  })

  it('is for the admin only: 401 without a credential, 403 with a meeting token', async () => {
    expect((await get(ORGAN, null)).status).toBe(401)
    expect((await put(ORGAN, { members: [] }, null)).status).toBe(401)
    expect((await get(ORGAN, meeting.tokens.medlem)).status).toBe(403)
    expect((await put(ORGAN, { members: [] }, meeting.tokens.medlem)).status).toBe(403)
    expect((await put(ORGAN, { members: [] }, meeting.tokens.sekretær)).status).toBe(403)
    expect(((await get(ORGAN)).body as RosterResponse).members).toHaveLength(MEMBERS.length)
  })
})
