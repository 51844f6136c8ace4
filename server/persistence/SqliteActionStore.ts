import type Database from 'better-sqlite3'
import type { ExtractedActionItem } from '../../shared/minutes'
import {
  ACTION_EVENT_COLUMNS,
  ACTION_ITEM_COLUMNS,
  MAX_ORGAN_ACTIONS,
  actionEventValues,
  toActionEvent,
  toActionItem,
  withStatus,
  type ActionEvent,
  type ActionEventRow,
  type ActionItemRecord,
  type ActionItemRow,
  type ActionStatusChange,
  type ActionStore,
} from './ActionStore'
import { StorageReadOnlyError, retryWhileBusy } from './storageErrors'

/** The follow-up tables (issue 15). Idempotent. */
export const ACTION_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS action_items (
  organ TEXT NOT NULL,
  meeting_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  text TEXT NOT NULL,
  owner TEXT,
  due_date TEXT,
  sak_number TEXT,
  sak_title TEXT,
  position INTEGER NOT NULL,
  in_minutes INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  status_at TEXT,
  status_by_name TEXT,
  status_by_role TEXT,
  status_in_meeting TEXT,
  status_note TEXT,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (meeting_id, item_id)
);
CREATE INDEX IF NOT EXISTS action_items_organ ON action_items (organ);
CREATE TABLE IF NOT EXISTS action_item_events (
  meeting_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT,
  by_name TEXT,
  by_role TEXT NOT NULL,
  in_meeting_id TEXT,
  PRIMARY KEY (meeting_id, item_id, seq)
);
`

/**
 * The follow-up lists in SQLite (the database of SqliteStorage, on its main-thread connection).
 * Calls that meet another process's lock are retried off the event loop as SqliteStorage's are;
 * on a read-only database writes reject with StorageReadOnlyError, and a database from before
 * these tables reads as empty lists.
 */
export class SqliteActionStore implements ActionStore {
  private statements: ReturnType<SqliteActionStore['prepare']> | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly options: { readonly readOnly: boolean; readonly busyWaitMs: number },
  ) {
    if (!options.readOnly) db.exec(ACTION_SCHEMA_SQL)
  }

  private prepare() {
    const db = this.db
    return {
      upsert: db.prepare<unknown[]>(
        `INSERT INTO action_items (${ACTION_ITEM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'open', NULL, NULL, NULL, NULL, NULL, ?) ` +
          'ON CONFLICT (meeting_id, item_id) DO UPDATE SET organ = excluded.organ, text = excluded.text, owner = excluded.owner, ' +
          'due_date = excluded.due_date, sak_number = excluded.sak_number, sak_title = excluded.sak_title, position = excluded.position, ' +
          'in_minutes = 1, synced_at = excluded.synced_at',
      ),
      meetingIds: db.prepare<[string], { item_id: string }>('SELECT item_id FROM action_items WHERE meeting_id = ? AND in_minutes = 1'),
      markGone: db.prepare<[string, string, string]>('UPDATE action_items SET in_minutes = 0, synced_at = ? WHERE meeting_id = ? AND item_id = ?'),
      organ: db.prepare<[string, number], ActionItemRow>(
        `SELECT ${ACTION_ITEM_COLUMNS} FROM action_items WHERE organ = ? AND in_minutes = 1 ORDER BY meeting_id, position LIMIT ?`,
      ),
      meeting: db.prepare<[string], ActionItemRow>(`SELECT ${ACTION_ITEM_COLUMNS} FROM action_items WHERE meeting_id = ? AND in_minutes = 1 ORDER BY position`),
      item: db.prepare<[string, string], ActionItemRow>(`SELECT ${ACTION_ITEM_COLUMNS} FROM action_items WHERE meeting_id = ? AND item_id = ?`),
      lastSeq: db.prepare<[string, string], { seq: number | null }>('SELECT max(seq) AS seq FROM action_item_events WHERE meeting_id = ? AND item_id = ?'),
      insertEvent: db.prepare<unknown[]>(`INSERT INTO action_item_events (${ACTION_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      setStatus: db.prepare<unknown[]>(
        'UPDATE action_items SET status = ?, status_at = ?, status_by_name = ?, status_by_role = ?, status_in_meeting = ?, status_note = ? WHERE meeting_id = ? AND item_id = ?',
      ),
      events: db.prepare<[string, string], ActionEventRow>(`SELECT ${ACTION_EVENT_COLUMNS} FROM action_item_events WHERE meeting_id = ? AND item_id = ? ORDER BY seq`),
    }
  }

  /** The statements; null on a read-only database from before the tables. */
  private stmt() {
    if (this.statements) return this.statements
    const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'action_item_events'").get() !== undefined
    if (!exists) return null
    this.statements = this.prepare()
    return this.statements
  }

  private read<T>(what: string, fn: (s: NonNullable<ReturnType<SqliteActionStore['stmt']>>) => T, empty: T): Promise<T> {
    return retryWhileBusy(what, this.options.busyWaitMs, () => {
      const s = this.stmt()
      return s ? fn(s) : empty
    })
  }

  private write<T>(what: string, fn: (s: NonNullable<ReturnType<SqliteActionStore['stmt']>>) => T): Promise<T> {
    if (this.options.readOnly) return Promise.reject(new StorageReadOnlyError(what))
    return retryWhileBusy(what, this.options.busyWaitMs, () => this.db.transaction(() => fn(this.stmt()!)).immediate())
  }

  syncMeetingActions(organ: string, meetingId: string, items: readonly ExtractedActionItem[], at: string): Promise<void> {
    return this.write('syncMeetingActions', (s) => {
      const present = new Set(items.map((i) => i.itemId))
      for (const { item_id } of s.meetingIds.all(meetingId)) if (!present.has(item_id)) s.markGone.run(at, meetingId, item_id)
      for (const i of items) s.upsert.run(organ, meetingId, i.itemId, i.text, i.owner, i.dueDate, i.sakNumber, i.sakTitle, i.position, at)
    })
  }

  listOrganActions(organ: string): Promise<ActionItemRecord[]> {
    return this.read('listOrganActions', (s) => s.organ.all(organ, MAX_ORGAN_ACTIONS).map(toActionItem), [])
  }

  listMeetingActions(meetingId: string): Promise<ActionItemRecord[]> {
    return this.read('listMeetingActions', (s) => s.meeting.all(meetingId).map(toActionItem), [])
  }

  setActionStatus(change: ActionStatusChange): Promise<ActionItemRecord | null> {
    return this.write('setActionStatus', (s) => {
      const row = s.item.get(change.meetingId, change.itemId)
      if (!row || !toActionItem(row).inMinutes) return null
      const seq = (s.lastSeq.get(change.meetingId, change.itemId)?.seq ?? 0) + 1
      s.insertEvent.run(...actionEventValues({ ...change, seq }))
      s.setStatus.run(change.status, change.at, change.byName, change.byRole, change.inMeetingId, change.note, change.meetingId, change.itemId)
      return withStatus(toActionItem(row), change)
    })
  }

  listActionEvents(meetingId: string, itemId: string): Promise<ActionEvent[]> {
    return this.read('listActionEvents', (s) => s.events.all(meetingId, itemId).map(toActionEvent), [])
  }
}
