// The storage contract (server/persistence/DocStorage.ts) for every backend: MemoryStorage,
// SqliteStorage and PostgresStorage. It lives in the integration project because PostgreSQL is a
// real server: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); this file
// works in a fresh schema referat_test_<random> and drops it afterwards. Without PostgreSQL the
// PostgreSQL tests fail (never skip) with how to start it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import Database from 'better-sqlite3'
import pg from 'pg'
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import type { MeetingSummary } from '../../shared/minutes'
import { verifyHistoryChain, type HistoryDraft } from '../../shared/record'
import {
  MemoryStorage,
  PostgresStorage,
  SqliteStorage,
  StorageCorruptError,
  loadDocument,
  type SealRecord,
  type Storage,
  type StorageTestHooks,
} from '../../server/persistence'

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const SCHEMA = `referat_test_${crypto.randomBytes(6).toString('hex')}`
/** Every table PostgresStorage creates: emptied when a test opens a "fresh" backend. */
const PG_TABLES = ['meetings', 'docs', 'updates', 'snapshots', 'tokens', 'versions', 'roster_members', 'client_ids', 'sessions', 'history_events', 'history_heads', 'seals', 'issued_files']

/** The admin connection (schema set-up and tear-down), or why there is none. */
let admin: pg.Client | null = null
let pgUnavailable: string | null = null

beforeAll(async () => {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    admin = client
  } catch (err) {
    await client.end().catch(() => {})
    pgUnavailable =
      `PostgreSQL is not reachable at ${DATABASE_URL} (${(err as Error).message}). ` +
      'Start it with `pg_ctlcluster --skip-systemctl-redirect 15 main start`, or set TEST_DATABASE_URL ' +
      'to a database where this user may create schemas.'
  }
})

afterAll(async () => {
  if (!admin) return
  try {
    for (const schema of [SCHEMA, `${SCHEMA}_race`]) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await admin.end()
  }
})

function requirePostgres(): pg.Client {
  if (!admin) throw new Error(pgUnavailable ?? 'PostgreSQL set-up did not run')
  return admin
}

/** Every storage a test opened, closed after it (close is idempotent in every backend). */
const opened: Storage[] = []
const dirs: string[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()))
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

const keep = <S extends Storage>(storage: S): S => {
  opened.push(storage)
  return storage
}

interface Opened {
  storage: Storage
  /** A second instance over the same data (another server node), where the backend has one. */
  reopen?: () => Promise<Storage>
}

interface Backend {
  name: string
  /** Sequence numbers per document are 1, 2, 3, ... (PostgreSQL); otherwise only increasing. */
  contiguousSeqs: boolean
  /** Opens a backend with no data in it. */
  open(hooks?: StorageTestHooks): Promise<Opened>
}

const backends: Backend[] = [
  {
    name: 'MemoryStorage',
    contiguousSeqs: false,
    open: async (hooks) => ({ storage: keep(new MemoryStorage(hooks)) }),
  },
  {
    name: 'SqliteStorage',
    contiguousSeqs: false,
    open: async (hooks) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referat-store-'))
      dirs.push(dir)
      return { storage: keep(new SqliteStorage(dir, hooks)), reopen: async () => keep(new SqliteStorage(dir)) }
    },
  },
  {
    name: 'PostgresStorage',
    contiguousSeqs: true,
    open: async (hooks) => {
      const client = requirePostgres()
      const storage = keep(await PostgresStorage.open(DATABASE_URL, { schema: SCHEMA, hooks }))
      await client.query(`TRUNCATE ${PG_TABLES.map((t) => `"${SCHEMA}".${t}`).join(', ')}`)
      return { storage, reopen: async () => keep(await PostgresStorage.open(DATABASE_URL, { schema: SCHEMA })) }
    },
  },
]

/** A second node over the same data: another instance where possible, else the same one. */
const secondNode = async ({ storage, reopen }: Opened): Promise<Storage> => (reopen ? reopen() : storage)

/** A client document and the updates it produced, one per edit. */
function editsOf(count: number, label = 'edit'): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  const fragment = doc.getXmlFragment(MINUTES_FRAGMENT)
  for (let i = 0; i < count; i++) {
    doc.transact(() => {
      const el = new Y.XmlElement('paragraph')
      fragment.insert(fragment.length, [el])
      el.insert(0, [new Y.XmlText(`${label} ${i}`)])
    })
  }
  return { doc, updates }
}

const text = (doc: Y.Doc) => doc.getXmlFragment(MINUTES_FRAGMENT).toString()

/** A document made of `updates` (in any order). */
function docFrom(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  doc.getXmlFragment(MINUTES_FRAGMENT)
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

/** The stored document's text, built from what load returns; fails on missing dependencies. */
async function storedText(storage: Storage, docName: string): Promise<string> {
  const stored = await storage.load(docName)
  expect(stored).not.toBeNull()
  const doc = docFrom(stored!.updates)
  expect(doc.store.pendingStructs).toBeNull()
  return text(doc)
}

/** loadDocument, awaited whether it returns the document or a promise of it. */
const loadDoc = async (storage: Storage, docName: string) => loadDocument(storage, docName)

const sortedNumbers = (values: number[]) => [...values].sort((a, b) => a - b)
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

const meeting = (id: string, date: string, createdAt: string): MeetingSummary => ({
  id, organ: 'Rådet', title: '', number: '', date, time: '', place: '', firstAgendaNumber: 1, createdAt,
})

describe.each(backends)('DocStorage contract: $name', (backend) => {
  it('returns null for a document that was never stored', async () => {
    const { storage } = await backend.open()
    expect(await storage.load('nothing')).toBeNull()
    expect(await storage.loadSince('nothing', 0)).toBeNull()
    expect(await storage.loadSince('nothing', 5)).toBeNull()
    expect(await loadDoc(storage, 'nothing')).toBeNull()
    await storage.close()
  })

  it('appends updates with increasing sequence numbers and loads them in order', async () => {
    const { storage } = await backend.open()
    const { doc, updates } = editsOf(5)
    const seqs: number[] = []
    for (const u of updates) seqs.push(await storage.append('doc', u))
    expect(sortedNumbers(seqs)).toEqual(seqs)
    expect(new Set(seqs).size).toBe(seqs.length)
    if (backend.contiguousSeqs) expect(seqs).toEqual([1, 2, 3, 4, 5])
    const stored = (await storage.load('doc'))!
    expect(stored.lastSeq).toBe(seqs.at(-1))
    expect(stored.uncompacted).toBe(5)
    expect(stored.updates.map((u) => [...u])).toEqual(updates.map((u) => [...u]))
    expect(text((await loadDoc(storage, 'doc'))!.doc)).toBe(text(doc))
    await storage.close()
  })

  it('appends a batch of several documents at once and returns each one’s last sequence number', async () => {
    const { storage, reopen } = await backend.open()
    const one = editsOf(3)
    const two = editsOf(2)
    const seqs = await storage.appendBatch([
      { docName: 'one', updates: one.updates },
      { docName: 'two', updates: two.updates },
    ])
    expect(seqs).toEqual([(await storage.load('one'))!.lastSeq, (await storage.load('two'))!.lastSeq])
    if (backend.contiguousSeqs) expect(seqs).toEqual([3, 2])
    const again = reopen ? await reopen() : storage
    expect((await again.load('one'))!.uncompacted).toBe(3)
    expect(await storedText(again, 'one')).toBe(text(one.doc))
    expect(await storedText(again, 'two')).toBe(text(two.doc))
    await again.close()
    await storage.close()
  })

  it('stores nothing of a batch that fails', async () => {
    const { storage } = await backend.open()
    const { updates } = editsOf(2)
    await storage.append('one', updates[0])
    const broken = [{ docName: 'one', updates: [updates[1]] }, { docName: 'two', updates: [null as unknown as Uint8Array] }]
    await expect(storage.appendBatch(broken)).rejects.toThrow()
    expect((await storage.load('one'))!.uncompacted).toBe(1)
    expect(await storage.load('two')).toBeNull()
    const next = await storage.append('one', updates[1])
    expect((await storage.load('one'))!.lastSeq).toBe(next)
    // The failed batch used up no sequence number.
    if (backend.contiguousSeqs) expect(next).toBe(2)
    await storage.close()
  })

  it('compacts into a snapshot, keeps later updates, and never reuses sequence numbers', async () => {
    const { storage, reopen } = await backend.open()
    const { doc, updates } = editsOf(6)
    const seqs: number[] = []
    for (const u of updates.slice(0, 4)) seqs.push(await storage.append('doc', u))
    const partial = (await loadDoc(storage, 'doc'))!.doc
    await storage.compact('doc', Y.encodeStateAsUpdate(partial), seqs[3])
    expect((await storage.load('doc'))!.uncompacted).toBe(0)
    const later: number[] = []
    for (const u of updates.slice(4)) later.push(await storage.append('doc', u))
    expect(later[0]).toBeGreaterThan(seqs[3])
    const stored = (await storage.load('doc'))!
    expect(stored.updates).toHaveLength(3)
    expect(stored.uncompacted).toBe(2)
    expect(stored.lastSeq).toBe(later[1])
    expect(await storedText(storage, 'doc')).toBe(text(doc))
    if (reopen) {
      await storage.close()
      const again = await reopen()
      expect(await storedText(again, 'doc')).toBe(text(doc))
      await again.close()
    } else await storage.close()
  })

  it('loses nothing when a compaction fails midway', async () => {
    let fail = true
    const { storage, reopen } = await backend.open({
      onCompactMidway: () => {
        if (fail) throw new Error('disk on fire')
      },
    })
    const { doc, updates } = editsOf(4)
    const seqs: number[] = []
    for (const u of updates) seqs.push(await storage.append('doc', u))
    await expect(storage.compact('doc', Y.encodeStateAsUpdate(doc), seqs.at(-1)!)).rejects.toThrow('disk on fire')
    const stored = (await storage.load('doc'))!
    expect(stored.uncompacted).toBe(4)
    expect(stored.updates).toHaveLength(4)
    expect(await storedText(storage, 'doc')).toBe(text(doc))
    if (reopen) {
      const again = await reopen()
      expect(await storedText(again, 'doc')).toBe(text(doc))
      await again.close()
    }
    fail = false
    await storage.compact('doc', Y.encodeStateAsUpdate(doc), seqs.at(-1)!)
    expect((await storage.load('doc'))!.updates).toHaveLength(1)
    expect(await storedText(storage, 'doc')).toBe(text(doc))
    await storage.close()
  })

  it('reports a corrupt stored update or snapshot as StorageCorruptError', async () => {
    const { storage } = await backend.open()
    const { updates } = editsOf(2)
    await storage.append('doc', updates[0])
    await storage.append('doc', new Uint8Array([1, 2, 3, 250, 7]))
    await expect(loadDoc(storage, 'doc')).rejects.toThrow(StorageCorruptError)
    await expect(loadDoc(storage, 'doc')).rejects.toThrow(/"doc".*blob 2 of 2/)
    await storage.compact('snap', new Uint8Array([0xff, 0xff, 0xff]), 0)
    await expect(loadDoc(storage, 'snap')).rejects.toThrow(StorageCorruptError)
    await storage.close()
  })

  it('reports stored updates with missing dependencies as StorageCorruptError', async () => {
    const { storage } = await backend.open()
    const { updates } = editsOf(3)
    await storage.append('doc', updates[2])
    await expect(loadDoc(storage, 'doc')).rejects.toThrow(/missing dependencies/)
    await storage.close()
  })

  it('loadSince returns exactly what came after, with the snapshot once compaction passed it', async () => {
    const { storage } = await backend.open()
    const { doc, updates } = editsOf(6)
    const seqs: number[] = []
    for (const u of updates.slice(0, 5)) seqs.push(await storage.append('doc', u))
    const bytes = (list: readonly Uint8Array[]) => list.map((u) => [...u])

    const since2 = (await storage.loadSince('doc', seqs[1]))!
    expect(bytes(since2.updates)).toEqual(bytes(updates.slice(2, 5)))
    expect(since2.lastSeq).toBe(seqs[4])
    expect(since2.uncompacted).toBe(5)
    const caughtUp = (await storage.loadSince('doc', seqs[4]))!
    expect(caughtUp.updates).toEqual([])
    expect(caughtUp.lastSeq).toBe(seqs[4])
    expect(bytes((await storage.loadSince('doc', 0))!.updates)).toEqual(bytes(updates.slice(0, 5)))

    // Compaction up to seqs[3] folds updates a node holding only seqs[0..1] has not seen.
    const merged = Y.encodeStateAsUpdate(docFrom(updates.slice(0, 4)))
    await storage.compact('doc', merged, seqs[3])
    const after = (await storage.loadSince('doc', seqs[1]))!
    expect(bytes(after.updates)).toEqual(bytes([merged, updates[4]]))
    expect(after.lastSeq).toBe(seqs[4])
    expect(after.uncompacted).toBe(1)
    // Catching up a document that holds the first two updates gives the whole text.
    const held = docFrom(updates.slice(0, 2))
    for (const u of after.updates) Y.applyUpdate(held, u)
    expect(text(held)).toBe(text(docFrom(updates.slice(0, 5))))
    // Past the snapshot: only the later updates, no snapshot.
    expect(bytes((await storage.loadSince('doc', seqs[3]))!.updates)).toEqual(bytes([updates[4]]))
    expect((await storage.loadSince('doc', seqs[4]))!.updates).toEqual([])

    const last = await storage.append('doc', updates[5])
    const tail = (await storage.loadSince('doc', seqs[4]))!
    expect(bytes(tail.updates)).toEqual(bytes([updates[5]]))
    expect(tail.lastSeq).toBe(last)
    expect(tail.uncompacted).toBe(2)
    expect(await storedText(storage, 'doc')).toBe(text(doc))
    await storage.close()
  })

  it('gives concurrent batches from two nodes distinct sequence numbers and stores them all', async () => {
    const opened = await backend.open()
    const nodeA = opened.storage
    const nodeB = await secondNode(opened)
    const writers = { aShared: editsOf(50, 'a'), aSide: editsOf(50, 'a side'), bShared: editsOf(50, 'b'), bSide: editsOf(50, 'b side') }
    // Node A lists its documents as shared, side; node B as side, shared (a lock-order trap).
    const results = await Promise.all(
      range(0, 49).flatMap((i) => [
        nodeA
          .appendBatch([
            { docName: 'shared', updates: [writers.aShared.updates[i]] },
            { docName: 'side', updates: [writers.aSide.updates[i]] },
          ])
          .then(([shared, side]) => ({ shared, side })),
        nodeB
          .appendBatch([
            { docName: 'side', updates: [writers.bSide.updates[i]] },
            { docName: 'shared', updates: [writers.bShared.updates[i]] },
          ])
          .then(([side, shared]) => ({ shared, side })),
      ]),
    )
    for (const docName of ['shared', 'side'] as const) {
      const seqs = results.map((r) => r[docName])
      expect(new Set(seqs).size, `${docName}: a sequence number was handed out twice`).toBe(100)
      if (backend.contiguousSeqs) expect(sortedNumbers(seqs)).toEqual(range(1, 100))
      for (const node of [nodeA, nodeB]) {
        const stored = (await node.load(docName))!
        expect(stored.uncompacted).toBe(100)
        expect(stored.lastSeq).toBe(Math.max(...seqs))
      }
    }
    const expected = (a: Uint8Array[], b: Uint8Array[]) => text(docFrom([...a, ...b]))
    expect(await storedText(nodeB, 'shared')).toBe(expected(writers.aShared.updates, writers.bShared.updates))
    expect(await storedText(nodeA, 'side')).toBe(expected(writers.aSide.updates, writers.bSide.updates))
    expect(await storedText(nodeA, 'shared')).toContain('a 49')
    expect(await storedText(nodeA, 'shared')).toContain('b 49')
  })

  it('serialises two nodes compacting one document at once: nothing lost or doubled, the newest snapshot wins', async () => {
    const opened = await backend.open()
    const nodes = [opened.storage, await secondNode(opened)]
    const { doc, updates } = editsOf(60)
    const seqs: number[] = []
    let maxUpto = 0
    let newest: Uint8Array | null = null
    // Each round appends 12 updates, then two nodes compact at different points while both
    // append more; odd rounds start the newer compaction first.
    for (let round = 0; round < 5; round++) {
      const base = round * 12
      for (const u of updates.slice(base, base + 10)) seqs.push(await nodes[round % 2].append('doc', u))
      const older = { upto: seqs[base + 4], state: Y.encodeStateAsUpdate(docFrom(updates.slice(0, base + 5))) }
      const newer = { upto: seqs[base + 9], state: Y.encodeStateAsUpdate(docFrom(updates.slice(0, base + 10))) }
      const [first, second] = round % 2 === 0 ? [older, newer] : [newer, older]
      const [, , seqX, seqY] = await Promise.all([
        nodes[0].compact('doc', first.state, first.upto),
        nodes[1].compact('doc', second.state, second.upto),
        nodes[0].append('doc', updates[base + 10]),
        nodes[1].append('doc', updates[base + 11]),
      ])
      seqs.push(...(seqX < seqY ? [seqX, seqY] : [seqY, seqX]))
      maxUpto = newer.upto
      newest = newer.state

      for (const node of nodes) {
        const stored = (await node.load('doc'))!
        const after = seqs.filter((s) => s > maxUpto).length
        expect(stored.uncompacted, `round ${round}`).toBe(after)
        expect(stored.updates).toHaveLength(1 + after)
        expect([...stored.updates[0]], `round ${round}: the newest snapshot`).toEqual([...newest])
        expect(stored.lastSeq).toBe(Math.max(...seqs))
        expect(await storedText(node, 'doc')).toBe(text(docFrom(updates.slice(0, base + 12))))
      }
    }
    expect(new Set(seqs).size).toBe(seqs.length)

    // A stale compaction (another node compacted further meanwhile) changes nothing.
    const before = (await nodes[1].load('doc'))!
    await nodes[1].compact('doc', Y.encodeStateAsUpdate(docFrom(updates.slice(0, 3))), seqs[2])
    await nodes[0].compact('doc', newest!, maxUpto)
    const unchanged = (await nodes[0].load('doc'))!
    expect(unchanged.updates.map((u) => [...u])).toEqual(before.updates.map((u) => [...u]))
    expect(unchanged.uncompacted).toBe(before.uncompacted)
    expect(unchanged.lastSeq).toBe(before.lastSeq)
    expect(await storedText(nodes[1], 'doc')).toBe(text(doc))
  })

  it('stores meetings with their first update and lists them newest date first', async () => {
    const { storage } = await backend.open()
    const { updates } = editsOf(1)
    await storage.createMeeting(meeting('b', '2024-01-01', '2024-01-01T10:00:00.000Z'), updates[0])
    await storage.createMeeting(meeting('a', '2024-03-01', '2024-01-01T09:00:00.000Z'), updates[0])
    await storage.createMeeting(meeting('c', '2024-01-01', '2024-01-02T10:00:00.000Z'), updates[0], new Map([['c/register', updates[0]]]))
    expect((await storage.listMeetings()).map((m) => m.id)).toEqual(['a', 'c', 'b'])
    expect(await storage.getMeeting('a')).toEqual(meeting('a', '2024-03-01', '2024-01-01T09:00:00.000Z'))
    expect(await storage.getMeeting('zzz')).toBeNull()
    expect((await storage.load('a'))!.updates).toHaveLength(1)
    expect((await storage.load('c/register'))!.updates).toHaveLength(1)
    await expect(storage.createMeeting(meeting('a', '2024-03-01', 'x'), updates[0])).rejects.toThrow()
    expect((await storage.load('a'))!.updates).toHaveLength(1)
    expect(await storage.getMeeting('a')).toEqual(meeting('a', '2024-03-01', '2024-01-01T09:00:00.000Z'))
    await storage.close()
  })
})

const token = (id: string, meetingId: string, createdAt: string) => ({
  id,
  meetingId,
  role: 'medlem' as const,
  name: id === 't1' ? 'Kari Nordmann' : null,
  org: id === 't1' ? 'KS' : null,
  createdAt,
  expiresAt: '2024-12-01T00:00:00.000Z',
  revokedAt: null,
  personEmail: null as string | null,
  personSubject: null as string | null,
})

describe.each(backends)('ClientIdStore contract: $name', (backend) => {
  it('binds a client id to its first owner for good, per document, and lists the bindings', async () => {
    const opened = await backend.open()
    const { storage } = opened
    expect(await storage.loadClientOwners('doc')).toEqual(new Map())
    expect(await storage.claimClientIds('doc', [7, 2 ** 32 - 1], 'token-a')).toEqual(new Map([[7, 'token-a'], [2 ** 32 - 1, 'token-a']]))
    // A second claim of a bound id answers the first owner and changes nothing.
    expect(await storage.claimClientIds('doc', [7, 8], 'token-b')).toEqual(new Map([[7, 'token-a'], [8, 'token-b']]))
    expect(await storage.claimClientIds('other-doc', [7], 'token-b')).toEqual(new Map([[7, 'token-b']]))
    const again = await secondNode(opened)
    expect(await again.loadClientOwners('doc')).toEqual(new Map([[7, 'token-a'], [8, 'token-b'], [2 ** 32 - 1, 'token-a']]))
    expect(await again.loadClientOwners('other-doc')).toEqual(new Map([[7, 'token-b']]))
  })

  it('gives a client id claimed by two nodes at once to exactly one of them', async () => {
    const opened = await backend.open()
    const nodeA = opened.storage
    const nodeB = await secondNode(opened)
    const ids = range(1, 40)
    const [a, b] = await Promise.all([nodeA.claimClientIds('doc', ids, 'token-a'), nodeB.claimClientIds('doc', [...ids].reverse(), 'token-b')])
    const stored = await nodeA.loadClientOwners('doc')
    for (const id of ids) {
      expect(a.get(id)).toBe(stored.get(id))
      expect(b.get(id)).toBe(stored.get(id))
    }
  })
})

describe.each(backends)('TokenStore contract: $name', (backend) => {
  it('stores tokens, lists a meeting’s oldest first, and revokes once', async () => {
    const { storage, reopen } = await backend.open()
    await storage.insertToken(token('t2', 'm1', '2024-03-01T10:00:00.000Z'))
    await storage.insertToken(token('t1', 'm1', '2024-03-01T09:00:00.000Z'))
    await storage.insertToken(token('t3', 'm2', '2024-03-01T08:00:00.000Z'))
    await expect(storage.insertToken(token('t1', 'm2', 'x'))).rejects.toThrow()
    expect(await storage.getToken('t1')).toEqual(token('t1', 'm1', '2024-03-01T09:00:00.000Z'))
    expect(await storage.getToken('nope')).toBeNull()
    expect((await storage.listTokens('m1')).map((t) => t.id)).toEqual(['t1', 't2'])
    expect(await storage.listTokens('m3')).toEqual([])

    expect(await storage.revokeToken('m2', 't1', '2024-03-02T00:00:00.000Z')).toBeNull()
    expect(await storage.revokeToken('m1', 'nope', '2024-03-02T00:00:00.000Z')).toBeNull()
    const revoked = await storage.revokeToken('m1', 't1', '2024-03-02T00:00:00.000Z')
    expect(revoked).toEqual({ ...token('t1', 'm1', '2024-03-01T09:00:00.000Z'), revokedAt: '2024-03-02T00:00:00.000Z' })
    expect((await storage.revokeToken('m1', 't1', '2024-03-03T00:00:00.000Z'))!.revokedAt).toBe('2024-03-02T00:00:00.000Z')
    const again = reopen ? await reopen() : storage
    expect((await again.getToken('t1'))!.revokedAt).toBe('2024-03-02T00:00:00.000Z')
    expect((await again.getToken('t2'))!.revokedAt).toBeNull()
    await again.close()
    await storage.close()
  })
})

describe.each(backends)('Personal invitations (TokenStore) contract: $name', (backend) => {
  it('lists a person’s invitations of every meeting by e-mail or subject, oldest first', async () => {
    const { storage, reopen } = await backend.open()
    await storage.insertToken({ ...token('p1', 'm1', '2024-03-01T10:00:00.000Z'), personEmail: 'kari@kommune.no' })
    await storage.insertToken({ ...token('p2', 'm2', '2024-03-01T09:00:00.000Z'), personSubject: 'sub-kari' })
    await storage.insertToken({ ...token('p3', 'm2', '2024-03-01T11:00:00.000Z'), personEmail: 'ola@kommune.no' })
    await storage.insertToken(token('p4', 'm1', '2024-03-01T12:00:00.000Z'))
    await storage.revokeToken('m1', 'p1', '2024-03-02T00:00:00.000Z')
    const again = await secondNode({ storage, reopen })
    const kari = await again.listPersonInvitations({ email: 'kari@kommune.no', subject: 'sub-kari' })
    expect(kari.map((t) => [t.id, t.personEmail, t.personSubject, t.revokedAt])).toEqual([
      ['p1', 'kari@kommune.no', null, '2024-03-02T00:00:00.000Z'],
      ['p2', null, 'sub-kari', null],
    ])
    expect((await again.listPersonInvitations({ email: null, subject: 'sub-kari' })).map((t) => t.id)).toEqual(['p2'])
    expect(await again.listPersonInvitations({ email: null, subject: 'nobody' })).toEqual([])
    expect(await again.getToken('p3')).toEqual({ ...token('p3', 'm2', '2024-03-01T11:00:00.000Z'), personEmail: 'ola@kommune.no' })
  })
})

const session = (idHash: string) => ({
  idHash,
  issuer: 'https://idp.kommune.no',
  subject: 'sub-kari',
  name: 'Kari Nordmann',
  email: 'kari@kommune.no',
  org: null as string | null,
  isAdmin: false,
  csrfToken: 'csrf-1',
  idToken: 'eyJ.id.token' as string | null,
  createdAt: '2024-03-01T10:00:00.000Z',
  expiresAt: '2024-03-01T22:00:00.000Z',
  revokedAt: null as string | null,
})

describe.each(backends)('SessionStore contract: $name', (backend) => {
  it('stores sessions by the hash of their id, refuses a second with the same hash, and revokes once', async () => {
    const { storage, reopen } = await backend.open()
    await storage.insertSession(session('h1'))
    await storage.insertSession({ ...session('h2'), isAdmin: true, org: 'Kommunen', idToken: null })
    await expect(storage.insertSession(session('h1'))).rejects.toThrow()
    expect(await storage.getSession('h1')).toEqual(session('h1'))
    expect(await storage.getSession('h2')).toEqual({ ...session('h2'), isAdmin: true, org: 'Kommunen', idToken: null })
    expect(await storage.getSession('nope')).toBeNull()
    expect(await storage.revokeSession('nope', '2024-03-01T11:00:00.000Z')).toBeNull()
    expect(await storage.revokeSession('h1', '2024-03-01T11:00:00.000Z')).toEqual({ ...session('h1'), revokedAt: '2024-03-01T11:00:00.000Z' })
    expect((await storage.revokeSession('h1', '2024-03-01T12:00:00.000Z'))!.revokedAt).toBe('2024-03-01T11:00:00.000Z')
    const again = await secondNode({ storage, reopen })
    expect((await again.getSession('h1'))!.revokedAt).toBe('2024-03-01T11:00:00.000Z')
    expect((await again.getSession('h2'))!.revokedAt).toBeNull()
  })

  it('deletes the sessions that ended before a time (expired or revoked), and only those', async () => {
    const { storage } = await backend.open()
    await storage.insertSession({ ...session('expired'), expiresAt: '2024-03-01T12:00:00.000Z' })
    await storage.insertSession({ ...session('revoked'), expiresAt: '2024-03-09T00:00:00.000Z' })
    await storage.revokeSession('revoked', '2024-03-01T13:00:00.000Z')
    await storage.insertSession({ ...session('live'), expiresAt: '2024-03-09T00:00:00.000Z' })
    await storage.insertSession({ ...session('ends-later'), expiresAt: '2024-03-02T12:00:00.000Z' })
    expect(await storage.deleteEndedSessions('2024-03-02T00:00:00.000Z')).toBe(2)
    expect(await storage.getSession('expired')).toBeNull()
    expect(await storage.getSession('revoked')).toBeNull()
    expect(await storage.getSession('live')).not.toBeNull()
    expect(await storage.getSession('ends-later')).not.toBeNull()
    expect(await storage.deleteEndedSessions('2024-03-02T00:00:00.000Z')).toBe(0)
  })

  it('lists the sessions still active at a time, newest first, all or one person’s', async () => {
    const { storage, reopen } = await backend.open()
    await storage.insertSession({ ...session('old'), createdAt: '2024-03-01T08:00:00.000Z' })
    await storage.insertSession({ ...session('new'), createdAt: '2024-03-01T09:00:00.000Z' })
    await storage.insertSession({ ...session('ola'), subject: 'sub-ola', createdAt: '2024-03-01T08:30:00.000Z' })
    await storage.insertSession({ ...session('other-issuer'), issuer: 'https://other.example', createdAt: '2024-03-01T08:45:00.000Z' })
    await storage.insertSession({ ...session('expired'), expiresAt: '2024-03-01T11:00:00.000Z' })
    await storage.insertSession(session('revoked'))
    await storage.revokeSession('revoked', '2024-03-01T10:30:00.000Z')
    const now = '2024-03-01T12:00:00.000Z'
    const again = await secondNode({ storage, reopen })
    expect((await again.listActiveSessions(now)).map((s) => s.idHash)).toEqual(['new', 'other-issuer', 'ola', 'old'])
    expect((await again.listActiveSessions(now, { issuer: 'https://idp.kommune.no', subject: 'sub-kari' })).map((s) => s.idHash)).toEqual(['new', 'old'])
    expect(await again.listActiveSessions(now, { issuer: 'https://idp.kommune.no', subject: 'nobody' })).toEqual([])
    expect((await again.listActiveSessions('2024-03-01T10:59:00.000Z')).map((s) => s.idHash)).toContain('expired')
    expect((await again.listActiveSessions(now))[0]).toEqual({ ...session('new'), createdAt: '2024-03-01T09:00:00.000Z' })
  })
})

describe('SqliteStorage on its appender thread', () => {
  it('claims client ids and compacts once another connection lets go of the write lock, and both are on disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referat-store-'))
    dirs.push(dir)
    const storage = keep(new SqliteStorage(dir))
    const { doc, updates } = editsOf(3)
    let lastSeq = 0
    for (const u of updates) lastSeq = await storage.append('doc', u)
    // Another process (here: another connection) holds the write lock while the requests start.
    const other = new Database(path.join(dir, 'referat.sqlite'))
    other.exec('BEGIN IMMEDIATE')
    const claimed = storage.claimClientIds('doc', [41, 42], 'token-a')
    const compacted = storage.compact('doc', Y.encodeStateAsUpdate(doc), lastSeq)
    await new Promise<void>((resolve) => setImmediate(resolve))
    other.exec('COMMIT')
    expect(await claimed).toEqual(new Map([[41, 'token-a'], [42, 'token-a']]))
    await compacted
    const rows = other.prepare('SELECT client_id, owner FROM client_ids WHERE doc = ? ORDER BY client_id').all('doc')
    expect(rows).toEqual([{ client_id: 41, owner: 'token-a' }, { client_id: 42, owner: 'token-a' }])
    expect(other.prepare('SELECT upto_seq FROM snapshots WHERE doc = ?').get('doc')).toEqual({ upto_seq: lastSeq })
    expect(other.prepare('SELECT COUNT(*) AS n FROM updates WHERE doc = ?').get('doc')).toEqual({ n: 0 })
    other.close()
    expect(await storedText(storage, 'doc')).toBe(text(doc))
  })
})

describe('SqliteStorage migration', () => {
  it('adds the person columns to a tokens table made by an older version, keeping its rows', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referat-store-'))
    dirs.push(dir)
    const old = new Database(path.join(dir, 'referat.sqlite'))
    old.exec(
      'CREATE TABLE tokens (id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, role TEXT NOT NULL, name TEXT, org TEXT, ' +
        'created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT)',
    )
    old.prepare("INSERT INTO tokens VALUES ('t0', 'm1', 'medlem', NULL, NULL, '2024-01-01T00:00:00.000Z', '2024-12-01T00:00:00.000Z', NULL)").run()
    old.close()
    const storage = keep(new SqliteStorage(dir))
    expect((await storage.getToken('t0'))!.personEmail).toBeNull()
    await storage.insertToken({ ...token('t1', 'm1', '2024-03-01T10:00:00.000Z'), personEmail: 'kari@kommune.no' })
    expect((await storage.listPersonInvitations({ email: 'kari@kommune.no', subject: 'x' })).map((t) => t.id)).toEqual(['t1'])
  })
})

const version = (meetingId: string, id: string, state: Uint8Array, name = `Versjon ${id}`) => ({
  meetingId,
  id,
  name,
  createdAt: '2024-03-01T10:00:00.000Z',
  createdByTokenId: 'tok-1',
  createdByName: null,
  createdByRole: 'sekretær' as const,
  state,
})

describe.each(backends)('VersionStore contract: $name', (backend) => {
  it('stores versions with their exact state and lists them oldest first without it', async () => {
    const { storage, reopen } = await backend.open()
    const { doc } = editsOf(3)
    const state = Y.encodeStateAsUpdate(doc)
    await storage.insertVersion(version('m1', 'v1', state, 'Utkast til medlemmer'))
    await storage.insertVersion({ ...version('m1', 'v2', new Uint8Array([1, 2])), createdByName: 'Siri Sekretær' })
    await storage.insertVersion(version('m2', 'v1', new Uint8Array([3])))
    const check = async (s: Storage) => {
      const { state: _a, ...first } = version('m1', 'v1', state, 'Utkast til medlemmer')
      const { state: _b, ...second } = version('m1', 'v2', state)
      expect(await s.listVersions('m1')).toEqual([first, { ...second, createdByName: 'Siri Sekretær' }])
      const got = (await s.getVersion('m1', 'v1'))!
      expect(got.name).toBe('Utkast til medlemmer')
      expect([...got.state]).toEqual([...state])
      const copy = new Y.Doc()
      Y.applyUpdate(copy, got.state)
      expect(text(copy)).toBe(text(doc))
      expect(await s.getVersion('m1', 'nope')).toBeNull()
      expect(await s.getVersion('m3', 'v1')).toBeNull()
      expect(await s.listVersions('m3')).toEqual([])
    }
    await check(storage)
    if (reopen) {
      await storage.close()
      const again = await reopen()
      await check(again)
      await again.close()
    } else await storage.close()
  })

  it('never overwrites a version: a second insert with the same id rejects and changes nothing', async () => {
    const { storage } = await backend.open()
    await storage.insertVersion(version('m1', 'v1', new Uint8Array([1])))
    await expect(storage.insertVersion(version('m1', 'v1', new Uint8Array([2]), 'Annen'))).rejects.toThrow()
    expect((await storage.listVersions('m1')).map((v) => v.name)).toEqual(['Versjon v1'])
    expect([...(await storage.getVersion('m1', 'v1'))!.state]).toEqual([1])
    await storage.close()
  })

  it('keeps a stored version unchanged when the caller changes its bytes afterwards', async () => {
    const { storage } = await backend.open()
    const bytes = new Uint8Array([1, 2, 3])
    await storage.insertVersion(version('m1', 'v1', bytes))
    bytes[0] = 9
    ;(await storage.getVersion('m1', 'v1'))!.state[1] = 9
    expect([...(await storage.getVersion('m1', 'v1'))!.state]).toEqual([1, 2, 3])
    await storage.close()
  })
})

describe.each(backends)('HistoryStore contract: $name', (backend) => {
  const draft = (meetingId: string, i: number): HistoryDraft => ({
    meetingId,
    at: new Date(Date.UTC(2023, 9, 4, 9, i)).toISOString(),
    actor: { role: 'møteleder', name: 'Ánde Čoarvi', verified: true, tokenId: 'tok-1', issuer: 'https://idp.example', subject: 'sub-1' },
    kind: i % 2 === 0 ? 'decision-confirmed' : 'flag-raised',
    details: { sakId: `sak-${i}`, textSha256: 'ab'.repeat(32), roles: ['møteleder', 'sekretær'], reconfirmation: i > 2, n: i },
  })

  it('chains each meeting’s events from 1, lists them in pages as stored, and records the head', async () => {
    const { storage } = await backend.open()
    expect(await storage.historyHead('m1')).toBeNull()
    expect(await storage.listHistory('m1', 0, 10)).toEqual([])
    const appended = []
    for (let i = 1; i <= 5; i++) appended.push(await storage.appendHistoryEvent(draft('m1', i)))
    await storage.appendHistoryEvent(draft('m2', 1))
    expect(appended.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
    const page1 = await storage.listHistory('m1', 0, 2)
    const page2 = await storage.listHistory('m1', 2, 100)
    expect([...page1, ...page2]).toEqual(appended)
    expect(appended[0].actor.name).toBe('Ánde Čoarvi')
    expect(await storage.historyHead('m1')).toEqual({ seq: 5, hash: appended[4].hash })
    expect(verifyHistoryChain('m1', [...page1, ...page2], await storage.historyHead('m1'))).toMatchObject({ ok: true, events: 5 })
    expect(await storage.listHistory('m2', 0, 10)).toHaveLength(1)
  })

  it('never forks: two nodes appending to one meeting at once get one chain', async () => {
    const opened = await backend.open()
    const other = await secondNode(opened)
    const appends = []
    for (let i = 1; i <= 20; i++) appends.push((i % 2 === 0 ? opened.storage : other).appendHistoryEvent(draft('race', i)))
    const events = await Promise.all(appends)
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    const stored = await opened.storage.listHistory('race', 0, 1000)
    expect(verifyHistoryChain('race', stored, await opened.storage.historyHead('race'))).toMatchObject({ ok: true, events: 20 })
  })
})

const seal = (meetingId: string, sha256: string, overrides: Partial<SealRecord> = {}): SealRecord => ({
  meetingId,
  versionId: 'v1',
  versionName: 'Godkjent 12. oktober 2023',
  sha256,
  canonicalJson: `{"meeting":{"id":"${meetingId}"},"organ":"Sámediggi – Čoahkkin"}`,
  versionStateSha256: 'ab'.repeat(32),
  approvedAt: '2023-10-12T10:00:00.000Z',
  approvedIn: 'Møte 4/2023',
  approvedByName: 'Máret Ŋuolja',
  approvedByRole: 'møteleder',
  ...overrides,
})

describe.each(backends)('SealStore contract: $name', (backend) => {
  it('seals a meeting once: a second seal is not stored and the first is returned', async () => {
    const { storage, reopen } = await backend.open()
    const first = seal('m1', '11'.repeat(32))
    expect(await storage.insertSeal(first)).toEqual(first)
    expect(await storage.insertSeal(seal('m1', '22'.repeat(32), { versionId: 'v2' }))).toEqual(first)
    await storage.insertSeal(seal('m2', '33'.repeat(32), { approvedIn: null, approvedByName: null }))
    const check = async (s: Storage) => {
      expect(await s.getSeal('m1')).toEqual(first)
      expect(await s.findSealByHash('11'.repeat(32))).toEqual(first)
      expect(await s.findSealByHash('22'.repeat(32))).toBeNull()
      expect((await s.findSealByHash('33'.repeat(32)))?.approvedIn).toBeNull()
      expect(await s.getSeal('m3')).toBeNull()
    }
    await check(storage)
    if (reopen) {
      await storage.close()
      await check(await reopen())
    }
  })

  it('records issued files by SHA-256, keeping the first record of a hash', async () => {
    const { storage, reopen } = await backend.open()
    const file = { sha256: 'cd'.repeat(32), meetingId: 'm1', versionId: 'v1', sealSha256: '11'.repeat(32), format: 'pdf', sizeBytes: 5_000_000_000, issuedAt: '2023-10-12T10:00:00.000Z' }
    await storage.recordIssuedFile(file)
    await storage.recordIssuedFile({ ...file, format: 'docx', issuedAt: '2023-10-13T10:00:00.000Z' })
    const check = async (s: Storage) => {
      expect(await s.findIssuedFile('cd'.repeat(32))).toEqual(file)
      expect(await s.findIssuedFile('ef'.repeat(32))).toBeNull()
    }
    await check(storage)
    if (reopen) {
      await storage.close()
      await check(await reopen())
    }
  })
})

describe.each(backends)('RosterStore contract: $name', (backend) => {
  const members = [
    { id: 'm1', name: 'Erik Hansen', org: 'Helse Vest RHF', defaultGroup: 'presentList' as const },
    { id: 'm2', name: 'Lucie Aunan', org: 'Direktoratet for e-helse', defaultGroup: 'secretariatList' as const },
    { id: 'm3', name: 'Åse Ødegård', org: 'Bærum kommune', defaultGroup: 'observerList' as const },
  ]

  it('returns an empty roster for an organ that has none', async () => {
    const { storage } = await backend.open()
    expect(await storage.getRoster('Nasjonalt e-helseråd')).toEqual([])
    await storage.close()
  })

  it('stores a roster per organ in its order and replaces it whole', async () => {
    const { storage, reopen } = await backend.open()
    await storage.replaceRoster('Rådet for æøå', members)
    await storage.replaceRoster('Styret', [members[0]])
    expect(await storage.getRoster('Rådet for æøå')).toEqual(members)
    await storage.replaceRoster('Rådet for æøå', [members[2], members[0]])
    expect(await storage.getRoster('Rådet for æøå')).toEqual([members[2], members[0]])
    expect(await storage.getRoster('Styret')).toEqual([members[0]])
    if (reopen) {
      await storage.close()
      const again = await reopen()
      expect(await again.getRoster('Rådet for æøå')).toEqual([members[2], members[0]])
      await again.replaceRoster('Rådet for æøå', [])
      expect(await again.getRoster('Rådet for æøå')).toEqual([])
      await again.close()
    } else {
      await storage.replaceRoster('Rådet for æøå', [])
      expect(await storage.getRoster('Rådet for æøå')).toEqual([])
      await storage.close()
    }
  })

  it('changes nothing when a replacement fails (duplicate ids)', async () => {
    const { storage } = await backend.open()
    await storage.replaceRoster('Rådet', members)
    await expect(storage.replaceRoster('Rådet', [members[0], members[0]])).rejects.toThrow()
    expect(await storage.getRoster('Rådet')).toEqual(members)
    await storage.close()
  })

  it('keeps a stored roster unchanged when the caller changes its array afterwards', async () => {
    const { storage } = await backend.open()
    const given = members.map((m) => ({ ...m }))
    await storage.replaceRoster('Rådet', given)
    given.length = 0
    expect(await storage.getRoster('Rådet')).toEqual(members)
    await storage.close()
  })
})

describe('PostgresStorage', () => {
  it('reaches PostgreSQL (TEST_DATABASE_URL)', () => {
    requirePostgres()
  })

  it('creates its tables once when two processes start at once, and opens again over them', async () => {
    requirePostgres()
    const schema = `${SCHEMA}_race`
    const [a, b] = (await Promise.all([0, 1].map(() => PostgresStorage.open(DATABASE_URL, { schema, poolSize: 2 })))).map(keep)
    const seq = await a.append('doc', new Uint8Array([1]))
    expect(await b.append('doc', new Uint8Array([2]))).toBe(seq + 1)
    const c = keep(await PostgresStorage.open(DATABASE_URL, { schema }))
    expect((await c.load('doc'))!.lastSeq).toBe(seq + 1)
  })

  it('refuses a schema name that is not a plain identifier', async () => {
    for (const schema of ['Referat', 'a-b', 'x"; DROP TABLE t; --', '1abc', '']) {
      await expect(PostgresStorage.open(DATABASE_URL, { schema })).rejects.toThrow(/schema name/)
    }
  })

  it('stores nothing of a batch the database refuses, and hands out no sequence number for it', async () => {
    const { storage } = await backends[2].open()
    expect(await storage.append('one', new Uint8Array([1]))).toBe(1)
    // PostgreSQL text cannot hold NUL: the database rejects the batch midway.
    const batch = [{ docName: 'one', updates: [new Uint8Array([2])] }, { docName: 'bad\u0000name', updates: [new Uint8Array([3])] }]
    await expect(storage.appendBatch(batch)).rejects.toThrow()
    expect((await storage.load('one'))!.uncompacted).toBe(1)
    expect(await storage.append('one', new Uint8Array([4]))).toBe(2)
  })

  it('refuses a compaction beyond the last stored sequence number', async () => {
    const { storage } = await backends[2].open()
    await storage.append('doc', new Uint8Array([1]))
    await expect(storage.compact('doc', new Uint8Array([0, 0]), 2)).rejects.toThrow(/beyond/)
    expect((await storage.load('doc'))!.uncompacted).toBe(1)
  })

  it('lets calls in flight settle on close, and rejects calls afterwards', async () => {
    const { storage } = await backends[2].open()
    const pending = storage.append('doc', new Uint8Array([1]))
    const closed = storage.close()
    expect(await pending).toBe(1)
    await closed
    await storage.close()
    await expect(storage.load('doc')).rejects.toThrow(/closed/)
  })
})
