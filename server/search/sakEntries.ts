import type { MeetingSummary } from '../../shared/minutes'
import { plainText, toReferatModel, type Block, type Sak } from '../export/light'
import { minutesOfState } from '../record'
import type { MeetingEntries, SearchEntry, SearchMeeting } from './SearchIndex'

/** Most characters of one entry that are indexed (a sak's text is far shorter; a paste may not be). */
export const MAX_ENTRY_CHARS = 100_000

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return plainText(block.runs)
    case 'subheading':
      return block.text
    case 'memberInput':
      return block.namedBy ? `${plainText(block.runs)} (${block.namedBy})` : plainText(block.runs)
    case 'bulletList':
      return block.items.map((item) => item.map(blockText).join('\n')).join('\n')
  }
}

const blocksText = (blocks: readonly Block[]) => blocks.map(blockText).join('\n')

function entriesOfSak(sak: Sak): SearchEntry[] {
  if (!sak.id) return []
  const base = { sakId: sak.id, sakNumber: sak.number, sakTitle: sak.title, caseType: sak.caseType }
  const texts: [SearchEntry['field'], string][] = [
    ['sak', [sak.title, blocksText(sak.narrative)].filter(Boolean).join('\n')],
    ['vedtak', (sak.vedtak ?? []).map(plainText).join('\n')],
    ['innspill', blocksText(sak.innspill)],
    [
      'aksjonspunkt',
      sak.aksjonspunkter.map((a) => [plainText(a.runs), a.owner ? `Ansvarlig: ${a.owner}` : ''].filter(Boolean).join(' ')).join('\n'),
    ],
  ]
  return texts.filter(([, text]) => text.trim() !== '').map(([field, text]) => ({ ...base, field, text: text.replaceAll('\u0000', '').slice(0, MAX_ENTRY_CHARS) }))
}

/** The meeting facts an index stores, from the registry. */
export function searchMeetingOf(meeting: MeetingSummary): SearchMeeting {
  return { id: meeting.id, organ: meeting.organ, title: meeting.title, number: meeting.number, date: meeting.date }
}

/**
 * The entries of a meeting's minutes (a stored state, Yjs v1 update) at `docSeq`: per sak with
 * an id, one entry per non-empty field. Throws if the state cannot be read.
 */
export function meetingEntriesOf(meeting: MeetingSummary, state: Uint8Array, docSeq: number): MeetingEntries {
  const model = toReferatModel(minutesOfState(state), meeting)
  return { meeting: searchMeetingOf(meeting), docSeq, entries: model.saker.flatMap(entriesOfSak) }
}
