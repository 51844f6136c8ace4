// The search contract (server/search/SearchIndex.ts) for every backend: MemorySearchIndex,
// SqliteSearchIndex (FTS5 over our Norwegian stems) and PostgresSearchIndex ('norwegian' text
// search), each opened beside its storage as the server does (openSearchIndex). PostgreSQL is a
// real server: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh
// schema per test, dropped afterwards. Without PostgreSQL its tests fail (never skip).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MemoryStorage, PostgresStorage, SqliteStorage } from '../../server/persistence'
import {
  norwegianStem,
  openSearchIndex,
  parseQuery,
  tokenize,
  type MeetingEntries,
  type SearchEntry,
  type SearchIndex,
  type SearchMeeting,
  type SearchQuery,
} from '../../server/search'
import { TEST_DATABASE_URL, useContractStorage } from '../helpers/contractStorage'

const contract = useContractStorage('referat_search')

interface Backend {
  name: string
  /** A fresh storage with its index, and a second index over the same data (another node) where there is one. */
  open(): Promise<{ index: SearchIndex; second: () => Promise<SearchIndex> }>
}

const backends: Backend[] = [
  {
    name: 'memory',
    open: async () => {
      const storage = new MemoryStorage()
      contract.keep(storage)
      const index = await openSearchIndex(storage)
      return { index, second: async () => index }
    },
  },
  {
    name: 'SQLite',
    open: async () => {
      const dir = contract.tempDir()
      const storage = new SqliteStorage(dir)
      contract.keep(storage)
      return {
        index: await openSearchIndex(storage),
        second: async () => {
          const other = new SqliteStorage(dir)
          contract.keep(other)
          return openSearchIndex(other)
        },
      }
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const schema = contract.schema()
      const storage = await PostgresStorage.open(TEST_DATABASE_URL, { schema, poolSize: 2 })
      contract.keep(storage)
      return {
        index: await openSearchIndex(storage),
        second: async () => {
          const other = await PostgresStorage.open(TEST_DATABASE_URL, { schema, poolSize: 2 })
          contract.keep(other)
          return openSearchIndex(other)
        },
      }
    },
  },
]

const meetingOf = (id: string, organ: string, date: string): SearchMeeting => ({ id, organ, title: `Møte i ${organ}`, number: '1/24', date })

function entry(sakId: string, field: SearchEntry['field'], text: string, caseType: string | null = 'Beslutning'): SearchEntry {
  return { sakId, sakNumber: `PS ${sakId}`, sakTitle: `Sak ${sakId}`, caseType, field, text }
}

const doc = (meeting: SearchMeeting, docSeq: number, entries: SearchEntry[]): MeetingEntries => ({ meeting, docSeq, entries })

function query(q: string, more: Partial<SearchQuery> = {}): SearchQuery {
  return { query: parseQuery(q), scope: { kind: 'all' }, limit: 20, offset: 0, ...more }
}

const STYRET_2024 = meetingOf('m-styret-2024', 'Styret', '2024-03-01')
const STYRET_2023 = meetingOf('m-styret-2023', 'Styret', '2023-11-15')
const RADET = meetingOf('m-radet-2024', 'Brukerrådet', '2024-05-02')

/** Three meetings of two organs and two years. */
async function seed(index: SearchIndex): Promise<void> {
  await index.replaceMeeting(
    doc(STYRET_2024, 10, [
      entry('s1', 'sak', 'Budsjett 2024\nAdministrasjonen la fram forslag til budsjett.'),
      entry('s1', 'vedtak', 'Styret godkjenner budsjettet for 2024 slik det ble lagt fram.'),
      entry('s2', 'innspill', 'Medlemmene ba om en oversikt over ventetider (Kari Nordmann)', 'Orientering'),
      entry('s2', 'aksjonspunkt', 'Lage oversikt over ventetider Ansvarlig: Ola', 'Orientering'),
    ]),
  )
  await index.replaceMeeting(doc(STYRET_2023, 7, [entry('t1', 'vedtak', 'Vedtaket om årsregnskapet ble fattet enstemmig.')]))
  await index.replaceMeeting(doc(RADET, 3, [entry('r1', 'vedtak', 'Brukerrådet tar saken til orientering. Vedtak: ingen.', 'Orientering')]))
}

const ids = (rows: readonly { meeting: SearchMeeting; sakId: string; field: string }[]) => rows.map((r) => `${r.meeting.id}/${r.sakId}/${r.field}`)

describe.each(backends)('SearchIndex over $name', (backend) => {
  it('finds "vedtak" for "vedtaket" and "vedtaket" for "vedtak" (Norwegian stemming), with the field that matched', async () => {
    const { index } = await backend.open()
    await seed(index)
    for (const q of ['vedtaket', 'vedtak', 'VEDTAKENE']) {
      const result = await index.search(query(q))
      expect(ids(result.rows).sort()).toEqual(['m-radet-2024/r1/vedtak', 'm-styret-2023/t1/vedtak'])
      expect(result.total).toBe(2)
    }
    const budget = await index.search(query('budsjettet'))
    expect(ids(budget.rows).sort()).toEqual(['m-styret-2024/s1/sak', 'm-styret-2024/s1/vedtak'])
    expect(budget.rows[0].meeting).toEqual(STYRET_2024)
  })

  it('requires every word and treats search syntax as text', async () => {
    const { index } = await backend.open()
    await seed(index)
    expect(ids((await index.search(query('oversikt ventetider'))).rows).sort()).toEqual(['m-styret-2024/s2/aksjonspunkt', 'm-styret-2024/s2/innspill'])
    expect((await index.search(query('oversikt årsregnskapet'))).rows).toEqual([])
    for (const hostile of ['"budsjett', 'budsjett*', 'NEAR(budsjett styret)', 'sak:budsjett', 'budsjett OR årsregnskap', '-budsjett ^styret']) {
      const result = await index.search(query(hostile))
      expect(result.rows.every((r) => r.text.toLowerCase().includes('budsjett') || r.text.toLowerCase().includes('årsregnskap'))).toBe(true)
    }
    // "OR" is a word to find, not an operator: nothing holds "budsjett", "or" and "årsregnskap".
    expect((await index.search(query('budsjett OR årsregnskap'))).total).toBe(0)
  })

  it('filters by organ, year and sakstype (organ and sakstype without regard to case)', async () => {
    const { index } = await backend.open()
    await seed(index)
    expect(ids((await index.search(query('vedtak', { organ: 'Styret' }))).rows)).toEqual(['m-styret-2023/t1/vedtak'])
    expect(ids((await index.search(query('vedtak', { organ: 'brukerRÅDET' }))).rows)).toEqual(['m-radet-2024/r1/vedtak'])
    expect(ids((await index.search(query('vedtak', { year: 2024 }))).rows)).toEqual(['m-radet-2024/r1/vedtak'])
    expect(ids((await index.search(query('vedtak', { caseType: 'orientering' }))).rows)).toEqual(['m-radet-2024/r1/vedtak'])
    expect((await index.search(query('vedtak', { organ: 'Styret', year: 2024 }))).total).toBe(0)
  })

  it('orders by relevance, then newest meeting first', async () => {
    const { index } = await backend.open()
    const older = meetingOf('m-a', 'Styret', '2022-01-10')
    const newer = meetingOf('m-b', 'Styret', '2024-01-10')
    const filler = 'Styret diskuterte saken grundig og ba administrasjonen følge opp med en ny vurdering i neste møte.'
    await index.replaceMeeting(doc(older, 1, [entry('a1', 'vedtak', `Tilskudd innvilges. ${filler}`), entry('a2', 'vedtak', `Tilskudd, tilskudd og tilskudd. ${filler}`)]))
    await index.replaceMeeting(doc(newer, 1, [entry('b1', 'vedtak', `Tilskudd innvilges. ${filler}`)]))
    expect(ids((await index.search(query('tilskudd'))).rows)).toEqual(['m-a/a2/vedtak', 'm-b/b1/vedtak', 'm-a/a1/vedtak'])
  })

  it('pages with limit and offset and counts every hit', async () => {
    const { index } = await backend.open()
    const meeting = meetingOf('m-p', 'Styret', '2024-02-02')
    await index.replaceMeeting(doc(meeting, 1, Array.from({ length: 7 }, (_, i) => entry(`p${i}`, 'vedtak', `Referatsak nummer ${i}.`))))
    const first = await index.search(query('referatsak', { limit: 3 }))
    const rest = await index.search(query('referatsak', { limit: 3, offset: 3 }))
    const past = await index.search(query('referatsak', { limit: 3, offset: 9 }))
    expect([first.total, rest.total, past.total]).toEqual([7, 7, 7])
    expect(first.rows).toHaveLength(3)
    expect(rest.rows).toHaveLength(3)
    expect(past.rows).toEqual([])
    expect(new Set(ids([...first.rows, ...rest.rows])).size).toBe(6)
  })

  it('replaces a meeting\'s entries when its text changed, and never with an older docSeq', async () => {
    const { index, second } = await backend.open()
    await seed(index)
    await expect(index.replaceMeeting(doc(STYRET_2023, 9, [entry('t1', 'vedtak', 'Årsregnskapet godkjennes.')]))).resolves.toBe(true)
    expect((await index.search(query('enstemmig'))).total).toBe(0)
    expect(ids((await index.search(query('årsregnskapet'))).rows)).toEqual(['m-styret-2023/t1/vedtak'])
    expect(await index.indexedSeq(STYRET_2023.id)).toBe(9)
    // Another node that indexed an older state comes late: it changes nothing.
    const other = await second()
    await expect(other.replaceMeeting(doc(STYRET_2023, 8, [entry('t1', 'vedtak', 'Gammel tekst om enstemmig vedtak.')]))).resolves.toBe(false)
    expect((await index.search(query('enstemmig'))).total).toBe(0)
    // The same docSeq again is harmless (two nodes indexing the same state).
    await expect(other.replaceMeeting(doc(STYRET_2023, 9, [entry('t1', 'vedtak', 'Årsregnskapet godkjennes.')]))).resolves.toBe(true)
    expect((await index.search(query('årsregnskapet'))).total).toBe(1)
    // A sak removed from the minutes is gone from the index.
    await index.replaceMeeting(doc(STYRET_2023, 12, []))
    expect((await index.search(query('årsregnskapet'))).total).toBe(0)
    expect(await index.indexedSeq('never-indexed')).toBeNull()
  })

  it('never returns a meeting outside the scope', async () => {
    const { index } = await backend.open()
    await seed(index)
    const scoped = await index.search(query('vedtak', { scope: { kind: 'meetings', meetingIds: [RADET.id] } }))
    expect(ids(scoped.rows)).toEqual(['m-radet-2024/r1/vedtak'])
    expect(scoped.total).toBe(1)
    expect((await index.search(query('årsregnskapet', { scope: { kind: 'meetings', meetingIds: [RADET.id, STYRET_2024.id] } }))).total).toBe(0)
    expect((await index.search(query('vedtak', { scope: { kind: 'meetings', meetingIds: [] } }))).total).toBe(0)
  })
})

describe('norwegianStem and PostgreSQL', () => {
  it("stems the words of seed 003 as PostgreSQL's norwegian configuration does (stop words aside)", async () => {
    const seed = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/seed003.source.txt'), 'utf8')
    const words = [...new Set(tokenize(seed).map((t) => t.word))].filter((w) => !/\d/.test(w))
    const { rows } = await contract.admin().query<{ word: string; stem: string[] | null }>(
      "SELECT w AS word, ts_lexize('norwegian_stem', w) AS stem FROM unnest($1::text[]) AS w",
      [words],
    )
    const differ = rows.filter((r) => r.stem !== null && r.stem.length > 0 && r.stem[0] !== norwegianStem(r.word))
    expect(words.length).toBeGreaterThan(200)
    expect(differ).toEqual([])
  })
})
