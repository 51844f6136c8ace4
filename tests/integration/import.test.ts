import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportMeetingResponse, ImportNoItemsErrorBody } from '../../shared/api'
import { ROLES } from '../../shared/auth'
import { isUnchangedProposal } from '../../shared/minutes'
import { TEST_ADMIN_TOKEN, api, connectClient, findAll, minutesOf, startTestServer, type TestServer } from '../helpers'

/** Seed 002's innkalling: the lines before its first referat (a copy of /work/shared/seeds/002_000ffacd31916dea.txt). */
const innkalling = readFileSync(new URL('../fixtures/seed002.source.txt', import.meta.url), 'utf8').split('\n').slice(0, 114).join('\n')

const PROPOSALS = [
  ['12/20', 'Godkjenning av innkalling og dagsorden', 'NUIT godkjenner innkalling og dagsorden.'],
  ['13/20', 'Godkjenning av referat fra møte 14. februar og 1. april 2020', 'NUIT godkjenner referat fra møte 14. februar og 1. april 2020'],
  ['14/20', 'Orientering fra Direktoratet for e-helse', 'NUIT tar sakene til orientering.'],
  [
    '15/20',
    'Nasjonal e-helseportefølje',
    'NUIT tar saken til orientering og ber Direktoratet for e-helse ta med seg innspill gitt i møtet i det videre arbeidet',
  ],
  ['16/20', 'Teknisk beregningsutvalg', 'NUIT tar saken til orientering.'],
]

describe('POST /api/meetings/import', () => {
  let server: TestServer
  const cleanups: (() => void)[] = []

  beforeEach(async () => {
    server = await startTestServer()
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup()
    await server.stop()
  })

  const importMeeting = (body: unknown, token: string | null = TEST_ADMIN_TOKEN) =>
    api(server.url, 'POST', '/api/meetings/import', { token, body })

  it("creates a meeting from seed 002's innkalling whose minutes a stock client sees with the saker and proposals", async () => {
    const res = await importMeeting({ meeting: { place: 'Webinar' }, text: innkalling })
    expect(res.status).toBe(201)
    const body = res.body as ImportMeetingResponse
    expect(body.meeting).toMatchObject({
      organ: 'NUIT',
      title: 'Referat fra møte i NUIT',
      number: '3/2020',
      date: '2020-05-13',
      time: '10:00 – 12:00',
      place: 'Webinar',
      firstAgendaNumber: 12,
    })
    expect(body.invitations.map((i) => i.role)).toEqual([...ROLES])
    expect(body.unread.length).toBeGreaterThan(0)
    expect(body.unread.find((u) => u.line === 58)?.text).toBe('Vedlegg 1A:')

    const token = body.invitations.find((i) => i.role === 'sekretær')!.token
    const client = connectClient(server.wsUrl, body.meeting.id, { token })
    cleanups.push(() => client.destroy())
    await client.synced
    const doc = minutesOf(client.doc)
    const items = findAll(doc, 'agendaItem')
    expect(items.map((it) => [it.attrs.number, it.child(0).textContent, it.lastChild!.textContent])).toEqual(PROPOSALS)
    expect(items.map((it) => it.attrs.caseType)).toEqual(['Godkjenning', 'Godkjenning', 'Orientering', 'Orientering', 'Orientering'])
    expect(items.every((it) => it.lastChild!.type.name === 'decision' && isUnchangedProposal(it.lastChild!))).toBe(true)
    const [eventuelt] = findAll(doc, 'otherBusiness')
    expect(eventuelt.attrs.number).toBe('17/20')
  })

  it('creates a meeting from a JSON agenda', async () => {
    const res = await importMeeting({
      meeting: { organ: 'Styret', date: '2024-03-01' },
      agenda: { items: [{ number: '4/24', title: 'Budsjett', caseType: 'Beslutning', proposal: 'Styret vedtar budsjettet.' }] },
    })
    expect(res.status).toBe(201)
    const body = res.body as ImportMeetingResponse
    expect(body.unread).toEqual([])
    expect(body.meeting.firstAgendaNumber).toBe(4)
    const list = await api(server.url, 'GET', '/api/meetings', { token: TEST_ADMIN_TOKEN })
    expect((list.body as { meetings: { id: string }[] }).meetings.map((m) => m.id)).toContain(body.meeting.id)
  })

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [[], 'body'],
      [{ meeting: { organ: 'X', date: '2024-01-01' } }, 'text'],
      [{ text: '   ' }, 'text'],
      [{ text: innkalling, agenda: { items: [] } }, 'agenda'],
      [{ agenda: { items: [{ number: '1/24', title: 'X', caseType: 'Prat\nmer' }] } }, 'agenda.items[0].caseType'],
      [{ agenda: 'nei' }, 'agenda'],
      [{ text: innkalling, meeting: { date: 'i morgen' } }, 'meeting.date'],
      [{ text: innkalling, meeting: 'NUIT' }, 'meeting'],
      [{ agenda: { items: [{ number: '1/24', title: 'X' }] } }, 'meeting.organ'],
      [{ text: innkalling, sted: 'Oslo' }, 'sted'],
    ]
    for (const [body, field] of cases) {
      const res = await importMeeting(body)
      expect([res.status, (res.body as { field?: string }).field]).toEqual([400, field])
      expect((res.body as { error: string }).error).toMatch(/\S/)
    }
  })

  it('refuses text without saker with 400, a Norwegian message and the unread lines', async () => {
    const res = await importMeeting({ meeting: { organ: 'Styret', date: '2024-03-01' }, text: 'Hei alle\n\nVel møtt' })
    expect(res.status).toBe(400)
    const body = res.body as ImportNoItemsErrorBody
    expect(body.field).toBe('text')
    expect(body.error).toMatch(/Fant ingen saker/)
    expect(body.unread.map((u) => [u.line, u.text])).toEqual([
      [1, 'Hei alle'],
      [3, 'Vel møtt'],
    ])
  })

  it('refuses a body that is not JSON (400), not JSON content (415), and callers without the admin credential', async () => {
    const notJson = await fetch(`${server.url}/api/meetings/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      body: '{ "text": ',
    })
    expect(notJson.status).toBe(400)
    const xml = await api(server.url, 'POST', '/api/meetings/import', {
      token: TEST_ADMIN_TOKEN,
      headers: { 'content-type': 'application/xml' },
    })
    expect(xml.status).toBe(415)
    expect((await importMeeting({ text: innkalling }, null)).status).toBe(401)
    expect((await importMeeting({ text: innkalling }, 'not-the-admin-credential-at-all')).status).toBe(401)
    const created = (await importMeeting({ text: innkalling })).body as ImportMeetingResponse
    const secretary = created.invitations.find((i) => i.role === 'sekretær')!.token
    expect((await importMeeting({ text: innkalling }, secretary)).status).toBe(403)
    expect((await api(server.url, 'GET', '/api/meetings/import', { token: TEST_ADMIN_TOKEN })).status).toBe(405)
  })
})
