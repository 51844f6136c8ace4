import * as Y from 'yjs'
import { isLanguage, type Language } from '../../shared/i18n/languages'
import { MEETING_LANGUAGE_KEY, MEETING_STATE_KEY, REGISTER_MAPS, type Confirmation, type Flag, type MeetingState, type VersionInfo } from '../../shared/register'

/** The state of a meeting nobody has closed. */
export const OPEN_MEETING_STATE: MeetingState = { closedAt: null, closedBy: null, commentDeadline: null }

/**
 * The first stored update of a meeting's register: empty flags and confirmations, an open
 * meeting in `language` (bokmål by default).
 */
export function initialRegisterUpdate(language: Language = 'nb'): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap(REGISTER_MAPS.flags)
  doc.getMap(REGISTER_MAPS.confirmations)
  doc.getMap(REGISTER_MAPS.meeting).set(MEETING_STATE_KEY, OPEN_MEETING_STATE)
  doc.getMap(REGISTER_MAPS.meeting).set(MEETING_LANGUAGE_KEY, language)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** The meeting's state as the register holds it (open when it holds none). */
export function meetingStateOf(doc: Y.Doc): MeetingState {
  const value = doc.getMap(REGISTER_MAPS.meeting).get(MEETING_STATE_KEY) as MeetingState | undefined
  return value ?? OPEN_MEETING_STATE
}

/** The meeting's language as the register holds it: bokmål when it holds none (registers from before languages). */
export function meetingLanguageOf(doc: Y.Doc): Language {
  const value: unknown = doc.getMap(REGISTER_MAPS.meeting).get(MEETING_LANGUAGE_KEY)
  return isLanguage(value) ? value : 'nb'
}

/** The flag with this id, or null. */
export function flagOf(doc: Y.Doc, id: string): Flag | null {
  return (doc.getMap(REGISTER_MAPS.flags).get(id) as Flag | undefined) ?? null
}

/** Every flag, in no particular order. */
export function flagsOf(doc: Y.Doc): Flag[] {
  return [...doc.getMap(REGISTER_MAPS.flags).values()] as Flag[]
}

/** The confirmation of this agenda item's vedtak, or null. */
export function confirmationOf(doc: Y.Doc, agendaItemId: string): Confirmation | null {
  return (doc.getMap(REGISTER_MAPS.confirmations).get(agendaItemId) as Confirmation | undefined) ?? null
}

/** Every confirmation (the latest per agenda item), in no particular order. */
export function confirmationsOf(doc: Y.Doc): Confirmation[] {
  return [...doc.getMap(REGISTER_MAPS.confirmations).values()] as Confirmation[]
}

/** Writers: each sets one whole JSON value (call inside Room.applyServerChange). */
export const writeRegister = {
  flag: (doc: Y.Doc, flag: Flag) => doc.getMap(REGISTER_MAPS.flags).set(flag.id, flag),
  confirmation: (doc: Y.Doc, confirmation: Confirmation) =>
    doc.getMap(REGISTER_MAPS.confirmations).set(confirmation.agendaItemId, confirmation),
  meetingState: (doc: Y.Doc, state: MeetingState) => doc.getMap(REGISTER_MAPS.meeting).set(MEETING_STATE_KEY, state),
  language: (doc: Y.Doc, language: Language) => doc.getMap(REGISTER_MAPS.meeting).set(MEETING_LANGUAGE_KEY, language),
  version: (doc: Y.Doc, version: VersionInfo) => doc.getMap(REGISTER_MAPS.versions).set(version.id, version),
}
