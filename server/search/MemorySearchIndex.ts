import { norwegianStem } from './norwegianStem'
import { FIELD_ORDER, type MeetingEntries, type SearchIndex, type SearchQuery, type SearchResult, type SearchRow } from './SearchIndex'
import { tokenize } from './searchText'

interface Stored {
  readonly docSeq: number
  readonly rows: readonly { row: SearchRow; stems: Map<string, number>; length: number }[]
}

/** A row's scope and filters, as every backend applies them. */
export function inScope(row: SearchRow, query: SearchQuery): boolean {
  if (query.scope.kind === 'meetings' && !query.scope.meetingIds.includes(row.meeting.id)) return false
  if (query.organ !== undefined && row.meeting.organ.toLowerCase() !== query.organ.toLowerCase()) return false
  if (query.year !== undefined && !row.meeting.date.startsWith(`${query.year}-`)) return false
  if (query.caseType !== undefined && (row.caseType ?? '').toLowerCase() !== query.caseType.toLowerCase()) return false
  return true
}

/** Hits of equal relevance: newest meeting first, then meeting id, sak, field (all backends). */
export function compareEqualScore(a: SearchRow, b: SearchRow): number {
  if (a.meeting.date !== b.meeting.date) return a.meeting.date < b.meeting.date ? 1 : -1
  if (a.meeting.id !== b.meeting.id) return a.meeting.id < b.meeting.id ? -1 : 1
  if (a.sakId !== b.sakId) return a.sakId < b.sakId ? -1 : 1
  return FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field)
}

/** The index in memory, for MemoryStorage (tests, the contract suite's reference). */
export class MemorySearchIndex implements SearchIndex {
  private readonly meetings = new Map<string, Stored>()

  replaceMeeting(doc: MeetingEntries): Promise<boolean> {
    const stored = this.meetings.get(doc.meeting.id)
    if (stored && stored.docSeq > doc.docSeq) return Promise.resolve(false)
    const rows = doc.entries.map((entry) => {
      const stems = new Map<string, number>()
      const tokens = tokenize(entry.text)
      for (const t of tokens) {
        const stem = norwegianStem(t.word)
        stems.set(stem, (stems.get(stem) ?? 0) + 1)
      }
      return { row: { ...entry, meeting: doc.meeting }, stems, length: tokens.length }
    })
    this.meetings.set(doc.meeting.id, { docSeq: doc.docSeq, rows })
    return Promise.resolve(true)
  }

  indexedSeq(meetingId: string): Promise<number | null> {
    return Promise.resolve(this.meetings.get(meetingId)?.docSeq ?? null)
  }

  search(query: SearchQuery): Promise<SearchResult> {
    const { stems } = query.query
    const scored: { row: SearchRow; score: number }[] = []
    for (const { rows } of this.meetings.values()) {
      for (const { row, stems: counts, length } of rows) {
        if (!stems.every((s) => counts.has(s)) || !inScope(row, query)) continue
        // Term frequency over length: more of the words in a shorter text ranks higher.
        const score = stems.reduce((sum, s) => sum + counts.get(s)!, 0) / (length + 10)
        scored.push({ row, score })
      }
    }
    scored.sort((a, b) => b.score - a.score || compareEqualScore(a.row, b.row))
    return Promise.resolve({ total: scored.length, rows: scored.slice(query.offset, query.offset + query.limit).map((s) => s.row) })
  }
}
