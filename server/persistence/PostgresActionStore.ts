import type pg from 'pg'
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

/** The follow-up tables in schema `s` (a validated, quoted identifier). Idempotent. */
export const actionSchemaSql = (s: string): string => `
CREATE TABLE IF NOT EXISTS ${s}.action_items (
  organ TEXT NOT NULL,
  meeting_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  text TEXT NOT NULL,
  owner TEXT,
  due_date TEXT,
  sak_number TEXT,
  sak_title TEXT,
  position INTEGER NOT NULL,
  in_minutes BOOLEAN NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  status_at TEXT,
  status_by_name TEXT,
  status_by_role TEXT,
  status_in_meeting TEXT,
  status_note TEXT,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (meeting_id, item_id)
);
CREATE INDEX IF NOT EXISTS action_items_organ ON ${s}.action_items (organ);
CREATE TABLE IF NOT EXISTS ${s}.action_item_events (
  meeting_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  at TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT,
  by_name TEXT,
  by_role TEXT NOT NULL,
  in_meeting_id TEXT,
  PRIMARY KEY (meeting_id, item_id, seq)
);
`

/** How PostgresStorage lends its pool: one query, or a function inside one transaction (both tracked for close). */
export interface PostgresAccess {
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>
}

/**
 * The follow-up lists in PostgreSQL (PostgresStorage's schema and pool). A status change locks
 * the item's row (`FOR UPDATE`), so changes from several nodes are appended one after the other;
 * (meeting, item, seq) is the events' primary key as a second guard.
 */
export class PostgresActionStore implements ActionStore {
  private readonly items: string
  private readonly events: string

  constructor(
    schema: string,
    private readonly db: PostgresAccess,
  ) {
    this.items = `${schema}.action_items`
    this.events = `${schema}.action_item_events`
  }

  async syncMeetingActions(organ: string, meetingId: string, items: readonly ExtractedActionItem[], at: string): Promise<void> {
    const col = <K extends keyof ExtractedActionItem>(k: K) => items.map((i) => i[k])
    await this.db.transaction(async (c) => {
      await c.query(`UPDATE ${this.items} SET in_minutes = false, synced_at = $1 WHERE meeting_id = $2 AND in_minutes AND NOT (item_id = ANY($3::text[]))`, [
        at,
        meetingId,
        col('itemId'),
      ])
      if (items.length === 0) return
      await c.query(
        `INSERT INTO ${this.items} (${ACTION_ITEM_COLUMNS}) ` +
          `SELECT $1, $2, id, text, owner, due, num, title, pos, true, 'open', NULL, NULL, NULL, NULL, NULL, $3 ` +
          'FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[]) AS i(id, text, owner, due, num, title, pos) ' +
          'ON CONFLICT (meeting_id, item_id) DO UPDATE SET organ = excluded.organ, text = excluded.text, owner = excluded.owner, ' +
          'due_date = excluded.due_date, sak_number = excluded.sak_number, sak_title = excluded.sak_title, position = excluded.position, ' +
          'in_minutes = true, synced_at = excluded.synced_at',
        [organ, meetingId, at, col('itemId'), col('text'), col('owner'), col('dueDate'), col('sakNumber'), col('sakTitle'), col('position')],
      )
    })
  }

  async listOrganActions(organ: string): Promise<ActionItemRecord[]> {
    const { rows } = await this.db.query<ActionItemRow>(
      `SELECT ${ACTION_ITEM_COLUMNS} FROM ${this.items} WHERE organ = $1 AND in_minutes ORDER BY meeting_id, position LIMIT $2`,
      [organ, MAX_ORGAN_ACTIONS],
    )
    return rows.map(toActionItem)
  }

  async listMeetingActions(meetingId: string): Promise<ActionItemRecord[]> {
    const { rows } = await this.db.query<ActionItemRow>(`SELECT ${ACTION_ITEM_COLUMNS} FROM ${this.items} WHERE meeting_id = $1 AND in_minutes ORDER BY position`, [
      meetingId,
    ])
    return rows.map(toActionItem)
  }

  async setActionStatus(change: ActionStatusChange): Promise<ActionItemRecord | null> {
    return this.db.transaction(async (c) => {
      const { rows } = await c.query<ActionItemRow>(`SELECT ${ACTION_ITEM_COLUMNS} FROM ${this.items} WHERE meeting_id = $1 AND item_id = $2 FOR UPDATE`, [
        change.meetingId,
        change.itemId,
      ])
      if (rows.length === 0 || !toActionItem(rows[0]).inMinutes) return null
      const last = await c.query<{ seq: string | null }>(`SELECT max(seq) AS seq FROM ${this.events} WHERE meeting_id = $1 AND item_id = $2`, [change.meetingId, change.itemId])
      const seq = Number(last.rows[0]?.seq ?? 0) + 1
      await c.query(`INSERT INTO ${this.events} (${ACTION_EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, actionEventValues({ ...change, seq }))
      await c.query(
        `UPDATE ${this.items} SET status = $1, status_at = $2, status_by_name = $3, status_by_role = $4, status_in_meeting = $5, status_note = $6 WHERE meeting_id = $7 AND item_id = $8`,
        [change.status, change.at, change.byName, change.byRole, change.inMeetingId, change.note, change.meetingId, change.itemId],
      )
      return withStatus(toActionItem(rows[0]), change)
    })
  }

  async listActionEvents(meetingId: string, itemId: string): Promise<ActionEvent[]> {
    const { rows } = await this.db.query<ActionEventRow>(`SELECT ${ACTION_EVENT_COLUMNS} FROM ${this.events} WHERE meeting_id = $1 AND item_id = $2 ORDER BY seq`, [
      meetingId,
      itemId,
    ])
    return rows.map(toActionEvent)
  }
}
