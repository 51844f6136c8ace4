import type { ActionFilter, ActionItemInfo, ActionListResponse, NextMeetingResponse } from '../../shared'
import { t } from '../i18n'
import { call } from './api'

/**
 * The organ routes of the API (issue 15): the follow-up list, a status change, the next meeting's
 * proposal. `meetingId` names the meeting whose token or invitation `credential` is (null for the
 * admin key). Errors are ApiError with a message in the interface language (`common` catalogue:
 * the follow-up page and the editor both call these).
 */

const organPath = (organ: string, rest: string, meetingId: string | null, query: Record<string, string> = {}) => {
  const params = new URLSearchParams({ ...(meetingId ? { meeting: meetingId } : {}), ...query })
  const search = params.toString()
  return `/api/organs/${encodeURIComponent(organ)}${rest}${search ? `?${search}` : ''}`
}

/** `GET /api/organs/:organ/actions`. */
export async function fetchOrganActions(credential: string, organ: string, meetingId: string | null, filter: ActionFilter, owner = ''): Promise<ActionListResponse> {
  const query: Record<string, string> = { status: filter, ...(owner ? { owner } : {}) }
  const body = await call(organPath(organ, '/actions', meetingId, query), credential, t('common.error.fetchActions'))
  return body as unknown as ActionListResponse
}

/** `POST /api/organs/:organ/actions/:id/status`. */
export async function saveActionStatus(credential: string, organ: string, meetingId: string | null, id: string, status: 'open' | 'done', note: string | null): Promise<ActionItemInfo> {
  const body = await call(organPath(organ, `/actions/${encodeURIComponent(id)}/status`, meetingId), credential, t('common.error.saveActionStatus'), {
    method: 'POST',
    body: { status, note },
  })
  return body.item as ActionItemInfo
}

/** `GET /api/organs/:organ/next-meeting`. */
export async function fetchNextMeeting(credential: string, organ: string, meetingId: string | null): Promise<NextMeetingResponse> {
  return (await call(organPath(organ, '/next-meeting', meetingId), credential, t('common.error.fetchNextMeeting'))) as unknown as NextMeetingResponse
}
