import { useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { isLanguage, type Language } from '../../shared/i18n/languages'
import { MEETING_LANGUAGE_KEY, REGISTER_MAPS } from '../../shared/register/register'
import type { MeetingRegister } from './MeetingRegister'

/**
 * The meeting's own language (the register's `meeting` map, key 'language'): the language of its
 * exports and of the minutes' text, and the interface language of readers who chose none.
 */

/** The meeting's language in a register Y.Doc; bokmål when the register does not say (older meetings). */
export function readMeetingLanguage(doc: Y.Doc): Language {
  const value: unknown = doc.getMap(REGISTER_MAPS.meeting).get(MEETING_LANGUAGE_KEY)
  return isLanguage(value) ? value : 'nb'
}

/** The meeting's language, live (a change by the server shows at once). */
export function useMeetingLanguageSetting(register: MeetingRegister): Language {
  return useSyncExternalStore(register.subscribe, () => readMeetingLanguage(register.doc))
}
