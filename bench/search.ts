// npm run bench:search [-- options], or `npm run bench -- --only search` (one JSON line like the
// other scenarios): search across referater over 500 meetings of realistic size,
// each seed 003's full referat (tests/fixtures/seed003.ts) with a share of its words swapped for
// words of seeds 002 and 003 (a seeded random choice, so every meeting differs and rare words
// are rare), spread over 6 organs and 5 years. Indexes them through the real path (Yjs state →
// minutes → entries → SearchIndex.replaceMeeting), then times a set of queries, each run many
// times, and prints p50/p95 per backend. Measurement only, no pass/fail.
//   --meetings 500   --repeat 30 (runs of each query)   --pg (also PostgreSQL at TEST_DATABASE_URL)
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { JSONContent } from '../shared'
import { PostgresStorage, SqliteStorage, type Storage } from '../server/persistence'
import { minutesUpdateFromJSON } from '../server/rooms'
import { meetingEntriesOf, openSearchIndex, parseQuery, tokenize, type SearchIndex, type SearchQuery } from '../server/search'
import { seed003 } from '../tests/fixtures/seed003'

/** What to run. */
export interface SearchBenchOptions {
  readonly meetings: number
  /** Runs of each query. */
  readonly repeat: number
  /** Also PostgreSQL at TEST_DATABASE_URL. */
  readonly pg: boolean
}

const ORGANS = ['Styret', 'Kommunestyret', 'Formannskapet', 'Nasjonalt e-helseråd', 'Brukerrådet', 'Kontrollutvalget']

/** Mulberry32: a small seeded generator, so every run builds the same meetings. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const fixtures = path.join(import.meta.dirname, '../tests/fixtures')
const vocabulary = [
  ...new Set(
    ['seed002.source.txt', 'seed003.source.txt']
      .map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8'))
      .flatMap((text) => tokenize(text).map((t) => t.word))
      .filter((w) => w.length > 3 && !/\d/.test(w)),
  ),
]

/** Seed 003 with about a fifth of its words swapped for words of the vocabulary. */
function varied(json: JSONContent, next: () => number): JSONContent {
  const swap = (text: string) => text.replace(/[\p{L}]{4,}/gu, (w) => (next() < 0.2 ? vocabulary[Math.floor(next() * vocabulary.length)] : w))
  return {
    ...json,
    ...(json.text !== undefined ? { text: swap(json.text) } : {}),
    ...(json.content ? { content: json.content.map((c) => varied(c, next)) } : {}),
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
const ms = (n: number) => `${n.toFixed(2)} ms`

async function build(index: SearchIndex, meetings: number): Promise<{ perMeetingMs: number[]; entries: number }> {
  const next = random(2026)
  const perMeetingMs: number[] = []
  let entries = 0
  for (let i = 0; i < meetings; i++) {
    const date = `${2020 + (i % 5)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`
    const meeting = {
      id: `bench-${String(i).padStart(4, '0')}`,
      organ: ORGANS[i % ORGANS.length],
      title: `Møte ${i}`,
      number: `${1 + (i % 10)}/${date.slice(2, 4)}`,
      date,
      time: '09.00',
      place: 'Oslo',
      firstAgendaNumber: 1,
      createdAt: new Date(0).toISOString(),
    }
    const state = minutesUpdateFromJSON(varied(seed003, next))
    const started = performance.now()
    const doc = meetingEntriesOf(meeting, state, 1)
    await index.replaceMeeting(doc)
    perMeetingMs.push(performance.now() - started)
    entries += doc.entries.length
  }
  return { perMeetingMs, entries }
}

const QUERIES: [string, Partial<SearchQuery>][] = [
  ['vedtaket', {}],
  ['helseråd', {}],
  ['referat godkjent', {}],
  ['samhandling kommunene', {}],
  ['e-helse', { organ: 'Styret' }],
  ['vedtak', { year: 2023 }],
  ['innspill', { caseType: 'Drøfting' }],
  ['finansiering', { scope: { kind: 'meetings', meetingIds: Array.from({ length: 20 }, (_, i) => `bench-${String(i * 7).padStart(4, '0')}`) } }],
  ['xylofonkonsert', {}],
]

type Result = Record<string, unknown>

async function measure(name: string, storage: Storage, o: SearchBenchOptions, lines: string[]): Promise<Result> {
  const index = await openSearchIndex(storage)
  const built = await build(index, o.meetings)
  const indexed = [...built.perMeetingMs].sort((a, b) => a - b)
  lines.push(`${name}: ${o.meetings} meetings, ${built.entries} entries; indexing per meeting p50 ${ms(percentile(indexed, 50))}, p95 ${ms(percentile(indexed, 95))}`)
  const all: number[] = []
  const queries: Result[] = []
  for (const [q, more] of QUERIES) {
    const times: number[] = []
    let total = 0
    for (let r = 0; r < o.repeat; r++) {
      const started = performance.now()
      const result = await index.search({ query: parseQuery(q), scope: { kind: 'all' }, limit: 20, offset: 0, ...more })
      times.push(performance.now() - started)
      total = result.total
    }
    times.sort((a, b) => a - b)
    all.push(...times)
    const filter = Object.keys(more).join(',') || '-'
    queries.push({ q, filter, hits: total, p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)) })
    lines.push(`  ${q.padEnd(24)} ${filter.padEnd(9)} hits ${String(total).padStart(6)}  p50 ${ms(percentile(times, 50)).padStart(10)}  p95 ${ms(percentile(times, 95)).padStart(10)}`)
  }
  all.sort((a, b) => a - b)
  lines.push(`  all queries: p50 ${ms(percentile(all, 50))}, p95 ${ms(percentile(all, 95))}, max ${ms(all.at(-1)!)} (${all.length} searches)`)
  return {
    meetings: o.meetings,
    entries: built.entries,
    indexing_ms: { p50: round(percentile(indexed, 50)), p95: round(percentile(indexed, 95)) },
    latency_ms: { p50: round(percentile(all, 50)), p95: round(percentile(all, 95)), max: round(all.at(-1)!) },
    searches: all.length,
    queries,
  }
}

const round = (n: number) => Math.round(n * 100) / 100

/** The whole bench: SQLite, then PostgreSQL when asked; the figures and the printed lines. */
export async function runSearch(o: SearchBenchOptions): Promise<{ result: Result; summary: string[] }> {
  const summary: string[] = []
  const result: Result = {}
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referat-bench-search-'))
  const sqlite = new SqliteStorage(dir)
  try {
    result.sqlite = await measure('SQLite FTS5', sqlite, o, summary)
  } finally {
    await sqlite.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  if (o.pg) {
    const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
    const schema = `referat_bench_${crypto.randomBytes(4).toString('hex')}`
    const pg = await PostgresStorage.open(url, { schema })
    try {
      result.postgres = await measure('PostgreSQL (norwegian)', pg, o, summary)
    } finally {
      await pg.inTransaction((c, s) => c.query(`DROP SCHEMA ${s} CASCADE`))
      await pg.close()
    }
  }
  summary.push(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  return { result, summary }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      meetings: { type: 'string', default: '500' },
      repeat: { type: 'string', default: '30' },
      pg: { type: 'boolean', default: false },
    },
  })
  const { summary } = await runSearch({ meetings: Number(values.meetings), repeat: Number(values.repeat), pg: values.pg })
  console.log(summary.join('\n'))
}
