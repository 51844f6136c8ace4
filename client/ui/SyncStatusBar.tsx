import { useLayoutEffect, useRef, useSyncExternalStore } from 'react'
import { t, useT } from '../i18n'
import { describeProblem, describeStatus, type MeetingSession, type SyncStatus } from '../sync'
import { Link } from './navigation'
import { signInUrl } from './signIn'

/** What the indicator shows for a status. */
function indicatorOf(status: SyncStatus, readOnly: boolean): { kind: string; text: string } {
  const described = describeStatus(status)
  const { kind } = described
  // A reader has nothing to save: "Tilkoblet" instead of "Lagret", "Frakoblet" without the local-save promise.
  const text =
    !readOnly || status.problem === 'storage-read-only'
      ? described.text
      : kind === 'saved' || kind === 'saving'
        ? t('common.sync.connected')
        : kind === 'offline'
          ? t('common.sync.disconnected')
          : described.text
  return { kind, text }
}

/**
 * The save and connection status ("Lagret", "Lagrer …", "Kobler til …", "Frakoblet – …").
 * The flips between "Lagrer …" and "Lagret" (two with every keystroke) are written into the
 * element directly: a React commit while the long minutes have focus costs a walk over the
 * editor's whole DOM (React saves and restores the selection of the focused contenteditable).
 * It is not a live region: the visible text flips between "Lagrer …" and "Lagret" with every
 * pause in typing, which a screen reader would read out for three hours. A lost connection and
 * its return are announced once they last, through the page's announcer (announcer.tsx).
 */
export function SyncStatusIndicator({ session, readOnly = false }: { session: MeetingSession; readOnly?: boolean }) {
  // A new `tr` per language: the effect below writes the text again in the new language.
  const tr = useT()
  const box = useRef<HTMLParagraphElement>(null)
  const label = useRef<HTMLSpanElement>(null)
  useLayoutEffect(() => {
    const show = () => {
      const { kind, text } = indicatorOf(session.getStatus(), readOnly)
      if (!box.current || !label.current) return
      box.current.className = `sync-status sync-${kind}`
      box.current.dataset.state = kind
      if (label.current.textContent !== text) label.current.textContent = text
    }
    show()
    return session.subscribe(show)
  }, [session, readOnly, tr])
  return (
    <p ref={box} className="sync-status">
      <span className="sync-dot" aria-hidden="true" />
      <span ref={label} />
    </p>
  )
}

/** A problem the server reported (closed the connection with a named code), shown prominently. */
export function ProblemBanner({ session }: { session: MeetingSession }) {
  const tr = useT()
  // Only the problem: not re-rendered for the saving/saved changes of every keystroke.
  const problem = useSyncExternalStore(session.subscribe, () => session.getStatus().problem)
  const message = describeProblem(problem)
  return (
    <div role="alert" className={message ? 'problem-banner' : 'problem-banner-empty'}>
      {message && (
        <>
          <p>{message}</p>
          {problem === 'outdated-client' && (
            <button type="button" className="primary" onClick={() => location.reload()}>
              {tr('common.problem.reload')}
            </button>
          )}
          {problem === 'unknown-meeting' && <Link href="/">{tr('common.page.toMeetingList')}</Link>}
          {(problem === 'sign-in-required' || problem === 'session-ended') && (
            <a className="button primary" href={signInUrl()}>
              {tr('common.problem.signIn')}
            </a>
          )}
          {(problem === 'read-only' || problem === 'meeting-closed' || problem === 'forbidden') && (
            <button type="button" onClick={() => void session.discardLocalChanges()}>
              {tr('common.problem.reload')}
            </button>
          )}
          {(problem === 'rejected-repeatedly' || problem === 'client-id-taken') && (
            <button type="button" onClick={() => void session.discardLocalChanges()}>
              {tr('common.problem.discardAndReload')}
            </button>
          )}
        </>
      )}
    </div>
  )
}
