import type { ExtractedActionItem } from '../../shared/minutes'
import { MAX_ORGAN_ACTIONS, withStatus, type ActionEvent, type ActionItemRecord, type ActionStatusChange, type ActionStore } from './ActionStore'

const keyOf = (meetingId: string, itemId: string) => `${meetingId}\u0000${itemId}`
const byMeetingThenPosition = (a: ActionItemRecord, b: ActionItemRecord) =>
  a.meetingId === b.meetingId ? a.position - b.position : a.meetingId < b.meetingId ? -1 : 1

/** The follow-up lists in memory, with the same contract as the SQL backends (tests). */
export class MemoryActionStore implements ActionStore {
  private readonly items = new Map<string, ActionItemRecord>()
  private readonly events = new Map<string, ActionEvent[]>()

  async syncMeetingActions(organ: string, meetingId: string, items: readonly ExtractedActionItem[], at: string): Promise<void> {
    const present = new Set(items.map((i) => i.itemId))
    for (const [key, item] of this.items) {
      if (item.meetingId === meetingId && !present.has(item.itemId)) this.items.set(key, { ...item, inMinutes: false, syncedAt: at })
    }
    for (const i of items) {
      const key = keyOf(meetingId, i.itemId)
      const old = this.items.get(key)
      const status = old ?? { status: 'open' as const, statusAt: null, statusByName: null, statusByRole: null, statusInMeeting: null, statusNote: null }
      this.items.set(key, {
        ...status,
        organ,
        meetingId,
        itemId: i.itemId,
        text: i.text,
        owner: i.owner,
        dueDate: i.dueDate,
        sakNumber: i.sakNumber,
        sakTitle: i.sakTitle,
        position: i.position,
        inMinutes: true,
        syncedAt: at,
      })
    }
  }

  async listOrganActions(organ: string): Promise<ActionItemRecord[]> {
    return [...this.items.values()].filter((i) => i.organ === organ && i.inMinutes).sort(byMeetingThenPosition).slice(0, MAX_ORGAN_ACTIONS)
  }

  async listMeetingActions(meetingId: string): Promise<ActionItemRecord[]> {
    return [...this.items.values()].filter((i) => i.meetingId === meetingId && i.inMinutes).sort(byMeetingThenPosition)
  }

  async setActionStatus(change: ActionStatusChange): Promise<ActionItemRecord | null> {
    const key = keyOf(change.meetingId, change.itemId)
    const item = this.items.get(key)
    if (!item?.inMinutes) return null
    const history = this.events.get(key) ?? []
    history.push({ ...change, seq: history.length + 1 })
    this.events.set(key, history)
    const updated = withStatus(item, change)
    this.items.set(key, updated)
    return updated
  }

  async listActionEvents(meetingId: string, itemId: string): Promise<ActionEvent[]> {
    return [...(this.events.get(keyOf(meetingId, itemId)) ?? [])]
  }
}
