import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionListResponse, ActionStatusResponse, NextMeetingResponse } from '../../shared/api'
import { minutesSchema } from '../../shared/schema'
import { PostgresStorage, SqliteStorage } from '../../server/persistence'
import {
  TEST_ADMIN_TOKEN,
  addActionItems,
  api,
  connectClient,
  createMeeting,
  editMinutes,
  findNode,
  startTestServer,
  waitFor,
  CLUSTER_DATABASE_URL,
  dropSchema,
  requirePostgres,
  type CreatedMeeting,
  type TestClient,
  type TestServer,
} from '../helpers'
import { randomSuffix } from '../helpers/cluster'

const ORGAN = 'Nasjonalt e-helseråd'
const organPath = (organ: string, rest: string) => `/api/organs/${encodeURIComponent(organ)}${rest}`

/** The server's storage: the embedded SQLite, and PostgreSQL in a fresh schema (dropped afterwards). */
const backends = [
  { name: 'SQLite', env: async (): Promise<Record<string, string>> => ({}), cleanup: async () => undefined },
  {
    name: 'PostgreSQL',
    schema: `referat_actions_http_${randomSuffix()}`,
    async env(): Promise<Record<string, string>> {
      await (await requirePostgres()).end()
      return { DATABASE_URL: CLUSTER_DATABASE_URL, DATABASE_SCHEMA: this.schema, TOKEN_SECRET: 'actions-test-token-secret-0123456789abcdef' }
    },
    async cleanup() {
      await dropSchema(this.schema)
    },
  },
]

describe.each(backends)('the organ’s follow-up list over the HTTP API ($name)', (backend) => {
  let server: TestServer
  let first: CreatedMeeting
  let later: CreatedMeeting
  let other: CreatedMeeting
  const clients: TestClient[] = []

  const list = (query: string, token: string | null) => api(server.url, 'GET', organPath(ORGAN, `/actions${query}`), { token })
  const setStatus = (id: string, body: unknown, token: string | null, meeting: string | null = later.id) =>
    api(server.url, 'POST', organPath(ORGAN, `/actions/${id}/status${meeting ? `?meeting=${meeting}` : ''}`), { token, body })

  beforeAll(async () => {
    server = await startTestServer(await backend.env())
    first = await createMeeting(server.url, { organ: ORGAN, number: '3/2026', date: '2026-02-04', firstAgendaNumber: 10 })
    later = await createMeeting(server.url, { organ: ORGAN, number: '4/2026', date: '2026-04-15' })
    other = await createMeeting(server.url, { organ: 'Styret', number: '1/2026', date: '2026-05-01' })
    const secretary = connectClient(server.wsUrl, first.id, { token: first.tokens.sekretær })
    clients.push(secretary)
    await secretary.synced
    addActionItems(secretary.doc, 1, [
      { id: 'item-send-notat', text: 'Sende notatet om API-strategi', owner: 'Kari Nordmann', dueDate: '2026-03-01' },
      { id: 'item-workshop', text: 'Planlegge workshop', owner: 'Ola Hansen', dueDate: '2099-01-01' },
    ])
    const otherSecretary = connectClient(server.wsUrl, other.id, { token: other.tokens.sekretær })
    clients.push(otherSecretary)
    await otherSecretary.synced
    addActionItems(otherSecretary.doc, 0, [{ id: 'item-hemmelig', text: 'Styrets eget punkt' }])
    // Read in after the debounce, off the write path: wait for both to show.
    await waitFor(async () => ((await list('?status=all', TEST_ADMIN_TOKEN)).body as ActionListResponse).items.length === 2, 15_000, 'the first meeting’s aksjonspunkter')
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await server?.stop()
    await backend.cleanup()
  })

  it('lists the organ’s aksjonspunkter with their meeting, sak and whether they are overdue', async () => {
    expect(server.storage).toBeInstanceOf(backend.name === 'PostgreSQL' ? PostgresStorage : SqliteStorage)
    const res = await list(`?meeting=${later.id}`, later.tokens.sekretær)
    expect(res.status, res.text).toBe(200)
    const body = res.body as ActionListResponse
    expect(body.organ).toBe(ORGAN)
    expect(body.owners).toEqual(['Kari Nordmann', 'Ola Hansen'])
    expect(body.items.map((i) => [i.id, i.meetingNumber, i.sakNumber, i.status, i.overdue, i.canChange])).toEqual([
      [`${first.id}.item-send-notat`, '3/2026', '11/26', 'open', body.today > '2026-03-01', true],
      [`${first.id}.item-workshop`, '3/2026', '11/26', 'open', false, true],
    ])
    const byOwner = (await list(`?meeting=${later.id}&owner=${encodeURIComponent('kari')}`, later.tokens.medlem)).body as ActionListResponse
    expect(byOwner.items.map((i) => i.owner)).toEqual(['Kari Nordmann'])
    expect(byOwner.items[0].canChange).toBe(false)
  })

  it('lets the sekretær of a later meeting mark one done, with who, when and a note, and keeps it in the history', async () => {
    const id = `${first.id}.item-send-notat`
    const res = await setStatus(id, { status: 'done', note: 'Sendt 2. mars' }, later.tokens.sekretær)
    expect(res.status, res.text).toBe(200)
    expect((res.body as ActionStatusResponse).item).toMatchObject({ status: 'done', statusByRole: 'sekretær', statusNote: 'Sendt 2. mars', statusInMeetingNumber: '4/2026', overdue: false })
    const open = ((await list(`?meeting=${later.id}`, later.tokens.møteleder)).body as ActionListResponse).items
    expect(open.map((i) => i.id)).toEqual([`${first.id}.item-workshop`])
    const done = ((await list(`?meeting=${later.id}&status=done`, later.tokens.møteleder)).body as ActionListResponse).items
    expect(done.map((i) => i.id)).toEqual([id])
    expect((await server.storage.actions.listActionEvents(first.id, 'item-send-notat')).map((e) => [e.status, e.byRole, e.inMeetingId])).toEqual([['done', 'sekretær', later.id]])
    const history = await api(server.url, 'GET', `/api/meetings/${later.id}/history`, { token: later.tokens.sekretær })
    expect(JSON.stringify(history.body)).toContain('action-status-changed')
  })

  it('prints the status in the meeting’s exports (JSON, Markdown, HTML), for the items whose status was set', async () => {
    const json = await api(server.url, 'GET', `/api/meetings/${first.id}/export.json`, { token: first.tokens.sekretær })
    expect(json.status, json.text).toBe(200)
    const aksjonspunkter = (json.body as { saker: { aksjonspunkter: { owner: string; followUp?: unknown }[] }[] }).saker.flatMap((s) => s.aksjonspunkter)
    expect(aksjonspunkter.map((a) => a.followUp ?? null)).toEqual([{ status: 'done', changedAt: expect.any(String), changedBy: null }, null])
    const md = await api(server.url, 'GET', `/api/meetings/${first.id}/export.md`, { token: first.tokens.sekretær })
    expect(md.text).toMatch(/Sende notatet om API-strategi \(Ansvarlig: Kari Nordmann, Frist: 1\. mars 2026, Status: utført \d{1,2}\. \p{L}+ \d{4}\)/u)
    expect(md.text).toMatch(/Planlegge workshop \(Ansvarlig: Ola Hansen, Frist: 1\. januar 2099\)/)
    const html = await api(server.url, 'GET', `/api/meetings/${first.id}/export.html`, { token: first.tokens.sekretær })
    expect(html.text).toContain('Status: utført')
  })

  it('refuses a status change by the meeting the item came from, by readers, and by another organ’s meeting', async () => {
    const id = `${first.id}.item-workshop`
    expect((await setStatus(id, { status: 'done' }, first.tokens.sekretær, first.id)).status).toBe(403)
    expect((await setStatus(id, { status: 'done' }, later.tokens.medlem)).status).toBe(403)
    expect((await setStatus(id, { status: 'done' }, other.tokens.sekretær, other.id)).status).toBe(403)
    // A token for one meeting named with another meeting's id is refused before anything is read.
    expect((await setStatus(id, { status: 'done' }, other.tokens.sekretær, later.id)).status).toBe(403)
    expect((await setStatus(id, { status: 'done' }, null)).status).toBe(401)
    const still = ((await list('?status=all', TEST_ADMIN_TOKEN)).body as ActionListResponse).items.find((i) => i.id === id)
    expect(still?.status).toBe('open')
  })

  it('never shows another organ’s items, and not to observers', async () => {
    const styret = await api(server.url, 'GET', organPath('Styret', `/actions?status=all&meeting=${other.id}`), { token: other.tokens.sekretær })
    expect((styret.body as ActionListResponse).items.map((i) => i.text)).toEqual(['Styrets eget punkt'])
    expect((await list(`?meeting=${other.id}`, other.tokens.sekretær)).status).toBe(403)
    expect((await list(`?meeting=${later.id}`, other.tokens.sekretær)).status).toBe(403)
    expect((await list(`?meeting=${later.id}`, later.tokens.observatør)).status).toBe(403)
    expect((await list('', later.tokens.sekretær)).status).toBe(403)
    expect((await list('', null)).status).toBe(401)
  })

  it('validates and bounds the request', async () => {
    const id = `${first.id}.item-workshop`
    expect((await list(`?meeting=${later.id}&status=late`, later.tokens.sekretær)).status).toBe(400)
    expect((await list(`?meeting=${later.id}&owner=${'x'.repeat(201)}`, later.tokens.sekretær)).status).toBe(400)
    expect((await list('?meeting=..%2F', later.tokens.sekretær)).status).toBe(400)
    for (const body of [{ status: 'finished' }, { status: 'done', note: 'x'.repeat(501) }, { status: 'done', extra: 1 }, ['done'], { status: 'done', note: 'a\u0007b' }]) {
      const res = await setStatus(id, body, later.tokens.sekretær)
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect((await setStatus('not-an-id', { status: 'done' }, later.tokens.sekretær)).status).toBe(404)
    expect((await setStatus(`${first.id}.no-such-item`, { status: 'done' }, later.tokens.sekretær)).status).toBe(404)
    expect((await setStatus(`${other.id}.item-hemmelig`, { status: 'done' }, later.tokens.sekretær)).status).toBe(404)
  })

  it('reads an aksjonspunkt written later into the list after the debounce, and one deleted out of it', async () => {
    const secretary = clients[0]
    editMinutes(secretary.doc, (tr, doc) => {
      const { pos, node } = findNode(doc, 'actionItems')
      tr.insert(pos + node.nodeSize - 1, minutesSchema.nodes.actionItem.create({ id: 'item-nytt-punkt', owner: 'Kari Nordmann' }, minutesSchema.text('Nytt punkt')))
    })
    // The meeting was read in already: only the sync after the stored change brings the new item.
    await waitFor(async () => ((await list('?status=all', TEST_ADMIN_TOKEN)).body as ActionListResponse).items.some((i) => i.text === 'Nytt punkt'), 15_000, 'the new aksjonspunkt')
    editMinutes(secretary.doc, (tr, doc) => {
      const { pos, node } = findNode(doc, 'actionItem', 2)
      tr.delete(pos, pos + node.nodeSize)
    })
    await waitFor(async () => !((await list('?status=all', TEST_ADMIN_TOKEN)).body as ActionListResponse).items.some((i) => i.text === 'Nytt punkt'), 15_000, 'the deleted aksjonspunkt gone')
  })

  it('proposes the next meeting: number, saksnumre, the standing saker and the open aksjonspunkter', async () => {
    const res = await api(server.url, 'GET', organPath(ORGAN, `/next-meeting?meeting=${later.id}`), { token: later.tokens.sekretær })
    expect(res.status, res.text).toBe(200)
    const body = res.body as NextMeetingResponse
    expect(body.last?.id).toBe(later.id)
    expect(body.draft.info.number).toBe('5/2026')
    // The later meeting was made from the plain template: saker 1/26 .. 3/26.
    expect(body.draft.items.map((i) => [i.number, i.title])).toEqual([
      ['4/26', 'Godkjenning av innkalling og dagsorden'],
      ['5/26', 'Godkjenning av referat fra møte 4/2026 15. april 2026'],
      ['6/26', 'Oppfølging av aksjonspunkter'],
      ['7/26', 'Eventuelt'],
    ])
    expect(body.draft.items[2].background).toContain('Planlegge workshop (ansvarlig: Ola Hansen')
    expect(body.draft.items[2].background).not.toContain('Sende notatet')
    expect((await api(server.url, 'GET', organPath(ORGAN, `/next-meeting?meeting=${later.id}`), { token: later.tokens.medlem })).status).toBe(403)
    expect((await api(server.url, 'GET', organPath(ORGAN, `/next-meeting?meeting=${other.id}`), { token: other.tokens.sekretær })).status).toBe(403)
    // The proposal is created through the import route as it stands.
    const created = await api(server.url, 'POST', '/api/meetings/import', { token: TEST_ADMIN_TOKEN, body: { agenda: { meeting: { ...body.draft.info, date: '2026-06-10' }, items: body.draft.items.map(({ unsure: _u, ...i }) => i) } } })
    expect(created.status, created.text).toBe(201)
  })
})
