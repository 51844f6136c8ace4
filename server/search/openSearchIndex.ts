import { MemoryStorage, PostgresStorage, SqliteStorage, type Storage } from '../persistence'
import { MemorySearchIndex } from './MemorySearchIndex'
import { PostgresSearchIndex } from './PostgresSearchIndex'
import type { SearchIndex } from './SearchIndex'
import { SqliteSearchIndex } from './SqliteSearchIndex'

/**
 * The search index that lives beside `storage` (same database file, schema or memory). Rejects
 * for a storage it has no index for, or when the tables cannot be created.
 */
export async function openSearchIndex(storage: Storage): Promise<SearchIndex> {
  if (storage instanceof SqliteStorage) return new SqliteSearchIndex(storage.database, storage.readOnly)
  if (storage instanceof PostgresStorage) return PostgresSearchIndex.open(storage)
  if (storage instanceof MemoryStorage) return new MemorySearchIndex()
  throw new Error('no search index for this storage')
}
