import type { MeetingInfo, MeetingSummary } from '../../shared'

/** A failed API call, with a Norwegian message and, for validation errors, the field. */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message)
  }
}

const NETWORK_MESSAGE = 'Får ikke kontakt med serveren. Sjekk nettforbindelsen og prøv igjen.'

async function request(path: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { ...init, headers: { Accept: 'application/json', ...init?.headers } })
  } catch {
    throw new ApiError(NETWORK_MESSAGE)
  }
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await response.json()
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** `GET /api/meetings`. Throws ApiError. */
export async function fetchMeetings(): Promise<MeetingSummary[]> {
  const response = await request('/api/meetings')
  if (!response.ok) throw new ApiError(`Kunne ikke hente møtene (feil ${response.status}). Prøv igjen.`)
  const body = await readJson(response)
  return Array.isArray(body.meetings) ? (body.meetings as MeetingSummary[]) : []
}

/** `POST /api/meetings`. Throws ApiError; a validation error carries the field it is about. */
export async function createMeeting(info: MeetingInfo): Promise<MeetingSummary> {
  const response = await request('/api/meetings', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(info),
  })
  const body = await readJson(response)
  if (response.status === 201 && body.meeting) return body.meeting as MeetingSummary
  if (response.status === 400) {
    const message = typeof body.error === 'string' ? body.error : 'Noe i skjemaet er ikke gyldig.'
    throw new ApiError(message, typeof body.field === 'string' ? body.field : null)
  }
  throw new ApiError(`Kunne ikke opprette møtet (feil ${response.status}). Prøv igjen.`)
}
