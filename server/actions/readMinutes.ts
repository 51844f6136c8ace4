import type { Node as PMNode } from '@tiptap/pm/model'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import { decodeStored, type DocStorage } from '../persistence'
import { fragmentToProseMirror } from '../validation'

/**
 * The meeting's minutes as storage holds them (not a room's copy: nothing is loaded or waited
 * for), as ProseMirror; null when nothing is stored. Rejects on I/O failure and with
 * StorageCorruptError for an unreadable blob.
 */
export async function readStoredMinutes(storage: Pick<DocStorage, 'load'>, meetingId: string): Promise<PMNode | null> {
  const stored = await storage.load(meetingId)
  if (!stored) return null
  const { doc } = decodeStored(meetingId, stored)
  try {
    return fragmentToProseMirror(doc.getXmlFragment(MINUTES_FRAGMENT))
  } finally {
    doc.destroy()
  }
}

/** The saksnumre of minutes, in order (saker and Eventuelt). */
export function sakNumbersOf(minutes: PMNode): string[] {
  const numbers: string[] = []
  minutes.forEach((node) => {
    if ((node.type.name === 'agendaItem' || node.type.name === 'otherBusiness') && typeof node.attrs.number === 'string' && node.attrs.number) {
      numbers.push(node.attrs.number)
    }
  })
  return numbers
}
