import { describeProblem, describeStatus, useSyncStatus, type MeetingSession } from '../sync'
import { Link } from './navigation'

/** The save and connection status ("Lagret", "Lagrer …", "Kobler til …", "Frakoblet – …"). */
export function SyncStatusIndicator({ session, readOnly = false }: { session: MeetingSession; readOnly?: boolean }) {
  const described = describeStatus(useSyncStatus(session))
  const { kind } = described
  // A reader has nothing to save: "Tilkoblet" instead of "Lagret", "Frakoblet" without the local-save promise.
  const text = !readOnly ? described.text : kind === 'saved' || kind === 'saving' ? 'Tilkoblet' : kind === 'offline' ? 'Frakoblet' : described.text
  // The visible text flips between "Lagrer …" and "Lagret" with every pause in typing; a live
  // region doing the same would talk over a screen-reader user for three hours. Only changes of
  // the connection itself are announced.
  const announced = kind === 'saved' || kind === 'saving' ? 'Tilkoblet' : text
  return (
    <>
      <p className={`sync-status sync-${kind}`} data-state={kind}>
        <span className="sync-dot" aria-hidden="true" />
        {text}
      </p>
      <p role="status" className="visually-hidden">
        {announced}
      </p>
    </>
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
          {(problem === 'read-only' || problem === 'meeting-closed' || problem === 'forbidden') && (
            <button type="button" onClick={() => void session.discardLocalChanges()}>
              Last inn siden på nytt
            </button>
          )}
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
