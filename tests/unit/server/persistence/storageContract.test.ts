import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { MINUTES_FRAGMENT } from '../../../../shared/schema'
import type { MeetingSummary } from '../../../../shared/minutes'
import {
  MemoryStorage,
  SqliteStorage,
  StorageCorruptError,
  loadDocument,
  type Storage,
  type StorageTestHooks,
} from '../../../../server/persistence'

interface Backend {
  name: string
  /** Opens a backend; `reopen` gives a second instance over the same data where that exists. */
  open(hooks?: StorageTestHooks): { storage: Storage; reopen?: () => Storage }
}

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

const backends: Backend[] = [
  { name: 'MemoryStorage', open: (hooks) => ({ storage: new MemoryStorage(hooks) }) },
  {
    name: 'SqliteStorage',
    open: (hooks) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referat-store-'))
      dirs.push(dir)
      return { storage: new SqliteStorage(dir, hooks), reopen: () => new SqliteStorage(dir) }
    },
  },
]

/** A client document and the updates it produced, one per edit. */
function editsOf(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  const fragment = doc.getXmlFragment(MINUTES_FRAGMENT)
  for (let i = 0; i < count; i++) {
    doc.transact(() => {
      const el = new Y.XmlElement('paragraph')
      fragment.insert(fragment.length, [el])
      el.insert(0, [new Y.XmlText(`edit ${i}`)])
    })
  }
  return { doc, updates }
}

const text = (doc: Y.Doc) => doc.getXmlFragment(MINUTES_FRAGMENT).toString()

const meeting = (id: string, date: string, createdAt: string): MeetingSummary => ({
  id, organ: 'Rådet', title: '', number: '', date, time: '', place: '', firstAgendaNumber: 1, createdAt,
})

describe.each(backends)('DocStorage contract: $name', (backend) => {
  it('returns null for a document that was never stored', () => {
    const { storage } = backend.open()
    expect(storage.load('nothing')).toBeNull()
    expect(loadDocument(storage, 'nothing')).toBeNull()
    storage.close()
  })

  it('appends updates with increasing sequence numbers and loads them in order', () => {
    const { storage } = backend.open()
    const { doc, updates } = editsOf(5)
    const seqs = updates.map((u) => storage.append('doc', u))
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
    expect(new Set(seqs).size).toBe(seqs.length)
    const stored = storage.load('doc')!
    expect(stored.lastSeq).toBe(seqs.at(-1))
    expect(stored.uncompacted).toBe(5)
    expect(text(loadDocument(storage, 'doc')!.doc)).toBe(text(doc))
    storage.close()
  })

  it('appends a batch of several documents at once and returns each one’s last sequence number', () => {
    const { storage, reopen } = backend.open()
    const one = editsOf(3)
    const two = editsOf(2)
    const seqs = storage.appendBatch([
      { docName: 'one', updates: one.updates },
      { docName: 'two', updates: two.updates },
    ])
    expect(seqs).toEqual([storage.load('one')!.lastSeq, storage.load('two')!.lastSeq])
    expect(seqs[1]).toBeGreaterThan(seqs[0])
    const again = reopen ? reopen() : storage
    expect(again.load('one')!.uncompacted).toBe(3)
    expect(text(loadDocument(again, 'one')!.doc)).toBe(text(one.doc))
    expect(text(loadDocument(again, 'two')!.doc)).toBe(text(two.doc))
    if (again !== storage) again.close()
    storage.close()
  })

  it('stores nothing of a batch that fails', () => {
    const { storage } = backend.open()
    const { updates } = editsOf(2)
    storage.append('one', updates[0])
    const broken = [{ docName: 'one', updates: [updates[1]] }, { docName: 'two', updates: [null as unknown as Uint8Array] }]
    expect(() => storage.appendBatch(broken)).toThrow()
    expect(storage.load('one')!.uncompacted).toBe(1)
    expect(storage.load('two')).toBeNull()
    storage.close()
  })

  it('compacts into a snapshot, keeps later updates, and never reuses sequence numbers', () => {
    const { storage, reopen } = backend.open()
    const { doc, updates } = editsOf(6)
    const seqs = updates.slice(0, 4).map((u) => storage.append('doc', u))
    const partial = loadDocument(storage, 'doc')!.doc
    storage.compact('doc', Y.encodeStateAsUpdate(partial), seqs[3])
    expect(storage.load('doc')!.uncompacted).toBe(0)
    const later = updates.slice(4).map((u) => storage.append('doc', u))
    expect(later[0]).toBeGreaterThan(seqs[3])
    const stored = storage.load('doc')!
    expect(stored.updates).toHaveLength(3)
    expect(stored.uncompacted).toBe(2)
    expect(text(loadDocument(storage, 'doc')!.doc)).toBe(text(doc))
    if (reopen) {
      storage.close()
      const again = reopen()
      expect(text(loadDocument(again, 'doc')!.doc)).toBe(text(doc))
      again.close()
    } else storage.close()
  })

  it('loses nothing when a compaction fails midway', () => {
    let fail = true
    const { storage, reopen } = backend.open({
      onCompactMidway: () => {
        if (fail) throw new Error('disk on fire')
      },
    })
    const { doc, updates } = editsOf(4)
    const seqs = updates.map((u) => storage.append('doc', u))
    expect(() => storage.compact('doc', Y.encodeStateAsUpdate(doc), seqs.at(-1)!)).toThrow('disk on fire')
    const stored = storage.load('doc')!
    expect(stored.uncompacted).toBe(4)
    expect(stored.updates).toHaveLength(4)
    expect(text(loadDocument(storage, 'doc')!.doc)).toBe(text(doc))
    if (reopen) {
      const again = reopen()
      expect(text(loadDocument(again, 'doc')!.doc)).toBe(text(doc))
      again.close()
    }
    fail = false
    storage.compact('doc', Y.encodeStateAsUpdate(doc), seqs.at(-1)!)
    expect(storage.load('doc')!.updates).toHaveLength(1)
    expect(text(loadDocument(storage, 'doc')!.doc)).toBe(text(doc))
    storage.close()
  })

  it('reports a corrupt stored update or snapshot as StorageCorruptError', () => {
    const { storage } = backend.open()
    const { updates } = editsOf(2)
    storage.append('doc', updates[0])
    storage.append('doc', new Uint8Array([1, 2, 3, 250, 7]))
    expect(() => loadDocument(storage, 'doc')).toThrow(StorageCorruptError)
    expect(() => loadDocument(storage, 'doc')).toThrow(/"doc".*blob 2 of 2/)
    storage.compact('snap', new Uint8Array([0xff, 0xff, 0xff]), 0)
    expect(() => loadDocument(storage, 'snap')).toThrow(StorageCorruptError)
    storage.close()
  })

  it('reports stored updates with missing dependencies as StorageCorruptError', () => {
    const { storage } = backend.open()
    const { updates } = editsOf(3)
    storage.append('doc', updates[2])
    expect(() => loadDocument(storage, 'doc')).toThrow(/missing dependencies/)
    storage.close()
  })

  it('stores meetings with their first update and lists them newest date first', () => {
    const { storage } = backend.open()
    const { updates } = editsOf(1)
    storage.createMeeting(meeting('b', '2024-01-01', '2024-01-01T10:00:00.000Z'), updates[0])
    storage.createMeeting(meeting('a', '2024-03-01', '2024-01-01T09:00:00.000Z'), updates[0])
    storage.createMeeting(meeting('c', '2024-01-01', '2024-01-02T10:00:00.000Z'), updates[0])
    expect(storage.listMeetings().map((m) => m.id)).toEqual(['a', 'c', 'b'])
    expect(storage.getMeeting('a')).toEqual(meeting('a', '2024-03-01', '2024-01-01T09:00:00.000Z'))
    expect(storage.getMeeting('zzz')).toBeNull()
    expect(storage.load('a')!.updates).toHaveLength(1)
    expect(() => storage.createMeeting(meeting('a', '2024-03-01', 'x'), updates[0])).toThrow()
    expect(storage.load('a')!.updates).toHaveLength(1)
    storage.close()
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
  it('stores versions with their exact state and lists them oldest first without it', () => {
    const { storage, reopen } = backend.open()
    const { doc } = editsOf(3)
    const state = Y.encodeStateAsUpdate(doc)
    storage.insertVersion(version('m1', 'v1', state, 'Utkast til medlemmer'))
    storage.insertVersion({ ...version('m1', 'v2', new Uint8Array([1, 2])), createdByName: 'Siri Sekretær' })
    storage.insertVersion(version('m2', 'v1', new Uint8Array([3])))
    const check = (s: Storage) => {
      const { state: _a, ...first } = version('m1', 'v1', state, 'Utkast til medlemmer')
      const { state: _b, ...second } = version('m1', 'v2', state)
      expect(s.listVersions('m1')).toEqual([first, { ...second, createdByName: 'Siri Sekretær' }])
      const got = s.getVersion('m1', 'v1')!
      expect(got.name).toBe('Utkast til medlemmer')
      expect([...got.state]).toEqual([...state])
      const copy = new Y.Doc()
      Y.applyUpdate(copy, got.state)
      expect(text(copy)).toBe(text(doc))
      expect(s.getVersion('m1', 'nope')).toBeNull()
      expect(s.getVersion('m3', 'v1')).toBeNull()
      expect(s.listVersions('m3')).toEqual([])
    }
    check(storage)
    if (reopen) {
      storage.close()
      const again = reopen()
      check(again)
      again.close()
    } else storage.close()
  })

  it('never overwrites a version: a second insert with the same id throws and changes nothing', () => {
    const { storage } = backend.open()
    storage.insertVersion(version('m1', 'v1', new Uint8Array([1])))
    expect(() => storage.insertVersion(version('m1', 'v1', new Uint8Array([2]), 'Annen'))).toThrow()
    expect(storage.listVersions('m1').map((v) => v.name)).toEqual(['Versjon v1'])
    expect([...storage.getVersion('m1', 'v1')!.state]).toEqual([1])
    storage.close()
  })

  it('keeps a stored version unchanged when the caller changes its bytes afterwards', () => {
    const { storage } = backend.open()
    const bytes = new Uint8Array([1, 2, 3])
    storage.insertVersion(version('m1', 'v1', bytes))
    bytes[0] = 9
    storage.getVersion('m1', 'v1')!.state[1] = 9
    expect([...storage.getVersion('m1', 'v1')!.state]).toEqual([1, 2, 3])
    storage.close()
  })
})

describe.each(backends)('RosterStore contract: $name', (backend) => {
  const members = [
    { id: 'm1', name: 'Erik Hansen', org: 'Helse Vest RHF', defaultGroup: 'presentList' as const },
    { id: 'm2', name: 'Lucie Aunan', org: 'Direktoratet for e-helse', defaultGroup: 'secretariatList' as const },
    { id: 'm3', name: 'Åse Ødegård', org: 'Bærum kommune', defaultGroup: 'observerList' as const },
  ]

  it('returns an empty roster for an organ that has none', () => {
    const { storage } = backend.open()
    expect(storage.getRoster('Nasjonalt e-helseråd')).toEqual([])
    storage.close()
  })

  it('stores a roster per organ in its order and replaces it whole', () => {
    const { storage, reopen } = backend.open()
    storage.replaceRoster('Rådet for æøå', members)
    storage.replaceRoster('Styret', [members[0]])
    expect(storage.getRoster('Rådet for æøå')).toEqual(members)
    storage.replaceRoster('Rådet for æøå', [members[2], members[0]])
    expect(storage.getRoster('Rådet for æøå')).toEqual([members[2], members[0]])
    expect(storage.getRoster('Styret')).toEqual([members[0]])
    if (reopen) {
      storage.close()
      const again = reopen()
      expect(again.getRoster('Rådet for æøå')).toEqual([members[2], members[0]])
      again.replaceRoster('Rådet for æøå', [])
      expect(again.getRoster('Rådet for æøå')).toEqual([])
      again.close()
    } else {
      storage.replaceRoster('Rådet for æøå', [])
      expect(storage.getRoster('Rådet for æøå')).toEqual([])
      storage.close()
    }
  })

  it('changes nothing when a replacement fails (duplicate ids)', () => {
    const { storage } = backend.open()
    storage.replaceRoster('Rådet', members)
    expect(() => storage.replaceRoster('Rådet', [members[0], members[0]])).toThrow()
    expect(storage.getRoster('Rådet')).toEqual(members)
    storage.close()
  })

  it('keeps a stored roster unchanged when the caller changes its array afterwards', () => {
    const { storage } = backend.open()
    const given = members.map((m) => ({ ...m }))
    storage.replaceRoster('Rådet', given)
    given.length = 0
    expect(storage.getRoster('Rådet')).toEqual(members)
    storage.close()
  })
})
