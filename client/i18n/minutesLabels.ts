import type { Role } from '../../shared/auth'
import { t } from '.'

/**
 * The words for the fixed parts of a referat and for roles, in the interface language. The
 * schema (shared/schema) keeps its bokmål labels for the server and for parsing; the interface
 * shows these. Keys are written out in full so the catalogue test finds each one.
 */

const PART_KEYS: Readonly<Record<string, string>> = {
  organ: 'common.minutes.organ',
  meetingTitle: 'common.minutes.meetingTitle',
  meetingNumber: 'common.minutes.meetingNumber',
  meetingDate: 'common.minutes.meetingDate',
  meetingTime: 'common.minutes.meetingTime',
  meetingPlace: 'common.minutes.meetingPlace',
  attendance: 'common.minutes.attendance',
  presentList: 'common.minutes.presentList',
  absentList: 'common.minutes.absentList',
  substituteList: 'common.minutes.substituteList',
  observerList: 'common.minutes.observerList',
  secretariatList: 'common.minutes.secretariatList',
  memberInputs: 'common.minutes.memberInputs',
  actionItems: 'common.minutes.actionItems',
  decision: 'common.minutes.decision',
}

/** The label of a part of the minutes by its node name ("Vedtak", "Til stede"); '' when it has none. */
export function partLabel(nodeName: string): string {
  const key = PART_KEYS[nodeName]
  return key ? t(key) : ''
}

const ROLE_KEYS: Readonly<Record<Role, string>> = {
  sekretær: 'common.role.secretary',
  møteleder: 'common.role.chair',
  medlem: 'common.role.member',
  observatør: 'common.role.observer',
}

/** A role as a word ("Møteleder", "Møteleiar", "Chair"). */
export function roleLabel(role: Role): string {
  return t(ROLE_KEYS[role])
}
