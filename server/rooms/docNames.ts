import { registerDocName } from '../../shared/register'
import { DOC_NAME_PATTERN } from '../../shared/schema'

/** The two documents of a meeting: the minutes (docName = meeting id) and its register. */
export type RoomKind = 'minutes' | 'register'

/** A docName read back into its meeting and kind. */
export interface RoomName {
  readonly meetingId: string
  readonly kind: RoomKind
}

const REGISTER_SUFFIX = registerDocName('')

/** Reads `<meetingId>` or `<meetingId>/register`; null for anything else. Pure. */
export function parseRoomName(docName: string): RoomName | null {
  if (DOC_NAME_PATTERN.test(docName)) return { meetingId: docName, kind: 'minutes' }
  if (!docName.endsWith(REGISTER_SUFFIX)) return null
  const meetingId = docName.slice(0, -REGISTER_SUFFIX.length)
  return DOC_NAME_PATTERN.test(meetingId) ? { meetingId, kind: 'register' } : null
}
