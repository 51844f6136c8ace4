import type Database from 'better-sqlite3'
import { MAIN_THREAD_BUSY_MS, StorageReadOnlyError, retryWhileBusy } from '../persistence'
import type { MeetingEntries, SearchIndex, SearchQuery, SearchResult } from './SearchIndex'
import { fts5Match, stemmedText } from './searchText'
import { FIELD_ORDER_SQL, toRow, type EntryRow } from './entryRows'

// Entries in a plain table; their stemmed text in a contentless FTS5 table under the same rowid
// (contentless_delete: rows can be deleted without repeating their text). unicode61 without
// removing diacritics: æ, ø, å stay letters of their own, as in Norwegian. organ_key and
// case_type_key are the lower-case forms (JavaScript's: SQLite's lower() knows ASCII only) the
// filters compare with.
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS search_meetings (
  meeting_id TEXT PRIMARY KEY,
  doc_seq INTEGER NOT NULL,
  indexed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS search_entries (
  id INTEGER PRIMARY KEY,
  meeting_id TEXT NOT NULL,
  organ TEXT NOT NULL,
  meeting_title TEXT NOT NULL,
  meeting_number TEXT NOT NULL,
  meeting_date TEXT NOT NULL,
  sak_id TEXT NOT NULL,
  sak_number TEXT,
  sak_title TEXT NOT NULL,
  case_type TEXT,
  organ_key TEXT NOT NULL,
  case_type_key TEXT,
  field TEXT NOT NULL,
  ord INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_entries_meeting ON search_entries (meeting_id);
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
  stems, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);
`

/**
 * The index in the SQLite database of SqliteStorage (same file, same connection): FTS5 over the
 * Norwegian stems of each entry (norwegianStem, applied to the text here and to the query), ranked
 * by bm25. Writes take the database's write lock for one meeting's entries at a time.
 */
export class SqliteSearchIndex implements SearchIndex {
  /** False when a read-only database predates the index: every search then finds nothing. */
  private readonly available: boolean

  constructor(
    private readonly db: Database.Database,
    private readonly readOnly = false,
  ) {
    if (!readOnly) db.exec(SCHEMA_SQL)
    this.available = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'").get() !== undefined
  }

  replaceMeeting(doc: MeetingEntries): Promise<boolean> {
    if (this.readOnly) return Promise.reject(new StorageReadOnlyError('search index'))
    const { meeting } = doc
    const replace = this.db.transaction((): boolean => {
      const stored = this.db.prepare<[string], { doc_seq: number }>('SELECT doc_seq FROM search_meetings WHERE meeting_id = ?').get(meeting.id)
      if (stored && stored.doc_seq > doc.docSeq) return false
      const old = this.db.prepare<[string], { id: number }>('SELECT id FROM search_entries WHERE meeting_id = ?').all(meeting.id)
      const deleteFts = this.db.prepare<[number]>('DELETE FROM search_fts WHERE rowid = ?')
      for (const { id } of old) deleteFts.run(id)
      this.db.prepare<[string]>('DELETE FROM search_entries WHERE meeting_id = ?').run(meeting.id)
      const insert = this.db.prepare(
        'INSERT INTO search_entries (meeting_id, organ, meeting_title, meeting_number, meeting_date, sak_id, sak_number, sak_title, case_type, organ_key, case_type_key, field, ord, text) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      const insertFts = this.db.prepare<[number | bigint, string]>('INSERT INTO search_fts (rowid, stems) VALUES (?, ?)')
      doc.entries.forEach((e, i) => {
        const { lastInsertRowid } = insert.run(meeting.id, meeting.organ, meeting.title, meeting.number, meeting.date, e.sakId, e.sakNumber, e.sakTitle, e.caseType, meeting.organ.toLowerCase(), e.caseType?.toLowerCase() ?? null, e.field, i, e.text)
        insertFts.run(lastInsertRowid, stemmedText(e.text))
      })
      this.db
        .prepare<[string, number, string]>(
          'INSERT INTO search_meetings (meeting_id, doc_seq, indexed_at) VALUES (?, ?, ?) ' +
            'ON CONFLICT (meeting_id) DO UPDATE SET doc_seq = excluded.doc_seq, indexed_at = excluded.indexed_at',
        )
        .run(meeting.id, doc.docSeq, new Date().toISOString())
      return true
    })
    return retryWhileBusy('search replaceMeeting', MAIN_THREAD_BUSY_MS, () => replace.immediate())
  }

  indexedSeq(meetingId: string): Promise<number | null> {
    if (!this.available) return Promise.resolve(null)
    return retryWhileBusy('search indexedSeq', MAIN_THREAD_BUSY_MS, () => {
      const row = this.db.prepare<[string], { doc_seq: number }>('SELECT doc_seq FROM search_meetings WHERE meeting_id = ?').get(meetingId)
      return row ? row.doc_seq : null
    })
  }

  search(query: SearchQuery): Promise<SearchResult> {
    if (!this.available) return Promise.resolve({ total: 0, rows: [] })
    const where = ['search_fts MATCH @match']
    const params: Record<string, string | number> = { match: fts5Match(query.query.stems), limit: query.limit, offset: query.offset }
    if (query.scope.kind === 'meetings') {
      where.push('e.meeting_id IN (SELECT value FROM json_each(@scope))')
      params.scope = JSON.stringify(query.scope.meetingIds)
    }
    if (query.organ !== undefined) {
      where.push('e.organ_key = @organ')
      params.organ = query.organ.toLowerCase()
    }
    if (query.year !== undefined) {
      where.push("e.meeting_date LIKE @year || '-%'")
      params.year = String(query.year)
    }
    if (query.caseType !== undefined) {
      where.push('e.case_type_key = @caseType')
      params.caseType = query.caseType.toLowerCase()
    }
    const from = `FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid WHERE ${where.join(' AND ')}`
    return retryWhileBusy('search', MAIN_THREAD_BUSY_MS, () => {
      const rows = this.db
        .prepare<Record<string, string | number>, EntryRow>(
          `SELECT e.* ${from} ORDER BY bm25(search_fts), e.meeting_date DESC, e.meeting_id, e.sak_id, ${FIELD_ORDER_SQL} LIMIT @limit OFFSET @offset`,
        )
        .all(params)
      const { n } = this.db.prepare<Record<string, string | number>, { n: number }>(`SELECT count(*) AS n ${from}`).get(params)!
      return { total: n, rows: rows.map(toRow) }
    })
  }
}
