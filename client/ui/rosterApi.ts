import type { RosterMemberInput, RosterResponse } from '../../shared/api/roster'
import { t } from '../i18n'
import { call } from './api'

const rosterPath = (organ: string) => `/api/rosters/${encodeURIComponent(organ)}`

function toRoster(body: Record<string, unknown>, organ: string): RosterResponse {
  return {
    organ: typeof body.organ === 'string' ? body.organ : organ,
    members: Array.isArray(body.members) ? (body.members as RosterResponse['members']) : [],
  }
}

/** `GET /api/rosters/:organ` (admin). Throws ApiError. */
export async function fetchRoster(adminKey: string, organ: string): Promise<RosterResponse> {
  return toRoster(await call(rosterPath(organ), adminKey, t('admin.api.fetchRoster')), organ)
}

/** `PUT /api/rosters/:organ` (admin): replaces the roster. Throws ApiError (with `field`). */
export async function saveRoster(adminKey: string, organ: string, members: readonly RosterMemberInput[]): Promise<RosterResponse> {
  return toRoster(await call(rosterPath(organ), adminKey, t('admin.api.saveRoster'), { method: 'PUT', body: { members } }), organ)
}

/** `GET /api/meetings/:id/roster` (sekretær, møteleder): the roster of the meeting's organ. */
export async function fetchMeetingRoster(token: string, meetingId: string): Promise<RosterResponse> {
  return toRoster(await call(`/api/meetings/${encodeURIComponent(meetingId)}/roster`, token, 'Kunne ikke hente medlemslisten'), '')
}
