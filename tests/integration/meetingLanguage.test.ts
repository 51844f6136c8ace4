// The meeting's language (issue 16) through the real server: chosen when the meeting is created
// or imported, changed by the secretariat until the referat is approved, kept in the register
// (which every client sees, read-only), answered by the meeting routes and followed by every export.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ApproveMeetingResponse, ImportMeetingResponse, ListMeetingsResponse, MeetingLanguageResponse, MeetingResponse } from '../../shared/api'
import { MEETING_LANGUAGE_KEY, REGISTER_MAPS, registerDocName } from '../../shared/register'
import { historyPath, type HistoryResponse } from '../../shared/record'
import {
  TEST_ADMIN_TOKEN,
  api,
  connectClient,
  createMeeting,
  startTestServer,
  waitFor,
  type CreatedMeeting,
  type TestClient,
  type TestServer,
} from '../helpers'

const languageIn = (register: TestClient) => register.doc.getMap(REGISTER_MAPS.meeting).get(MEETING_LANGUAGE_KEY)

describe('the meeting language', () => {
  let server: TestServer
  let meeting: CreatedMeeting
  const clients: TestClient[] = []
  const connect = (docName: string, token: string) => {
    const client = connectClient(server.wsUrl, docName, { token })
    clients.push(client)
    return client
  }
  const post = (path: string, token: string, body: unknown) => api(server.url, 'POST', `/api/meetings/${meeting.id}${path}`, { token, body })
  const get = (path: string, token: string) => api(server.url, 'GET', `/api/meetings/${meeting.id}${path}`, { token })

  beforeEach(async () => {
    server = await startTestServer({ ROOM_IDLE_MS: '50' })
    meeting = await createMeeting(server.url, { language: 'nn' })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server.stop()
  })

  it('starts in the language the meeting was created with, bokmål when none was given; the meeting routes say it', async () => {
    expect(meeting.language).toBe('nn')
    const register = connect(registerDocName(meeting.id), meeting.tokens.medlem)
    await register.synced
    expect(languageIn(register)).toBe('nn')
    expect(((await get('', meeting.tokens.observatør)).body as MeetingResponse).meeting.language).toBe('nn')

    const plain = await createMeeting(server.url)
    expect(plain.language).toBe('nb')
    const listed = (await api(server.url, 'GET', '/api/meetings', { token: TEST_ADMIN_TOKEN })).body as ListMeetingsResponse
    expect(Object.fromEntries(listed.meetings.map((m) => [m.id, m.language]))).toEqual({ [meeting.id]: 'nn', [plain.id]: 'nb' })

    const refused = await api(server.url, 'POST', '/api/meetings', { token: TEST_ADMIN_TOKEN, body: { organ: 'Styret', date: '2024-03-01', language: 'sv' } })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ field: 'language' })
  })

  it('is changed by sekretær and møteleder only, to nb, nn or en; a connected client sees the change', async () => {
    const register = connect(registerDocName(meeting.id), meeting.tokens.observatør)
    await register.synced
    for (const role of ['medlem', 'observatør'] as const) expect((await post('/language', meeting.tokens[role], { language: 'en' })).status, role).toBe(403)
    expect((await post('/language', TEST_ADMIN_TOKEN, { language: 'en' })).status).toBe(403)
    for (const bad of [{ language: 'de' }, { language: 'NB' }, { language: null }, {}, { language: 'en', extra: 1 }, ['en']]) {
      const res = await post('/language', meeting.tokens.sekretær, bad)
      expect(res.status, JSON.stringify(bad)).toBe(400)
    }
    expect(languageIn(register)).toBe('nn')

    const res = await post('/language', meeting.tokens.sekretær, { language: 'en' })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toEqual({ language: 'en' } satisfies MeetingLanguageResponse)
    await waitFor(() => languageIn(register) === 'en', 5000, 'the new language in the register')
    expect((await post('/language', meeting.tokens.møteleder, { language: 'nb' })).status).toBe(200)
    await waitFor(() => languageIn(register) === 'nb', 5000, 'the chair’s language in the register')
    // The same language again changes nothing and records nothing.
    expect((await post('/language', meeting.tokens.møteleder, { language: 'nb' })).status).toBe(200)

    const { events } = (await api(server.url, 'GET', historyPath(meeting.id), { token: TEST_ADMIN_TOKEN })).body as HistoryResponse
    const changes = events.filter((e) => e.kind === 'language-changed')
    expect(changes.map((e) => [e.actor.role, e.details.previous, e.details.language])).toEqual([
      ['sekretær', 'nn', 'en'],
      ['møteleder', 'en', 'nb'],
    ])
  })

  it('is the language of every export, and may change after closing but not after approval (409)', async () => {
    const html = async () => (await get('/export.html', meeting.tokens.medlem)).text
    expect(await html()).toContain('<html lang="nn">')
    expect(await html()).toContain('<th scope="row">Stad</th>')
    expect(await html()).toContain('Ikkje stadfesta')

    expect((await post('/close', meeting.tokens.møteleder, {})).status).toBe(200)
    expect((await post('/language', meeting.tokens.sekretær, { language: 'en' })).status).toBe(200)
    const english = await html()
    expect(english).toContain('<html lang="en">')
    expect(english).toContain('<th scope="row">Place</th>')
    expect(english).toContain('Not confirmed')
    expect(english).not.toContain('Ikkje stadfesta')
    const markdown = (await get('/export.md', meeting.tokens.medlem)).text
    expect(markdown).toContain('**Status:** Draft')

    const approved = await post('/approve', meeting.tokens.sekretær, { approvedInMeeting: '4/2024' })
    expect(approved.status, approved.text).toBe(201)
    expect((approved.body as ApproveMeetingResponse).version.name).toMatch(/^Approved \d{1,2} [A-Z][a-z]+ \d{4}$/)
    const refused = await post('/language', meeting.tokens.sekretær, { language: 'nb' })
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ field: 'language' })
    // The sealed version is in the language it was approved in.
    const sealed = await get('/export.json', meeting.tokens.medlem)
    expect(sealed.headers.get('x-referat-seal-sha256')).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.parse(sealed.text)).toMatchObject({ language: 'en', status: 'Godkjent', approval: { display: expect.stringMatching(/^Approved in meeting 4\/2024, /) } })
    expect((await get('/export.md', meeting.tokens.medlem)).text).toContain('**Status:** Approved')
  })

  it('is taken from an import’s meeting fields', async () => {
    const text = 'Innkalling til møte i Styret\nDato: 01.03.2024\n\nSaksliste\n12/24 Budsjett Vedtakssak\n'
    const res = await api(server.url, 'POST', '/api/meetings/import', { token: TEST_ADMIN_TOKEN, body: { meeting: { organ: 'Styret', language: 'en' }, text } })
    expect(res.status, res.text).toBe(201)
    const imported = (res.body as ImportMeetingResponse).meeting
    expect(imported.language).toBe('en')
    const sekretær = (res.body as ImportMeetingResponse).invitations.find((i) => i.role === 'sekretær')!.token
    const register = connect(registerDocName(imported.id), sekretær)
    await register.synced
    expect(languageIn(register)).toBe('en')
    const bad = await api(server.url, 'POST', '/api/meetings/import', { token: TEST_ADMIN_TOKEN, body: { meeting: { language: 'se' }, text } })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ field: 'meeting.language' })
  })
})
