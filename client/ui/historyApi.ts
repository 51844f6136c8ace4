import { historyPath, historyVerifyPath, type HistoryResponse, type HistoryVerifyResponse } from '../../shared'
import { t } from '../i18n'
import { ApiError, call } from './api'

/** `GET /api/meetings/:id/history?after=` (admin, møteleder, sekretær): one page, oldest first. Throws ApiError. */
export async function fetchHistory(token: string, meetingId: string, after = 0): Promise<HistoryResponse> {
  const body = await call(`${historyPath(meetingId)}?after=${after}`, token, t('editor.history.error.fetch'))
  if (!Array.isArray(body.events)) throw new ApiError(t('editor.history.error.noEvents'))
  return body as unknown as HistoryResponse
}

/** `GET /api/meetings/:id/history/verify`: the check of the whole chain. Throws ApiError. */
export async function verifyHistory(token: string, meetingId: string): Promise<HistoryVerifyResponse> {
  const body = await call(historyVerifyPath(meetingId), token, t('editor.history.error.verify'))
  if (typeof body.ok !== 'boolean') throw new ApiError(t('editor.history.error.noResult'))
  return body as unknown as HistoryVerifyResponse
}
