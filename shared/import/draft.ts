import type { MeetingInfo } from '../minutes/template'

/**
 * What reading an innkalling gives: the meeting's details, its saker, and every line that was not
 * used. Produced by parseAgenda (any layout, any format) and parseAgendaJson (the JSON agenda);
 * edited by the secretary in the preview before anything is created.
 */

/** A field of a sak the parser was unsure of. */
export type DraftField = 'number' | 'title' | 'caseType' | 'plannedStart' | 'proposal'

/** Something the parser guessed about a sak, with why (Norwegian, for the secretary). */
export interface UnsureNote {
  readonly field: DraftField
  readonly reason: string
}

/** One sak of an agenda. */
export interface AgendaDraftItem {
  /** As the body writes it: "12/20", "034-2024", "1" (see AGENDA_NUMBER_PATTERN). */
  readonly number: string
  /** "PS" (politisk sak) or "RS" (referatsak) before the number; null for bodies without series. */
  readonly prefix: string | null
  readonly title: string
  /** The body's own word for the type ("Orientering", "Vedtakssak"), as written; null when none. */
  readonly caseType: string | null
  /** The "Forslag til vedtak", paragraphs separated by a blank line; null when there is none. */
  readonly proposal: string | null
  /** Planned start "HH:MM"; null when the agenda gives none. */
  readonly plannedStart: string | null
  /** Planned end "HH:MM" ("13.00–13.20"); null when the agenda gives none. */
  readonly plannedEnd: string | null
  /**
   * The sak's description (saksomtale, saksnotat) as background for the minutes, paragraphs
   * separated by a blank line; null unless asked for (parseAgenda's `keepBackground`).
   */
  readonly background: string | null
  /** What the parser guessed; empty when it is sure. */
  readonly unsure: readonly UnsureNote[]
}

/** A line of the document the parser did not use, and why (Norwegian, for the secretary). */
export interface UnreadLine {
  /** 1-based line number in the document (the pasted text's line). */
  readonly line: number
  readonly text: string
  readonly reason: string
}

/** What an innkalling or a JSON agenda says: meeting details found, saker, unread lines. */
export interface AgendaDraft {
  readonly info: Partial<MeetingInfo>
  readonly items: AgendaDraftItem[]
  readonly unread: UnreadLine[]
}

/** A draft item with every optional part empty: for builders and the JSON agenda. */
export function draftItem(item: Pick<AgendaDraftItem, 'number' | 'title'> & Partial<AgendaDraftItem>): AgendaDraftItem {
  return {
    prefix: null,
    caseType: null,
    proposal: null,
    plannedStart: null,
    plannedEnd: null,
    background: null,
    unsure: [],
    ...item,
  }
}
