import { useEffect, useState } from 'react'
import { canFlag, canWriteMinutes, type MeetingState, type Role } from '../../shared'
import { isMacPlatform, keysFor, matchesShortcut } from '../editor'
import { t, useT } from '../i18n'
import { ACCESS_PROBLEMS, forgetMeetingToken, useMeetingLanguage, type MeetingSession, type SyncProblem } from '../sync'
import { actorName, flagsAllowed, formatMoment } from './format'
import { LanguagePicker } from './LanguagePicker'

// Parts of the meeting page that need no editor: shared by MeetingView and the light ReaderView.

/**
 * The interface language in a meeting page's header: the picker, and the meeting's own language
 * (from the register) for someone who has not chosen one.
 */
export function MeetingLanguage({ session }: { session: MeetingSession }) {
  useMeetingLanguage(session)
  return <LanguagePicker className="header-language" />
}

/** "Møtet er lukket", with when, by whom and the comment deadline. */
export function ClosedBanner({ state }: { state: MeetingState }) {
  const tr = useT()
  return (
    // Not a live region: the closing is announced once through the page's announcer (announcer.tsx).
    <div className="closed-banner">
      {state.closedAt && (
        <p>
          <strong>{tr('common.meeting.closedTitle')}</strong>{' '}
          {tr('common.meeting.closedDetail', { when: formatMoment(state.closedAt), who: actorName(state.closedBy) })}{' '}
          {state.commentDeadline
            ? tr('common.meeting.commentDeadline', { when: formatMoment(state.commentDeadline) })
            : tr('common.meeting.noFlagsAfterClosing')}
        </p>
      )}
    </div>
  )
}

/** What a reader is told beside the minutes (in the interface language at call time). */
export function readerNote(role: Role, closed: boolean, mayFlag: boolean): string | null {
  if (canWriteMinutes(role) && !closed) return null
  if (canFlag(role)) return mayFlag ? t('common.reader.noteMayFlag') : t('common.reader.noteFlagDeadlinePassed')
  if (closed) return null
  return t('common.reader.noteObserver')
}

/** A refused token will be refused again: forget it, so the next visit asks for a new link. */
export function useForgetRefusedToken(problem: SyncProblem | null, meetingId: string): void {
  useEffect(() => {
    if (problem && ACCESS_PROBLEMS.has(problem)) forgetMeetingToken(meetingId)
  }, [problem, meetingId])
}

/** The page's title from the minutes' heading: "Møte 3/2023, 4. oktober 2023 – Nasjonalt e-helseråd – Referat". */
export function useDocumentTitle(heading: { title: string; subtitle: string }): void {
  const tr = useT()
  useEffect(() => {
    const product = tr('common.document.title')
    const parts = [heading.subtitle, heading.title === product ? '' : heading.title, product]
    document.title = parts.filter(Boolean).join(' – ')
  }, [heading.title, heading.subtitle, tr])
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

/** What the minutes' place says while there are no minutes to show, or null once there are (interface language at call time). */
export function minutesMessage(hasContent: boolean, problem: SyncProblem | null): string | null {
  if (hasContent) return null
  if (problem === 'unknown-meeting') return t('common.reader.unknownMeeting')
  if (problem && ACCESS_PROBLEMS.has(problem)) return t('common.reader.cannotShow')
  // Until the server (or this browser's own copy) has delivered the minutes, there is nothing to
  // edit: typing into an empty skeleton would create a second header when the real one arrives.
  return t('common.reader.loadingMinutes')
}
