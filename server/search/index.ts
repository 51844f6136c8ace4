export { norwegianStem } from './norwegianStem'
export { MAX_QUERY_TERMS, fts5Match, parseQuery, snippetOf, stemmedText, tokenize, type ParsedQuery, type Snippet, type Token } from './searchText'
export {
  FIELD_ORDER,
  type MeetingEntries,
  type SearchEntry,
  type SearchField,
  type SearchIndex,
  type SearchMeeting,
  type SearchQuery,
  type SearchResult,
  type SearchRow,
  type SearchScope,
} from './SearchIndex'
export { MAX_ENTRY_CHARS, meetingEntriesOf, searchMeetingOf } from './sakEntries'
export { MemorySearchIndex } from './MemorySearchIndex'
export { SqliteSearchIndex } from './SqliteSearchIndex'
export { PostgresSearchIndex } from './PostgresSearchIndex'
export { SearchIndexer, type IndexerStore, type SearchIndexerOptions } from './SearchIndexer'
export { openSearchIndex } from './openSearchIndex'
