// The organ's follow-up list of aksjonspunkter (issue 15): the interface, and the rows both SQL
// backends share (same columns in SQLite and PostgreSQL).
import type { ExtractedActionItem } from '../../shared/minutes'

/** Where an aksjonspunkt stands in the organ's follow-up; "overdue" is derived (open and past its due date). */
export type ActionStatus = 'open' | 'done'

/** Who changed an aksjonspunkt's status: a role in a meeting of the organ, or the admin. */
export type ActionActorRole = 'sekretær' | 'møteleder' | 'admin'

/** An aksjonspunkt of the organ's follow-up list, as stored. */
export interface ActionItemRecord extends ExtractedActionItem {
  readonly organ: string
  readonly meetingId: string
  /** False once the item is no longer in its meeting's minutes (deleted there); kept with its history, left out of the lists. */
  readonly inMinutes: boolean
  readonly status: ActionStatus
  /** The last status change (ISO time, who, in which meeting, note); null while never changed. */
  readonly statusAt: string | null
  readonly statusByName: string | null
  readonly statusByRole: ActionActorRole | null
  readonly statusInMeeting: string | null
  readonly statusNote: string | null
  /** When the minutes were last read into the list (ISO time). */
  readonly syncedAt: string
}

/** A status change, as asked for and as kept in the item's history. */
export interface ActionStatusChange {
  readonly meetingId: string
  readonly itemId: string
  readonly status: ActionStatus
  readonly note: string | null
  /** ISO time. */
  readonly at: string
  readonly byName: string | null
  readonly byRole: ActionActorRole
  /** The (later) meeting the change was made in; null for the admin. */
  readonly inMeetingId: string | null
}

/** One entry of an aksjonspunkt's history (never changed or deleted). */
export interface ActionEvent extends ActionStatusChange {
  /** 1, 2, 3 ... per item. */
  readonly seq: number
}

/** Most items listOrganActions returns (an organ meeting ten times a year with a dozen items each has a few hundred in a decade). */
export const MAX_ORGAN_ACTIONS = 5000

/**
 * The follow-up lists of the organs: one row per aksjonspunkt (meeting id, item id), its text
 * read from the minutes, its status and the history of status changes. Reading the minutes in
 * (syncMeetingActions) never touches a status, so it may run any number of times, on any node.
 */
export interface ActionStore {
  /**
   * Makes the meeting's rows match `items` (read from its minutes at `at`): upserts each (text,
   * owner, due date, sak, position; inMinutes true), marks the meeting's other rows inMinutes
   * false. Keeps every status. One transaction; idempotent.
   */
  syncMeetingActions(organ: string, meetingId: string, items: readonly ExtractedActionItem[], at: string): Promise<void>
  /** The organ's items that are in their minutes, at most MAX_ORGAN_ACTIONS, by meeting id and position. */
  listOrganActions(organ: string): Promise<ActionItemRecord[]>
  /** The meeting's items that are in its minutes, by position. */
  listMeetingActions(meetingId: string): Promise<ActionItemRecord[]>
  /**
   * Sets the status of an item that is in its minutes and appends the change to its history, in
   * one transaction (changes to one item from any node are serialised). Returns the item as it is
   * afterwards, or null when there is no such item in the minutes.
   */
  setActionStatus(change: ActionStatusChange): Promise<ActionItemRecord | null>
  /** The item's history, oldest first. */
  listActionEvents(meetingId: string, itemId: string): Promise<ActionEvent[]>
}

/** The action_items table's columns, in the order actionItemValues gives them. */
export const ACTION_ITEM_COLUMNS =
  'organ, meeting_id, item_id, text, owner, due_date, sak_number, sak_title, position, in_minutes, status, status_at, status_by_name, status_by_role, status_in_meeting, status_note, synced_at'

export interface ActionItemRow {
  organ: string
  meeting_id: string
  item_id: string
  text: string
  owner: string | null
  due_date: string | null
  sak_number: string | null
  sak_title: string | null
  position: number | string
  in_minutes: number | boolean
  status: string
  status_at: string | null
  status_by_name: string | null
  status_by_role: string | null
  status_in_meeting: string | null
  status_note: string | null
  synced_at: string
}

export function toActionItem(row: ActionItemRow): ActionItemRecord {
  return {
    organ: row.organ,
    meetingId: row.meeting_id,
    itemId: row.item_id,
    text: row.text,
    owner: row.owner,
    dueDate: row.due_date,
    sakNumber: row.sak_number,
    sakTitle: row.sak_title,
    position: Number(row.position),
    inMinutes: row.in_minutes === true || row.in_minutes === 1,
    status: row.status === 'done' ? 'done' : 'open',
    statusAt: row.status_at,
    statusByName: row.status_by_name,
    statusByRole: row.status_by_role as ActionActorRole | null,
    statusInMeeting: row.status_in_meeting,
    statusNote: row.status_note,
    syncedAt: row.synced_at,
  }
}

/** The action_item_events table's columns, in the order actionEventValues gives them. */
export const ACTION_EVENT_COLUMNS = 'meeting_id, item_id, seq, at, status, note, by_name, by_role, in_meeting_id'

export interface ActionEventRow {
  meeting_id: string
  item_id: string
  seq: number | string
  at: string
  status: string
  note: string | null
  by_name: string | null
  by_role: string
  in_meeting_id: string | null
}

export function toActionEvent(row: ActionEventRow): ActionEvent {
  return {
    meetingId: row.meeting_id,
    itemId: row.item_id,
    seq: Number(row.seq),
    at: row.at,
    status: row.status === 'done' ? 'done' : 'open',
    note: row.note,
    byName: row.by_name,
    byRole: row.by_role as ActionActorRole,
    inMeetingId: row.in_meeting_id,
  }
}

/** An event's values in ACTION_EVENT_COLUMNS order. */
export function actionEventValues(e: ActionEvent): unknown[] {
  return [e.meetingId, e.itemId, e.seq, e.at, e.status, e.note, e.byName, e.byRole, e.inMeetingId]
}

/** The item after `change` (status columns replaced). */
export function withStatus(item: ActionItemRecord, change: ActionStatusChange): ActionItemRecord {
  return {
    ...item,
    status: change.status,
    statusAt: change.at,
    statusByName: change.byName,
    statusByRole: change.byRole,
    statusInMeeting: change.inMeetingId,
    statusNote: change.note,
  }
}
