// The follow-up store (server/persistence/ActionStore.ts) for every backend: MemoryStorage,
// SqliteStorage and PostgresStorage. PostgreSQL is a real server as in storageContract.test.ts:
// TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), a fresh schema
// referat_actions_<random>, dropped afterwards. Without PostgreSQL its tests fail (never skip).
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { ExtractedActionItem } from '../../shared/minutes'
import { MemoryStorage, PostgresStorage, SqliteActionStore, SqliteStorage, StorageReadOnlyError, type ActionStatusChange, type Storage } from '../../server/persistence'
import { TEST_DATABASE_URL, useContractStorage } from '../helpers/contractStorage'

const contract = useContractStorage('referat_actions')

interface Backend {
  name: string
  /** A backend with no follow-up data, and (where it has one) a second instance over the same data. */
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

const item = (itemId: string, position: number, extra: Partial<ExtractedActionItem> = {}): ExtractedActionItem => ({
  itemId,
  text: `Punkt ${itemId}`,
  owner: 'Kari',
  dueDate: '2026-03-01',
  sakNumber: '12/26',
  sakTitle: 'Budsjett',
  position,
  ...extra,
})

const change = (meetingId: string, itemId: string, status: 'open' | 'done', at: string): ActionStatusChange => ({
  meetingId,
  itemId,
  status,
  note: status === 'done' ? 'Sendt 2. mars' : null,
  at,
  byName: 'Siri Sekretær',
  byRole: 'sekretær',
  inMeetingId: 'meeting-later',
})

describe.each(backends)('ActionStore contract: $name', (backend) => {
  it('reads a meeting’s items in and lists them per organ and per meeting, open by default', async () => {
    const { storage } = await backend.open()
    await storage.actions.syncMeetingActions('Rådet', 'meeting-a', [item('a1', 0), item('a2', 1, { owner: null, dueDate: null })], '2026-02-01T10:00:00.000Z')
    await storage.actions.syncMeetingActions('Styret', 'meeting-b', [item('b1', 0)], '2026-02-01T10:00:00.000Z')
    const organ = await storage.actions.listOrganActions('Rådet')
    expect(organ.map((i) => [i.meetingId, i.itemId, i.status, i.inMinutes])).toEqual([
      ['meeting-a', 'a1', 'open', true],
      ['meeting-a', 'a2', 'open', true],
    ])
    expect(organ[1]).toMatchObject({ owner: null, dueDate: null, sakNumber: '12/26', sakTitle: 'Budsjett', statusAt: null, syncedAt: '2026-02-01T10:00:00.000Z' })
    expect((await storage.actions.listMeetingActions('meeting-b')).map((i) => i.itemId)).toEqual(['b1'])
    expect(await storage.actions.listOrganActions('Ingen')).toEqual([])
  })

  it('keeps the status when the minutes are read in again, and leaves out items deleted from them', async () => {
    const { storage } = await backend.open()
    await storage.actions.syncMeetingActions('Rådet', 'meeting-a', [item('a1', 0), item('a2', 1)], '2026-02-01T10:00:00.000Z')
    const done = await storage.actions.setActionStatus(change('meeting-a', 'a1', 'done', '2026-03-02T09:00:00.000Z'))
    expect(done).toMatchObject({ status: 'done', statusByName: 'Siri Sekretær', statusByRole: 'sekretær', statusInMeeting: 'meeting-later', statusNote: 'Sendt 2. mars' })
    await storage.actions.syncMeetingActions('Rådet', 'meeting-a', [item('a1', 0, { text: 'Endret tekst' })], '2026-03-03T09:00:00.000Z')
    await storage.actions.syncMeetingActions('Rådet', 'meeting-a', [item('a1', 0, { text: 'Endret tekst' })], '2026-03-03T09:00:00.000Z')
    const list = await storage.actions.listOrganActions('Rådet')
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ itemId: 'a1', text: 'Endret tekst', status: 'done', statusAt: '2026-03-02T09:00:00.000Z' })
    // A deleted item cannot be changed; put back into the minutes, it returns with its status.
    expect(await storage.actions.setActionStatus(change('meeting-a', 'a2', 'done', '2026-03-04T09:00:00.000Z'))).toBeNull()
    await storage.actions.syncMeetingActions('Rådet', 'meeting-a', [], '2026-03-05T09:00:00.000Z')
    expect(await storage.actions.listOrganActions('Rådet')).toEqual([])
    await storage.actions.syncMeetingActions('Rådet', 'meeting-a', [item('a1', 0)], '2026-03-06T09:00:00.000Z')
    expect((await storage.actions.listMeetingActions('meeting-a'))[0].status).toBe('done')
  })

  it('keeps every status change in the item’s history, in order, also when made from two nodes', async () => {
    const { storage, second } = await backend.open()
    const other = await second()
    await storage.actions.syncMeetingActions('Rådet', 'meeting-a', [item('a1', 0)], '2026-02-01T10:00:00.000Z')
    await Promise.all([
      storage.actions.setActionStatus(change('meeting-a', 'a1', 'done', '2026-03-01T09:00:00.000Z')),
      other.actions.setActionStatus(change('meeting-a', 'a1', 'open', '2026-03-01T09:00:01.000Z')),
      storage.actions.setActionStatus(change('meeting-a', 'a1', 'done', '2026-03-01T09:00:02.000Z')),
    ])
    const events = await other.actions.listActionEvents('meeting-a', 'a1')
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3])
    expect(events[0]).toMatchObject({ meetingId: 'meeting-a', itemId: 'a1', byName: 'Siri Sekretær', byRole: 'sekretær', inMeetingId: 'meeting-later' })
    const status = (await storage.actions.listMeetingActions('meeting-a'))[0].status
    // The last change applied is the one the item shows.
    const lastApplied = events.at(-1)!.status
    expect(status).toBe(lastApplied)
    expect(await storage.actions.listActionEvents('meeting-a', 'nope')).toEqual([])
  })

  it('stores items with the longest text and characters outside ASCII as given', async () => {
    const { storage, second } = await backend.open()
    const text = `Æøå «sitat» — ${'x'.repeat(1980)}`
    await storage.actions.syncMeetingActions('Nasjonalt e-helseråd', 'meeting-a', [item('a1', 0, { text })], '2026-02-01T10:00:00.000Z')
    const [stored] = await (await second()).actions.listOrganActions('Nasjonalt e-helseråd')
    expect(stored.text).toBe(text)
  })
})

describe('SqliteActionStore on a read-only database', () => {
  it('lists what is stored and refuses writes; a database from before the tables reads as empty', async () => {
    const dir = contract.tempDir()
    const writable = new SqliteStorage(dir)
    await writable.actions.syncMeetingActions('Rådet', 'meeting-a', [item('a1', 0)], '2026-02-01T10:00:00.000Z')
    await writable.close()
    // The connection SqliteStorage opens on a read-only DATA_DIR (the tests run as root, for whom chmod changes nothing).
    const db = new Database(path.join(dir, 'referat.sqlite'), { readonly: true })
    const older = new Database(':memory:')
    try {
      const store = new SqliteActionStore(db, { readOnly: true, busyWaitMs: 100 })
      expect((await store.listOrganActions('Rådet')).map((i) => i.itemId)).toEqual(['a1'])
      await expect(store.setActionStatus(change('meeting-a', 'a1', 'done', '2026-03-01T09:00:00.000Z'))).rejects.toBeInstanceOf(StorageReadOnlyError)
      const before = new SqliteActionStore(older, { readOnly: true, busyWaitMs: 100 })
      expect(await before.listOrganActions('Rådet')).toEqual([])
      expect(await before.listActionEvents('meeting-a', 'a1')).toEqual([])
    } finally {
      db.close()
      older.close()
    }
  })
})
