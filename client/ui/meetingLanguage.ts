import { useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { MEETING_LANGUAGE_KEY, REGISTER_MAPS } from '../../shared/register/register'
import { isLanguage, type Language } from '../../shared/i18n/languages'
import { t } from '../i18n'
import type { MeetingRegister } from '../sync/MeetingRegister'
import { call, meetingPath } from './api'

/**
 * The meeting's own language (the register's `meeting` map, key 'language'): the language of its
 * exports and the interface language of readers who chose none. Shown and changed by the
 * secretary and the chair in the properties panel.
 */

/** The meeting's language in a register Y.Doc; bokmål when the register does not say (older meetings). */
export function readMeetingLanguage(doc: Y.Doc): Language {
  const value: unknown = doc.getMap(REGISTER_MAPS.meeting).get(MEETING_LANGUAGE_KEY)
  return isLanguage(value) ? value : 'nb'
}

/** The meeting's language, live (a change by someone else shows at once). */
export function useMeetingLanguageSetting(register: MeetingRegister): Language {
  return useSyncExternalStore(register.subscribe, () => readMeetingLanguage(register.doc))
}

/** `POST /api/meetings/:id/language` (sekretær, møteleder): the language the server stored. Throws ApiError. */
export async function saveMeetingLanguage(token: string, meetingId: string, language: Language): Promise<Language> {
  const body = await call(`${meetingPath(meetingId)}/language`, token, t('editor.properties.language.error'), {
    method: 'POST',
    body: { language },
  })
  return isLanguage(body.language) ? body.language : language
}
