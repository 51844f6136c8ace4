import { historyPath, historyVerifyPath, type HistoryResponse, type HistoryVerifyResponse } from '../../shared'
import { ApiError, call } from './api'

/** `GET /api/meetings/:id/history?after=` (admin, møteleder, sekretær): one page, oldest first. Throws ApiError. */
export async function fetchHistory(token: string, meetingId: string, after = 0): Promise<HistoryResponse> {
  const body = await call(`${historyPath(meetingId)}?after=${after}`, token, 'Kunne ikke hente historikken')
  if (!Array.isArray(body.events)) throw new ApiError('Serveren svarte uten historikk. Prøv igjen.')
  return body as unknown as HistoryResponse
}

/** `GET /api/meetings/:id/history/verify`: the check of the whole chain. Throws ApiError. */
export async function verifyHistory(token: string, meetingId: string): Promise<HistoryVerifyResponse> {
  const body = await call(historyVerifyPath(meetingId), token, 'Kunne ikke kontrollere historikken')
  if (typeof body.ok !== 'boolean') throw new ApiError('Serveren svarte uten resultat. Prøv igjen.')
  return body as unknown as HistoryVerifyResponse
}
