import { useCallback, useEffect, useState } from 'react'
import { formatNorwegianDate, type MeetingSummary } from '../../shared'
import { fetchMeetings } from './api'
import { Link } from './navigation'
import { NewMeetingForm } from './NewMeetingForm'
import { SkipLink } from './SkipLink'

type ListState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; meetings: MeetingSummary[] }

function byDateDescending(a: MeetingSummary, b: MeetingSummary): number {
  return b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt)
}

function MeetingLink({ meeting }: { meeting: MeetingSummary }) {
  return (
    <Link href={`/m/${meeting.id}`} className="meeting-link">
      <span className="meeting-organ">{meeting.organ}</span>
      {meeting.title && <span className="meeting-title">{meeting.title}</span>}
      <span className="meeting-meta">
        {meeting.number && <span>Møte {meeting.number}</span>}
        <span>{formatNorwegianDate(meeting.date)}</span>
        {meeting.place && <span>{meeting.place}</span>}
      </span>
    </Link>
  )
}

/** `/`: the meetings, newest first, and the form for a new one. */
export function MeetingListPage() {
  const [state, setState] = useState<ListState>({ kind: 'loading' })
  const load = useCallback(() => {
    setState({ kind: 'loading' })
    fetchMeetings().then(
      (meetings) => setState({ kind: 'ready', meetings: [...meetings].sort(byDateDescending) }),
      (err: unknown) => setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
  }, [])
  useEffect(() => {
    document.title = 'Referat'
    load()
  }, [load])

  return (
    <>
      <SkipLink />
      <header className="app-header">
        <span className="brand">Referat</span>
      </header>
      <main id="main" className="list-page">
        <h1 tabIndex={-1}>Møter</h1>
        <div className="list-columns">
          <section aria-labelledby="meetings-heading" className="meetings">
            <h2 id="meetings-heading">Alle møter</h2>
            <div role="status" className="list-status">
              {state.kind === 'loading' && <p>Henter møter …</p>}
              {state.kind === 'ready' && state.meetings.length === 0 && (
                <p>Ingen møter ennå. Opprett det første med skjemaet «Nytt møte».</p>
              )}
            </div>
            {state.kind === 'error' && (
              <div role="alert" className="form-error">
                <p>{state.message}</p>
                <button type="button" onClick={load}>
                  Prøv igjen
                </button>
              </div>
            )}
            {state.kind === 'ready' && state.meetings.length > 0 && (
              <ul className="meeting-list">
                {state.meetings.map((m) => (
                  <li key={m.id}>
                    <MeetingLink meeting={m} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <NewMeetingForm />
        </div>
      </main>
    </>
  )
}
