import { describeProblem, describeStatus, useSyncStatus, type MeetingSession } from '../sync'
import { Link } from './navigation'

/** The save and connection status ("Lagret", "Lagrer …", "Kobler til …", "Frakoblet – …"). */
export function SyncStatusIndicator({ session }: { session: MeetingSession }) {
  const { kind, text } = describeStatus(useSyncStatus(session))
  return (
    <p role="status" className={`sync-status sync-${kind}`} data-state={kind}>
      <span className="sync-dot" aria-hidden="true" />
      {text}
    </p>
  )
}

/** A problem the server reported (closed the connection with a named code), shown prominently. */
export function ProblemBanner({ session }: { session: MeetingSession }) {
  const { problem } = useSyncStatus(session)
  const message = describeProblem(problem)
  return (
    <div role="alert" className={message ? 'problem-banner' : 'problem-banner-empty'}>
      {message && (
        <>
          <p>{message}</p>
          {problem === 'outdated-client' && (
            <button type="button" className="primary" onClick={() => location.reload()}>
              Last inn siden på nytt
            </button>
          )}
          {problem === 'unknown-meeting' && <Link href="/">Til møtelisten</Link>}
          {problem === 'rejected-repeatedly' && (
            <button type="button" onClick={() => void session.discardLocalChanges()}>
              Forkast lokale endringer og last inn på nytt
            </button>
          )}
        </>
      )}
    </div>
  )
}
