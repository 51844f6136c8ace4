// GET /api/search through a real server (SQLite in a temporary DATA_DIR): meetings made by the
// import route, edits through a real sync client, the index kept current by the SearchIndexer.
import Database from 'better-sqlite3'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResponse } from '../../shared/api'
import { minutesSchema } from '../../shared/schema'
import { TEST_ADMIN_TOKEN, api, connectClient, editMinutes, findNode, mintToken, revokeToken, sessionCookieOf, startTestServer, startWithProvider, tempDataDir, waitFor, type TestServer } from '../helpers'

let server: TestServer

interface Imported {
  id: string
  tokens: Record<string, string>
  invitations: { tokenId: string; role: string }[]
}

async function importMeeting(organ: string, date: string, items: { number: string; title: string; caseType: string; proposal: string }[]): Promise<Imported> {
  const res = await api(server.url, 'POST', '/api/meetings/import', {
    token: TEST_ADMIN_TOKEN,
    body: { meeting: { organ, title: `Møte i ${organ}`, date }, agenda: { items } },
  })
  if (res.status !== 201) throw new Error(`import: ${res.status} ${JSON.stringify(res.body)}`)
  const body = res.body as { meeting: { id: string }; invitations: { tokenId: string; role: string; token: string }[] }
  return { id: body.meeting.id, tokens: Object.fromEntries(body.invitations.map((i) => [i.role, i.token])), invitations: body.invitations }
}

const search = (query: string, token: string | null = TEST_ADMIN_TOKEN) => api(server.url, 'GET', `/api/search?${query}`, { token })
const hitsOf = (body: unknown) => (body as SearchResponse).hits

let styret: Imported
let radet: Imported

beforeAll(async () => {
  // No search budget here: the waits below poll; the budget has a test of its own.
  server = await startTestServer({ SEARCH_INDEX_DELAY_MS: '0', SEARCH_REQUEST_LIMIT: '0' })
  styret = await importMeeting('Styret', '2024-03-01', [
    { number: '4/24', title: 'Budsjett 2024', caseType: 'Beslutning', proposal: 'Styret godkjenner budsjettet for 2024.' },
    { number: '5/24', title: 'Ventetider', caseType: 'Orientering', proposal: 'Styret tar orienteringen om ventetider til etterretning.' },
  ])
  radet = await importMeeting('Brukerrådet', '2023-10-04', [
    { number: '12/23', title: 'Høring om pasientreiser', caseType: 'Drøfting', proposal: 'Brukerrådet støtter høringssvaret om pasientreiser og ventetider.' },
  ])
  // The indexer is told of each created meeting; wait until both are searchable.
  await waitFor(async () => new Set(hitsOf((await search('q=ventetider')).body)?.map((h) => h.meeting.id)).size === 2, 10_000, 'both meetings indexed')
})

afterAll(async () => {
  await server?.stop()
})

describe('GET /api/search', () => {
  it('finds a vedtak by an inflected word and says where it is, with a link that opens the sak', async () => {
    const res = await search('q=budsjettet')
    expect(res.status).toBe(200)
    const body = res.body as SearchResponse
    expect(body.total).toBeGreaterThanOrEqual(1)
    const vedtak = body.hits.find((h) => h.field === 'vedtak')!
    expect(vedtak.meeting).toMatchObject({ id: styret.id, organ: 'Styret', date: '2024-03-01' })
    expect(vedtak.sak).toMatchObject({ number: '4/24', title: 'Budsjett 2024', caseType: 'Beslutning' })
    expect(vedtak.href).toBe(`/m/${styret.id}#sak=${vedtak.sak.id}`)
    const [[start, end]] = vedtak.snippet.matches
    expect(vedtak.snippet.text.slice(start, end)).toBe('budsjettet')
    // "budsjett" finds "budsjettet" too (stemming both ways).
    expect(hitsOf((await search('q=budsjett')).body).some((h) => h.field === 'vedtak' && h.sak.title === 'Budsjett 2024')).toBe(true)
  })

  it('filters by organ, year and sakstype', async () => {
    const organ = hitsOf((await search(`q=ventetider&organ=${encodeURIComponent('Brukerrådet')}`)).body)
    expect(organ.map((h) => h.meeting.id)).toEqual([radet.id])
    expect(new Set(hitsOf((await search('q=ventetider&year=2024')).body).map((h) => h.meeting.id))).toEqual(new Set([styret.id]))
    expect(hitsOf((await search('q=ventetider&caseType=drøfting')).body).map((h) => h.meeting.id)).toEqual([radet.id])
  })

  it("a meeting token finds only its own meeting's saker, never another meeting's", async () => {
    const own = await search('q=ventetider', radet.tokens.medlem)
    expect(own.status).toBe(200)
    expect(hitsOf(own.body).map((h) => h.meeting.id)).toEqual([radet.id])
    // The word stands only in Styret's minutes: the Brukerrådet token finds nothing.
    const other = await search('q=budsjettet', radet.tokens.medlem)
    expect(other.status).toBe(200)
    expect(other.body).toMatchObject({ total: 0, hits: [] })
  })

  it('refuses a missing, forged or revoked credential', async () => {
    expect((await search('q=budsjett', null)).status).toBe(401)
    expect((await search('q=budsjett', 'forged.token')).status).toBe(401)
    const observer = styret.invitations.find((i) => i.role === 'observatør')!
    await revokeToken(server.url, styret.id, observer.tokenId)
    expect((await search('q=budsjett', styret.tokens['observatør'])).status).toBe(403)
  })

  it('answers 400 with a Norwegian message for bad parameters, and takes search syntax as text', async () => {
    const bad: [string, string][] = [
      ['', 'q'],
      ['q=%22*%3A()', 'q'],
      [`q=${'a'.repeat(201)}`, 'q'],
      ['q=vedtak&year=tjuefire', 'year'],
      ['q=vedtak&limit=0', 'limit'],
      ['q=vedtak&limit=51', 'limit'],
      ['q=vedtak&offset=-1', 'offset'],
      [`q=vedtak&organ=${'x'.repeat(201)}`, 'organ'],
      ['q=vedtak&caseType=a%00b', 'caseType'],
    ]
    for (const [query, field] of bad) {
      const res = await search(query)
      expect({ query, status: res.status, field: (res.body as { field?: string }).field }).toEqual({ query, status: 400, field })
      expect((res.body as { error: string }).error).toMatch(/[a-zæøå]/)
    }
    for (const hostile of ['"budsjettet', 'budsjettet*', 'NEAR(budsjettet, 2)', 'budsjettet:', 'budsjettet OR', '{budsjettet}']) {
      const res = await search(`q=${encodeURIComponent(hostile)}`)
      expect({ hostile, status: res.status }).toEqual({ hostile, status: 200 })
    }
  })

  it('finds text written in the meeting after the debounce (a real sync client)', async () => {
    const client = connectClient(server.wsUrl, styret.id, { token: styret.tokens.sekretær })
    try {
      await client.synced
      editMinutes(client.doc, (tr, doc) => {
        const { pos, node } = findNode(doc, 'narrative', 1)
        const paragraph = node.firstChild!
        tr.insert(pos + 2 + paragraph.content.size, minutesSchema.text(' Administrasjonen redegjorde for fristoverskridelser.'))
      })
      await waitFor(async () => hitsOf((await search('q=fristoverskridelsene')).body).length > 0, 10_000, 'the edit indexed')
      const hits = hitsOf((await search('q=fristoverskridelsene')).body)
      expect(hits.map((h) => [h.meeting.id, h.sak.number, h.field])).toEqual([[styret.id, '5/24', 'sak']])
    } finally {
      client.destroy()
    }
  })
})

describe('the search budget', () => {
  it('answers 429 with Retry-After once an address used up SEARCH_REQUEST_LIMIT', async () => {
    const limited = await startTestServer({ SEARCH_REQUEST_LIMIT: '2', SEARCH_REQUEST_WINDOW_MS: '60000' })
    try {
      const ask = () => api(limited.url, 'GET', '/api/search?q=vedtak', { token: TEST_ADMIN_TOKEN })
      expect((await ask()).status).toBe(200)
      expect((await ask()).status).toBe(200)
      const refused = await ask()
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
      expect((refused.body as { error: string }).error).toMatch(/^For mange søk/)
    } finally {
      await limited.stop()
    }
  })
})

describe('a signed-in person', () => {
  it('finds the meetings of their valid invitations only; an admin of the provider finds every meeting', async () => {
    const { server: oidcServer, idp } = await startWithProvider({ SEARCH_INDEX_DELAY_MS: '0', SEARCH_REQUEST_LIMIT: '0' })
    try {
      const url = oidcServer.url
      const create = async (organ: string, proposal: string) => {
        const res = await api(url, 'POST', '/api/meetings/import', {
          token: TEST_ADMIN_TOKEN,
          body: { meeting: { organ, date: '2025-01-15' }, agenda: { items: [{ number: '1/25', title: 'Tilskudd', caseType: 'Beslutning', proposal }] } },
        })
        return (res.body as { meeting: { id: string } }).meeting.id
      }
      const invited = await create('Styret', 'Tilskuddet innvilges.')
      const notInvited = await create('Rådet', 'Tilskuddet avslås.')
      await mintToken(url, invited, { role: 'medlem', email: 'kari@kommune.no' })
      const kari = await sessionCookieOf(url, 'sub-kari')
      const ada = await sessionCookieOf(url, 'sub-ada')
      const find = async (cookie: string) => {
        const res = await api(url, 'GET', '/api/search?q=tilskudd', { headers: { cookie } })
        expect(res.status).toBe(200)
        return new Set(hitsOf(res.body).map((h) => h.meeting.id))
      }
      await waitFor(async () => (await find(ada)).size === 2, 10_000, 'both meetings indexed')
      expect(await find(kari)).toEqual(new Set([invited]))
      expect((await find(kari)).has(notInvited)).toBe(false)
      // Ola has no invitation at all: nothing, not an error.
      expect(await find(await sessionCookieOf(url, 'sub-ola'))).toEqual(new Set())
    } finally {
      await oidcServer.stop()
      await idp.stop()
    }
  })
})

describe('the start-up sweep', () => {
  it('indexes at start a meeting whose index entries were lost (or never written) while the server was down', async () => {
    const data = tempDataDir()
    try {
      const first = await startTestServer({ SEARCH_INDEX_DELAY_MS: '0', SEARCH_REQUEST_LIMIT: '0' }, data.dir)
      const res = await api(first.url, 'POST', '/api/meetings/import', {
        token: TEST_ADMIN_TOKEN,
        body: { meeting: { organ: 'Styret', date: '2022-09-09' }, agenda: { items: [{ number: '9/22', title: 'Havneplan', caseType: 'Beslutning', proposal: 'Havneplanen vedtas.' }] } },
      })
      expect(res.status).toBe(201)
      const ask = (url: string) => api(url, 'GET', '/api/search?q=havneplanen', { token: TEST_ADMIN_TOKEN })
      await waitFor(async () => ((await ask(first.url)).body as SearchResponse).total > 0, 10_000, 'indexed at creation')
      await first.close()
      // The index is derived data: empty it behind the server's back.
      const db = new Database(path.join(data.dir, 'referat.sqlite'))
      db.exec('DELETE FROM search_fts; DELETE FROM search_entries; DELETE FROM search_meetings;')
      db.close()
      const second = await startTestServer({ SEARCH_INDEX_DELAY_MS: '0', SEARCH_REQUEST_LIMIT: '0' }, data.dir)
      try {
        await waitFor(async () => ((await ask(second.url)).body as SearchResponse).total === 2, 10_000, 'indexed by the start-up sweep')
      } finally {
        await second.close()
      }
    } finally {
      data.remove()
    }
  })
})
