import { isLanguage, type Language } from '../../shared/i18n/languages'
import { t } from '../i18n'
import { call, meetingPath } from './api'

export { useMeetingLanguageSetting } from '../sync/meetingLanguage'

/**
 * `POST /api/meetings/:id/language` (sekretær, møteleder): sets the meeting's own language (the
 * language of its exports, and of the interface for readers who chose none). Returns the
 * language the server stored. Throws ApiError (403 for other roles, 400 for a bad value).
 */
export async function saveMeetingLanguage(token: string, meetingId: string, language: Language): Promise<Language> {
  const body = await call(`${meetingPath(meetingId)}/language`, token, t('editor.properties.language.error'), {
    method: 'POST',
    body: { language },
  })
  return isLanguage(body.language) ? body.language : language
}
