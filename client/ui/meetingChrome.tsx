import { useEffect, useState } from 'react'
import { canFlag, canWriteMinutes, type MeetingState, type Role } from '../../shared'
import { isMacPlatform, keysFor, matchesShortcut } from '../editor'
import { ACCESS_PROBLEMS, forgetMeetingToken, type SyncProblem } from '../sync'
import { actorName, flagsAllowed, formatMoment } from './format'

// Parts of the meeting page that need no editor: shared by MeetingView and the light ReaderView.

/** "Møtet er lukket", with when, by whom and the comment deadline. */
export function ClosedBanner({ state }: { state: MeetingState }) {
  return (
    // Not a live region: the closing is announced once through the page's announcer (announcer.tsx).
    <div className="closed-banner">
      {state.closedAt && (
        <p>
          <strong>Møtet er lukket.</strong> Lukket {formatMoment(state.closedAt)} av {actorName(state.closedBy)}. Referatet kan ikke lenger endres.{' '}
          {state.commentDeadline
            ? `Frist for merknader: ${formatMoment(state.commentDeadline)}.`
            : 'Det kan ikke sendes flagg etter lukkingen.'}
        </p>
      )}
    </div>
  )
}

/** What a reader is told beside the minutes. */
export function readerNote(role: Role, closed: boolean, mayFlag: boolean): string | null {
  if (canWriteMinutes(role) && !closed) return null
  if (canFlag(role)) {
    return mayFlag ? 'Du kan lese referatet og flagge tekst som bør rettes, men ikke endre det selv.' : 'Du kan lese referatet. Fristen for flagg er ute.'
  }
  if (closed) return null
  return 'Du følger møtet som observatør og kan lese referatet, ikke endre det.'
}

/** A refused token will be refused again: forget it, so the next visit asks for a new link. */
export function useForgetRefusedToken(problem: SyncProblem | null, meetingId: string): void {
  useEffect(() => {
    if (problem && ACCESS_PROBLEMS.has(problem)) forgetMeetingToken(meetingId)
  }, [problem, meetingId])
}

/** The page's title from the minutes' heading: "Møte 3/2023, 4. oktober 2023 – Nasjonalt e-helseråd – Referat". */
export function useDocumentTitle(heading: { title: string; subtitle: string }): void {
  useEffect(() => {
    const parts = [heading.subtitle, heading.title === 'Referat' ? '' : heading.title, 'Referat']
    document.title = parts.filter(Boolean).join(' – ')
  }, [heading.title, heading.subtitle])
}

/** Now, in ms; renewed every 30 s while a closed meeting's comment deadline may pass with the page open. */
export function useNowWhileDeadline(meeting: MeetingState): number {
  const [nowMs, setNowMs] = useState(() => Date.now())
  const closed = meeting.closedAt !== null
  useEffect(() => {
    if (!closed || !meeting.commentDeadline) return undefined
    const timer = setInterval(() => setNowMs(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [closed, meeting.commentDeadline])
  return nowMs
}

/** Whether this role may flag now: until approval, and after closing only until the deadline (the server refuses them too). */
export function mayFlagNow(role: Role, meeting: MeetingState, nowMs: number): boolean {
  return canFlag(role) && !meeting.approvedAt && flagsAllowed(meeting.closedAt, meeting.commentDeadline, nowMs)
}

/** The "Flagg" shortcut anywhere on the page, while flagging is allowed. */
export function useFlagShortcut(enabled: boolean, onFlag: () => void): void {
  useEffect(() => {
    if (!enabled) return undefined
    const handleKeyDown = (event: KeyboardEvent) => {
      if (!matchesShortcut(event, keysFor('flagPassage'), isMacPlatform())) return
      event.preventDefault()
      onFlag()
    }
    document.addEventListener('keydown', handleKeyDown)
    return () => document.removeEventListener('keydown', handleKeyDown)
  }, [enabled, onFlag])
}

/** What the minutes' place says while there are no minutes to show, or null once there are. */
export function minutesMessage(hasContent: boolean, problem: SyncProblem | null): string | null {
  if (hasContent) return null
  if (problem === 'unknown-meeting') return 'Dette møtet finnes ikke.'
  if (problem && ACCESS_PROBLEMS.has(problem)) return 'Referatet kan ikke vises.'
  // Until the server (or this browser's own copy) has delivered the minutes, there is nothing to
  // edit: typing into an empty skeleton would create a second header when the real one arrives.
  return 'Henter referatet …'
}
