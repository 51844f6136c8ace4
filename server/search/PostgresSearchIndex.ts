import type { PostgresStorage } from '../persistence'
import type { MeetingEntries, SearchIndex, SearchQuery, SearchResult } from './SearchIndex'
import { FIELD_ORDER_SQL, toRow, type EntryRow } from './entryRows'

/** The tables in schema `s` (a quoted identifier). Idempotent. */
const schemaSql = (s: string): string => `
CREATE TABLE IF NOT EXISTS ${s}.search_meetings (
  meeting_id TEXT PRIMARY KEY,
  doc_seq BIGINT NOT NULL,
  indexed_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.search_entries (
  meeting_id TEXT NOT NULL,
  ord INTEGER NOT NULL,
  organ TEXT NOT NULL,
  meeting_title TEXT NOT NULL,
  meeting_number TEXT NOT NULL,
  meeting_date TEXT NOT NULL,
  sak_id TEXT NOT NULL,
  sak_number TEXT,
  sak_title TEXT NOT NULL,
  case_type TEXT,
  field TEXT NOT NULL,
  text TEXT NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('norwegian', text)) STORED,
  PRIMARY KEY (meeting_id, ord)
);
CREATE INDEX IF NOT EXISTS search_entries_tsv ON ${s}.search_entries USING GIN (tsv);
`

/** An entry with the count of all matches (a window function over the page's query). */
interface CountedRow extends EntryRow {
  total: string
}

const COLUMNS = ['meeting_id', 'ord', 'organ', 'meeting_title', 'meeting_number', 'meeting_date', 'sak_id', 'sak_number', 'sak_title', 'case_type', 'field', 'text'] as const

/**
 * The index in PostgresStorage's schema: a stored tsvector per entry with the 'norwegian' text
 * search configuration (Snowball stemming, stop words), a GIN index, ranked by ts_rank. Nodes that
 * index the same meeting at once are serialised by a row lock on the meeting's search_meetings row.
 */
export class PostgresSearchIndex implements SearchIndex {
  private constructor(private readonly storage: PostgresStorage) {}

  /** Creates the tables if missing (under an advisory lock: several nodes may start at once). */
  static async open(storage: PostgresStorage): Promise<PostgresSearchIndex> {
    await storage.inTransaction(async (c, s) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`referat-search-schema:${s}`])
      await c.query(schemaSql(s))
    })
    return new PostgresSearchIndex(storage)
  }

  replaceMeeting(doc: MeetingEntries): Promise<boolean> {
    const { meeting } = doc
    return this.storage.inTransaction(async (c, s) => {
      await c.query(`INSERT INTO ${s}.search_meetings (meeting_id, doc_seq, indexed_at) VALUES ($1, -1, now()) ON CONFLICT DO NOTHING`, [meeting.id])
      const stored = await c.query<{ doc_seq: string }>(`SELECT doc_seq FROM ${s}.search_meetings WHERE meeting_id = $1 FOR UPDATE`, [meeting.id])
      if (Number(stored.rows[0].doc_seq) > doc.docSeq) return false
      await c.query(`DELETE FROM ${s}.search_entries WHERE meeting_id = $1`, [meeting.id])
      if (doc.entries.length > 0) {
        const columns = COLUMNS.map((name) => doc.entries.map((e, i) => valueOf(name, e, i, doc)))
        const unnest = COLUMNS.map((name, i) => `$${i + 1}::${name === 'ord' ? 'int' : 'text'}[]`).join(', ')
        await c.query(`INSERT INTO ${s}.search_entries (${COLUMNS.join(', ')}) SELECT * FROM unnest(${unnest})`, columns)
      }
      await c.query(`UPDATE ${s}.search_meetings SET doc_seq = $2, indexed_at = now() WHERE meeting_id = $1`, [meeting.id, doc.docSeq])
      return true
    })
  }

  indexedSeq(meetingId: string): Promise<number | null> {
    return this.storage.inTransaction(async (c, s) => {
      const { rows } = await c.query<{ doc_seq: string }>(`SELECT doc_seq FROM ${s}.search_meetings WHERE meeting_id = $1`, [meetingId])
      return rows.length > 0 && Number(rows[0].doc_seq) >= 0 ? Number(rows[0].doc_seq) : null
    })
  }

  search(query: SearchQuery): Promise<SearchResult> {
    const values: unknown[] = [query.query.words.join(' ')]
    const where = ['tsv @@ q']
    const param = (value: unknown) => `$${values.push(value)}`
    if (query.scope.kind === 'meetings') where.push(`meeting_id = ANY(${param(query.scope.meetingIds)}::text[])`)
    if (query.organ !== undefined) where.push(`lower(organ) = lower(${param(query.organ)})`)
    if (query.year !== undefined) where.push(`meeting_date LIKE ${param(`${query.year}-%`)}`)
    if (query.caseType !== undefined) where.push(`lower(case_type) = lower(${param(query.caseType)})`)
    const limit = param(query.limit)
    const offset = param(query.offset)
    return this.storage.inTransaction(async (c, s) => {
      const from = `FROM ${s}.search_entries, plainto_tsquery('norwegian', $1) AS q WHERE ${where.join(' AND ')}`
      const { rows } = await c.query<CountedRow>(
        `SELECT ${COLUMNS.join(", ")}, count(*) OVER () AS total ${from} ` +
          `ORDER BY ts_rank(tsv, q) DESC, meeting_date DESC, meeting_id, sak_id, ${FIELD_ORDER_SQL} LIMIT ${limit} OFFSET ${offset}`,
        values,
      )
      if (rows.length > 0) return { total: Number(rows[0].total), rows: rows.map(toRow) }
      // Past the last page the window has no row to count on.
      const counted = await c.query<{ n: string }>(`SELECT count(*) AS n ${from}`, values.slice(0, -2))
      return { total: Number(counted.rows[0].n), rows: [] }
    })
  }
}

function valueOf(name: (typeof COLUMNS)[number], e: MeetingEntries['entries'][number], i: number, doc: MeetingEntries): unknown {
  const m = doc.meeting
  switch (name) {
    case 'meeting_id': return m.id
    case 'ord': return i
    case 'organ': return m.organ
    case 'meeting_title': return m.title
    case 'meeting_number': return m.number
    case 'meeting_date': return m.date
    case 'sak_id': return e.sakId
    case 'sak_number': return e.sakNumber
    case 'sak_title': return e.sakTitle
    case 'case_type': return e.caseType
    case 'field': return e.field
    case 'text': return e.text
  }
}
