import { useSyncExternalStore } from 'react'
import type { Language } from '../../shared/i18n/languages'
import { readMeetingLanguage, type MeetingRegister } from './MeetingRegister'

/**
 * The meeting's own language (the register's `meeting` map, key 'language'): the language of its
 * exports and of the minutes' text, and the interface language of readers who chose none.
 */

/** The meeting's language, live (a change by the server shows at once); bokmål when the register does not say (older meetings). */
export function useMeetingLanguageSetting(register: MeetingRegister): Language {
  return useSyncExternalStore(register.subscribe, () => readMeetingLanguage(register.doc) ?? 'nb')
}
