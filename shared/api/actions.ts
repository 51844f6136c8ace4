import type { ErrorDetail } from './errorCodes'
import type { AgendaDraft, MeetingSummary } from '../minutes'

/**
 * The organ's follow-up list of aksjonspunkter (issue 15): `GET /api/organs/:organ/actions`,
 * `POST /api/organs/:organ/actions/:id/status`, and the next meeting's proposal
 * `GET /api/organs/:organ/next-meeting`. A meeting's caller names the meeting their token or
 * invitation is for with `?meeting=<id>`; the admin needs none.
 */

/** What the list can be filtered by: open (overdue ones too), done, overdue (open and past the due date), all. */
export const ACTION_FILTERS = ['open', 'done', 'overdue', 'all'] as const
export type ActionFilter = (typeof ACTION_FILTERS)[number]

/** Longest note with a status change, in characters. */
export const MAX_ACTION_NOTE_CHARS = 500
/** Longest owner filter, in characters. */
export const MAX_OWNER_FILTER_CHARS = 200

/** One aksjonspunkt of the organ's list, as the API shows it. */
export interface ActionItemInfo {
  /** `<meetingId>.<itemId>`: the id in the status route. */
  readonly id: string
  readonly meetingId: string
  readonly meetingNumber: string
  /** ISO date of the meeting it was recorded in. */
  readonly meetingDate: string
  readonly text: string
  readonly owner: string | null
  readonly dueDate: string | null
  readonly sakNumber: string | null
  readonly sakTitle: string | null
  readonly status: 'open' | 'done'
  /** Open and its due date is before today (Norwegian time). */
  readonly overdue: boolean
  readonly statusAt: string | null
  readonly statusByName: string | null
  readonly statusByRole: string | null
  readonly statusNote: string | null
  /** The number of the meeting the status was changed in, when known. */
  readonly statusInMeetingNumber: string | null
  /** The caller may change its status (sekretær or møteleder of a later meeting of the organ, or the admin). */
  readonly canChange: boolean
}

export interface ActionListResponse {
  readonly organ: string
  /** Today's date in Norwegian time (what "overdue" is measured against). */
  readonly today: string
  readonly items: readonly ActionItemInfo[]
  /** Every owner named in the organ's list (for the filter), sorted. */
  readonly owners: readonly string[]
}

export interface ActionStatusRequest {
  readonly status: 'open' | 'done'
  readonly note?: string | null
}

export interface ActionStatusResponse {
  readonly item: ActionItemInfo
}

/** The proposal for an organ's next meeting: the agenda draft the import preview edits, the last meeting, and the roster. */
export interface NextMeetingResponse {
  readonly organ: string
  readonly last: MeetingSummary | null
  readonly draft: AgendaDraft
  /** The organ's roster (names and default groups), ticked into the new meeting's attendance from the meeting. */
  readonly roster: readonly { readonly name: string; readonly org: string; readonly defaultGroup: string }[]
}

/** A status change request that breaks the rules; `field` names the bad field. */
export class ActionRequestError extends Error {
  override name = 'ActionRequestError'
  constructor(
    readonly field: string,
    message: string,
    /** The stable code and its params (shared/api/errorCodes.ts), for the API's answer. */
    readonly detail: ErrorDetail,
  ) {
    super(message)
  }
}

/** Checks untrusted `{ status, note? }`; throws ActionRequestError naming the first bad field. */
export function parseActionStatusRequest(input: unknown): { status: 'open' | 'done'; note: string | null } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ActionRequestError('body', 'Forventet et JSON-objekt med «status».', { code: 'body-not-object' })
  const body = input as Record<string, unknown>
  const unknown = Object.keys(body).find((k) => k !== 'status' && k !== 'note')
  if (unknown !== undefined) {
    throw new ActionRequestError(unknown, `Ukjent felt «${unknown}»; kjente felt er status og note.`, {
      code: 'field-unknown',
      params: { field: unknown },
    })
  }
  if (body.status !== 'open' && body.status !== 'done') throw new ActionRequestError('status', '«status» må være «open» eller «done».', { code: 'field-invalid', params: { field: 'status' } })
  if (body.note !== undefined && body.note !== null && typeof body.note !== 'string') throw new ActionRequestError('note', '«note» må være tekst.', { code: 'field-not-text', params: { field: 'note' } })
  const note = typeof body.note === 'string' ? body.note.trim() : ''
  if (note.length > MAX_ACTION_NOTE_CHARS) {
    throw new ActionRequestError('note', `Merknaden kan ha høyst ${MAX_ACTION_NOTE_CHARS} tegn.`, {
      code: 'text-too-long',
      params: { field: 'note', max: MAX_ACTION_NOTE_CHARS },
    })
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(note)) throw new ActionRequestError('note', 'Merknaden inneholder kontrolltegn.', { code: 'text-control-characters', params: { field: 'note' } })
  return { status: body.status, note: note || null }
}

/** Reads `?status=` (default open); null for an unknown value. */
export function parseActionFilter(value: string | null): ActionFilter | null {
  if (value === null || value === '') return 'open'
  return (ACTION_FILTERS as readonly string[]).includes(value) ? (value as ActionFilter) : null
}
