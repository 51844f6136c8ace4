import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ApproveMeetingResponse, DiffResponse, ListVersionsResponse, VersionResponse } from '../../shared/api'
import { MEETING_STATE_KEY, REGISTER_MAPS, registerDocName, type Flag, type MeetingState, type VersionInfo } from '../../shared/register'
import {
  api,
  appendText,
  connectClient,
  createMeeting,
  findNode,
  minutesJSON,
  minutesOf,
  startTestServer,
  waitFor,
  type CreatedMeeting,
  type TestClient,
  type TestServer,
} from '../helpers'

const FLAG = { agendaItemId: null, anchor: { start: 'AQID', end: 'BAUG' }, quote: 'budsjettet', comment: 'Det var 3 mill., ikke 4.' }

describe('versions and approval over the HTTP API', () => {
  let server: TestServer
  let meeting: CreatedMeeting
  const clients: TestClient[] = []
  const connect = (docName: string, token: string) => {
    const client = connectClient(server.wsUrl, docName, { token })
    clients.push(client)
    return client
  }
  const path = (p: string) => `/api/meetings/${meeting.id}${p}`
  const post = (p: string, token: string, body: unknown) => api(server.url, 'POST', path(p), { token, body })
  const get = (p: string, token: string) => api(server.url, 'GET', path(p), { token })
  const saveVersion = async (name: string) => {
    const res = await post('/versions', meeting.tokens.sekretær, { name })
    expect(res.status, res.text).toBe(201)
    return (res.body as { version: VersionInfo }).version
  }

  beforeEach(async () => {
    server = await startTestServer({ ROOM_IDLE_MS: '50' })
    meeting = await createMeeting(server.url)
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server.stop()
  })

  it('saves a version for sekretær and møteleder only, lists it to every role and in the register', async () => {
    const register = connect(registerDocName(meeting.id), meeting.tokens.observatør)
    await register.synced
    const version = await saveVersion('  Utkast til medlemmer ')
    const secretary = meeting.invitations.find((i) => i.role === 'sekretær')!
    expect(version).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      name: 'Utkast til medlemmer',
      createdAt: expect.any(String),
      createdBy: { tokenId: secretary.tokenId, role: 'sekretær', name: null },
    })
    expect((await post('/versions', meeting.tokens.møteleder, { name: 'Endelig' })).status).toBe(201)
    for (const role of ['medlem', 'observatør'] as const) {
      expect((await post('/versions', meeting.tokens[role], { name: 'Min' })).status, role).toBe(403)
    }
    expect((await post('/versions', server.adminToken, { name: 'Admin' })).status).toBe(403)

    const list = await get('/versions', meeting.tokens.observatør)
    expect(list.status).toBe(200)
    expect((list.body as ListVersionsResponse).versions.map((v) => v.name)).toEqual(['Utkast til medlemmer', 'Endelig'])
    expect((list.body as ListVersionsResponse).versions[0]).toEqual(version)
    await waitFor(() => register.doc.getMap(REGISTER_MAPS.versions).size === 2, 5000, 'the versions in the register')
    expect(register.doc.getMap(REGISTER_MAPS.versions).get(version.id)).toEqual(version)
  })

  it('validates names and refuses unknown versions and meetings', async () => {
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 7 }, { name: 'x'.repeat(121) }, { name: 'a\u0000b' }, []]) {
      const res = await post('/versions', meeting.tokens.sekretær, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect((await post('/versions', meeting.tokens.sekretær, { name: 'x'.repeat(120) })).status).toBe(201)
    expect((await get('/versions/nope', meeting.tokens.medlem)).status).toBe(404)
    expect((await get('/versions/..%2F..', meeting.tokens.medlem)).status).toBe(404)
    expect((await get('/diff?from=nope&to=current', meeting.tokens.medlem)).body).toMatchObject({ field: 'from' })
    expect((await get('/diff?from=current&to=nope', meeting.tokens.medlem)).status).toBe(404)
    expect((await get('/diff?to=current', meeting.tokens.medlem)).status).toBe(400)
    expect((await get('/versions', 'not-a-token')).status).toBe(401)
    expect((await api(server.url, 'GET', '/api/meetings/AAAAAAAAAAAAAAAA/versions', { token: server.adminToken })).status).toBe(404)
  })

  it('returns a version exactly as the minutes were, and diffs it against the current minutes after an edit', async () => {
    const secretary = connect(meeting.id, meeting.tokens.sekretær)
    await secretary.synced
    const before = minutesJSON(secretary.doc)
    const version = await saveVersion('Utkast til medlemmer')

    const fetched = await get(`/versions/${version.id}`, meeting.tokens.observatør)
    expect(fetched.status).toBe(200)
    expect((fetched.body as VersionResponse).version).toEqual(version)
    expect((fetched.body as VersionResponse).minutes).toEqual(before)
    const same = await get(`/diff?from=${version.id}&to=current`, meeting.tokens.medlem)
    expect((same.body as DiffResponse).diff).toEqual({ header: [], attendance: [], saker: [], unchanged: true })

    const { node: sak } = findNode(minutesOf(secretary.doc), 'agendaItem')
    appendText(secretary.doc, 'agendaTitle', ' (revidert)')
    const diff = (await waitFor(async () => {
      const res = await get(`/diff?from=${version.id}&to=current`, meeting.tokens.medlem)
      const body = res.body as DiffResponse
      return body.diff.unchanged ? null : body.diff
    }, 5000, 'the edit to reach the server'))!
    expect(diff.header).toEqual([])
    expect(diff.attendance).toEqual([])
    expect(diff.saker).toHaveLength(1)
    expect(diff.saker[0]).toMatchObject({ agendaItemId: sak.attrs.id, status: 'changed' })
    expect(diff.saker[0].sections).toHaveLength(1)
    const [section] = diff.saker[0].sections
    expect(section).toMatchObject({ key: 'agendaTitle', label: 'Tittel', status: 'changed' })
    expect(section.parts.filter((p) => p.kind !== 'same')).toEqual([{ kind: 'added', text: ' (revidert)' }])

    // The stored version did not move with the live minutes.
    expect(((await get(`/versions/${version.id}`, meeting.tokens.medlem)).body as VersionResponse).minutes).toEqual(before)
    const reverse = (await get(`/diff?from=current&to=${version.id}`, meeting.tokens.medlem)).body as DiffResponse
    expect(reverse.diff.saker[0].sections[0].parts.filter((p) => p.kind !== 'same')).toEqual([{ kind: 'removed', text: ' (revidert)' }])
  })

  it('approves only after closing, for sekretær and møteleder, and saves the version "Godkjent …"', async () => {
    const register = connect(registerDocName(meeting.id), meeting.tokens.observatør)
    await register.synced
    expect((await post('/approve', meeting.tokens.sekretær, {})).status).toBe(409)
    const deadline = new Date(Date.now() + 3_600_000).toISOString()
    expect((await post('/close', meeting.tokens.møteleder, { commentDeadline: deadline })).status).toBe(200)
    const filed = await post('/flags', meeting.tokens.medlem, FLAG)
    expect(filed.status).toBe(201)
    const flag = (filed.body as { flag: Flag }).flag

    for (const role of ['medlem', 'observatør'] as const) {
      expect((await post('/approve', meeting.tokens[role], {})).status, role).toBe(403)
    }
    expect((await post('/approve', meeting.tokens.sekretær, { approvedInMeeting: 'x'.repeat(201) })).status).toBe(400)
    const res = await post('/approve', meeting.tokens.sekretær, { approvedInMeeting: 'møte 4/2024' })
    expect(res.status, res.text).toBe(201)
    const { state, version } = res.body as ApproveMeetingResponse
    expect(state).toMatchObject({ closedAt: expect.any(String), commentDeadline: deadline, approvedAt: expect.any(String), approvedInMeeting: 'møte 4/2024' })
    expect(state.approvedBy).toMatchObject({ role: 'sekretær' })
    expect(version.name).toMatch(/^Godkjent \d{1,2}\. [a-zæøå]+ \d{4}$/)
    const listed = ((await get('/versions', meeting.tokens.observatør)).body as ListVersionsResponse).versions
    expect(listed.map((v) => v.name)).toEqual([version.name])
    await waitFor(() => (register.doc.getMap(REGISTER_MAPS.meeting).get(MEETING_STATE_KEY) as MeetingState).approvedAt, 5000, 'the approval in the register')

    expect((await post('/approve', meeting.tokens.møteleder, {})).status).toBe(409)
    // After approval, flags are closed: neither filed nor decided, even before the deadline.
    expect((await post(`/flags/${flag.id}/decision`, meeting.tokens.sekretær, { status: 'resolved' })).status).toBe(403)
    expect((await post('/flags', meeting.tokens.medlem, FLAG)).status).toBe(403)
  })
})
