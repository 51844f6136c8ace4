// People's preferences (server/persistence/DocStorage.ts PersonPreferenceStore: the interface
// language of a signed-in person, issue 16) for every backend: MemoryStorage, SqliteStorage and
// PostgresStorage. PostgreSQL is a real server as in the other contract tests: TEST_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/test), fresh schemas referat_prefs_<random>_<n>,
// dropped afterwards. Without PostgreSQL its tests fail (never skip).
import { describe, expect, it } from 'vitest'
import { MemoryStorage, PostgresStorage, SqliteStorage, type Storage } from '../../server/persistence'
import { TEST_DATABASE_URL, useContractStorage } from '../helpers/contractStorage'

const contract = useContractStorage('referat_prefs')

interface Backend {
  name: string
  /** A backend with no preferences, and (where it has one) a second instance over the same data. */
  open(): Promise<{ storage: Storage; second: () => Promise<Storage> }>
}

const backends: Backend[] = [
  {
    name: 'MemoryStorage',
    open: async () => {
      const storage = contract.keep(new MemoryStorage())
      return { storage, second: async () => storage }
    },
  },
  {
    name: 'SqliteStorage',
    open: async () => {
      const dir = contract.tempDir()
      return { storage: contract.keep(new SqliteStorage(dir)), second: async () => contract.keep(new SqliteStorage(dir)) }
    },
  },
  {
    name: 'PostgresStorage',
    open: async () => {
      const schema = contract.schema()
      const storage = contract.keep(await PostgresStorage.open(TEST_DATABASE_URL, { schema }))
      return { storage, second: async () => contract.keep(await PostgresStorage.open(TEST_DATABASE_URL, { schema })) }
    },
  },
]

const kari = { issuer: 'https://idp.kommune.no', subject: 'sub-kari' }

describe.each(backends)('PersonPreferenceStore contract: $name', (backend) => {
  it('answers null for a person who chose no language, then the language they chose, the last choice winning', async () => {
    const { storage } = await backend.open()
    expect(await storage.getPersonLanguage(kari)).toBeNull()
    await storage.setPersonLanguage(kari, 'nn', '2026-03-01T10:00:00.000Z')
    expect(await storage.getPersonLanguage(kari)).toBe('nn')
    await storage.setPersonLanguage(kari, 'en', '2026-03-02T10:00:00.000Z')
    expect(await storage.getPersonLanguage(kari)).toBe('en')
    await storage.setPersonLanguage(kari, 'nb', '2026-03-03T10:00:00.000Z')
    expect(await storage.getPersonLanguage(kari)).toBe('nb')
  })

  it('keys the choice by issuer and subject together', async () => {
    const { storage } = await backend.open()
    const sameSubjectElsewhere = { issuer: 'https://login.annen.no', subject: kari.subject }
    const otherSubject = { issuer: kari.issuer, subject: 'sub-ola' }
    await storage.setPersonLanguage(kari, 'nn', '2026-03-01T10:00:00.000Z')
    await storage.setPersonLanguage(otherSubject, 'en', '2026-03-01T10:00:01.000Z')
    expect(await storage.getPersonLanguage(kari)).toBe('nn')
    expect(await storage.getPersonLanguage(otherSubject)).toBe('en')
    expect(await storage.getPersonLanguage(sameSubjectElsewhere)).toBeNull()
    await storage.setPersonLanguage(sameSubjectElsewhere, 'nb', '2026-03-01T10:00:02.000Z')
    expect(await storage.getPersonLanguage(kari)).toBe('nn')
    expect(await storage.getPersonLanguage(sameSubjectElsewhere)).toBe('nb')
  })

  it('keeps the choice for another instance over the same data (another server node, or after a restart)', async () => {
    const { storage, second } = await backend.open()
    await storage.setPersonLanguage(kari, 'nn', '2026-03-01T10:00:00.000Z')
    const other = await second()
    expect(await other.getPersonLanguage(kari)).toBe('nn')
    await other.setPersonLanguage(kari, 'en', '2026-03-01T11:00:00.000Z')
    expect(await storage.getPersonLanguage(kari)).toBe('en')
  })
})

describe('PersonPreferenceStore on a database made before it existed', () => {
  it('SqliteStorage creates the person_preferences table when it opens an older file', async () => {
    const dir = contract.tempDir()
    const older = new SqliteStorage(dir)
    older.database.exec('DROP TABLE person_preferences')
    await older.close()
    const storage = contract.keep(new SqliteStorage(dir))
    expect(await storage.getPersonLanguage(kari)).toBeNull()
    await storage.setPersonLanguage(kari, 'nn', '2026-03-01T10:00:00.000Z')
    expect(await storage.getPersonLanguage(kari)).toBe('nn')
  })

  it('PostgresStorage creates the person_preferences table when it opens an older schema', async () => {
    const schema = contract.schema()
    const older = await PostgresStorage.open(TEST_DATABASE_URL, { schema })
    await older.close()
    await contract.admin().query(`DROP TABLE "${schema}".person_preferences`)
    const storage = contract.keep(await PostgresStorage.open(TEST_DATABASE_URL, { schema }))
    expect(await storage.getPersonLanguage(kari)).toBeNull()
    await storage.setPersonLanguage(kari, 'nn', '2026-03-01T10:00:00.000Z')
    expect(await storage.getPersonLanguage(kari)).toBe('nn')
  })
})
