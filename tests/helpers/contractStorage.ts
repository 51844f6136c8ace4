// The set-up every storage contract test shares: a real PostgreSQL (TEST_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/test) where the test works in schemas of its own, dropped
// afterwards; temporary SQLite directories; every storage the test opened closed after each test.
// Without PostgreSQL the PostgreSQL cases fail (never skip) with how to start it.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Storage } from '../../server/persistence'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface ContractStorage {
  /** The admin connection to PostgreSQL; throws (failing the test) when PostgreSQL is not reachable. */
  admin(): pg.Client
  /** A new schema name `<prefix>_<random>_<n>`, dropped after all tests of the file; throws when PostgreSQL is not reachable. */
  schema(): string
  /** A new temporary directory, removed after the test. */
  tempDir(): string
  /** Closes `storage` after the test; returns it. */
  keep<S extends Storage>(storage: S): S
}

/** Registers the hooks of a contract test file (call at its top level); `prefix` names its schemas and directories. */
export function useContractStorage(prefix: string): ContractStorage {
  const stem = `${prefix}_${crypto.randomBytes(5).toString('hex')}`
  const schemas: string[] = []
  const opened: Storage[] = []
  const dirs: string[] = []
  let client: pg.Client | null = null
  let unavailable: string | null = null

  beforeAll(async () => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 })
    try {
      await c.connect()
      client = c
    } catch (err) {
      await c.end().catch(() => {})
      unavailable =
        `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(err as Error).message}). ` +
        'Start it with `pg_ctlcluster --skip-systemctl-redirect 15 main start`, or set TEST_DATABASE_URL ' +
        'to a database where this user may create schemas.'
    }
  })
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()))
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })
  afterAll(async () => {
    if (!client) return
    try {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    } finally {
      await client.end()
    }
  })

  const admin = (): pg.Client => {
    if (!client) throw new Error(unavailable ?? 'PostgreSQL set-up did not run')
    return client
  }
  return {
    admin,
    schema() {
      admin() // fails here, with how to start PostgreSQL, rather than in the storage's connect
      const name = `${stem}_${schemas.length}`
      schemas.push(name)
      return name
    },
    tempDir() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/_/g, '-')}-`))
      dirs.push(dir)
      return dir
    },
    keep(storage) {
      opened.push(storage)
      return storage
    },
  }
}
