import { useCallback, useEffect, useState } from 'react'
import { ACTION_FILTERS, canWriteMinutes, formatNorwegianDate, type ActionFilter, type ActionItemInfo, type ActionListResponse, type NextMeetingResponse } from '../../shared'
import { loadMeetingToken, readTokenClaims } from '../sync'
import { fetchNextMeeting, fetchOrganActions, saveActionStatus } from './actionsApi'
import { loadAdminKey } from './adminKey'
import { draftToAgendaJson } from './draftEdit'
import { Link } from './navigation'
import { SESSION_CREDENTIAL } from './signIn'
import { SkipLink } from './SkipLink'
import './followUp.css'

const FILTER_LABEL: Record<ActionFilter, string> = { open: 'Åpne', overdue: 'Forfalte', done: 'Utførte', all: 'Alle' }

/** "Utført 2. mars 2026 (Siri Sekretær, møte 4/2026)" (the role when the link names nobody), "Forfalt", "Åpen". */
export function statusText(item: ActionItemInfo): string {
  if (item.status === 'open') return item.overdue ? 'Forfalt' : 'Åpen'
  const when = item.statusAt ? formatNorwegianDate(item.statusAt.slice(0, 10)) : ''
  // A role link names nobody: then the role says who.
  const byRole = item.statusByRole === 'admin' ? 'administrator' : item.statusByRole
  const who = [item.statusByName ?? byRole, item.statusInMeetingNumber ? `møte ${item.statusInMeetingNumber}` : null].filter(Boolean).join(', ')
  return `Utført${when ? ` ${when}` : ''}${who ? ` (${who})` : ''}`
}

type ListState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; list: ActionListResponse }

/** One row: the item, and for those who may, its note field and the button that changes its status. */
function ActionRow({ item, onChange }: { item: ActionItemInfo; onChange: (item: ActionItemInfo, note: string) => Promise<void> }) {
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const verb = item.status === 'open' ? 'Marker som utført' : 'Åpne igjen'
  const change = async () => {
    setBusy(true)
    try {
      await onChange(item, note)
    } finally {
      setBusy(false)
    }
  }
  return (
    <tr className={item.overdue ? 'overdue' : undefined}>
      <td>
        {item.text}
        {item.statusNote && <span className="action-note">Merknad: {item.statusNote}</span>}
      </td>
      <td>{item.owner ?? '–'}</td>
      <td>{item.dueDate ? formatNorwegianDate(item.dueDate) : '–'}</td>
      <td>
        Møte {item.meetingNumber || 'uten nummer'}, {formatNorwegianDate(item.meetingDate)}
        {item.sakNumber && <span className="action-sak">Sak {item.sakNumber}</span>}
      </td>
      <td>
        <span className={`action-status action-status-${item.overdue ? 'overdue' : item.status}`}>{statusText(item)}</span>
      </td>
      <td>
        {item.canChange && (
          <div className="action-change">
            <input type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} aria-label={`Merknad til «${item.text}» (valgfritt)`} placeholder="Merknad (valgfritt)" />
            <button type="button" onClick={() => void change()} aria-disabled={busy || undefined} aria-label={`${verb}: ${item.text}`}>
              {verb}
            </button>
          </div>
        )}
      </td>
    </tr>
  )
}

/**
 * "Neste møte" (sekretær, møteleder of a meeting of the organ): the server's proposal for the
 * organ's next meeting, as a list and as a JSON agenda the admin pastes under "Importer innkalling"
 * (creating a meeting is the admin's; on the front page the admin gets it with "Nytt møte i …").
 */
function NextMeetingProposal({ credential, organ, meetingId }: { credential: string; organ: string; meetingId: string }) {
  const [state, setState] = useState<{ kind: 'error'; message: string } | { kind: 'ready'; proposal: NextMeetingResponse } | null>(null)
  const propose = () =>
    fetchNextMeeting(credential, organ, meetingId).then(
      (proposal) => setState({ kind: 'ready', proposal }),
      (err: unknown) => setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
  const draft = state?.kind === 'ready' ? state.proposal.draft : null
  return (
    <section aria-labelledby="next-meeting-heading" className="next-meeting">
      <h2 id="next-meeting-heading">Neste møte</h2>
      <p>
        Forslag til dagsorden for neste møte i {organ}: møtenummer og saksnummer etter forrige møte, de faste sakene og de åpne aksjonspunktene.
        Administratoren oppretter møtet med «Nytt møte i {organ}» på forsiden, eller ved å lime inn agendaen under «Importer innkalling».
      </p>
      <button type="button" onClick={() => void propose()}>
        Foreslå neste møte
      </button>
      <div role="status">{draft && `Forslag til møte ${draft.info.number ?? ''} med ${draft.items.length} saker.`}</div>
      {state?.kind === 'error' && (
        <p role="alert" className="form-error">
          {state.message}
        </p>
      )}
      {draft && (
        <>
          <ol className="next-meeting-items">
            {draft.items.map((item) => (
              <li key={item.number}>
                <span className="next-meeting-sak">
                  Sak {item.number} {item.title}
                </span>
                {item.proposal && <span className="action-note">Forslag til vedtak: {item.proposal}</span>}
                {item.background && <span className="action-note next-meeting-background">{item.background}</span>}
              </li>
            ))}
          </ol>
          <div className="field">
            <label htmlFor="next-meeting-json">Agenda som JSON (til «Importer innkalling»)</label>
            <textarea id="next-meeting-json" readOnly rows={8} value={JSON.stringify({ meeting: draft.info, ...draftToAgendaJson(draft, true) }, null, 2)} />
          </div>
        </>
      )}
    </section>
  )
}

/** True unless the credential is a meeting link of a role that does not write the minutes (a session or the admin may). */
function mayPrepare(credential: string): boolean {
  const claims = readTokenClaims(credential)
  return claims === null || canWriteMinutes(claims.role)
}

/**
 * `/o/<organ>/oppfolging`: the organ's aksjonspunkter from all its meetings, filtered by status
 * (open, overdue, done, all) and owner; the sekretær and møteleder of a later meeting (and the
 * admin) mark one done or open again. Opened from a meeting (`?meeting=`, with its token or the
 * signed-in session) or from the front page by the admin.
 */
export function FollowUpPage({ organ }: { organ: string }) {
  const [meetingId] = useState(() => new URLSearchParams(location.search).get('meeting'))
  const [credential] = useState(() => (meetingId ? loadMeetingToken(meetingId) : loadAdminKey()) ?? SESSION_CREDENTIAL)
  const [filter, setFilter] = useState<ActionFilter>('open')
  const [owner, setOwner] = useState('')
  const [state, setState] = useState<ListState>({ kind: 'loading' })
  const [announcement, setAnnouncement] = useState('')

  const load = useCallback(() => {
    fetchOrganActions(credential, organ, meetingId, filter, owner).then(
      (list) => setState({ kind: 'ready', list }),
      (err: unknown) => setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
  }, [credential, organ, meetingId, filter, owner])
  useEffect(load, [load])
  useEffect(() => {
    document.title = `Oppfølging – ${organ} – Referat`
  }, [organ])

  const handleChange = async (item: ActionItemInfo, note: string) => {
    const status = item.status === 'open' ? 'done' : 'open'
    try {
      await saveActionStatus(credential, organ, meetingId, item.id, status, note.trim() || null)
      setAnnouncement(`«${item.text}» er markert som ${status === 'done' ? 'utført' : 'åpen'}.`)
      load()
    } catch (err) {
      setAnnouncement(err instanceof Error ? err.message : String(err))
    }
  }

  const items = state.kind === 'ready' ? state.list.items : []
  return (
    <>
      <SkipLink />
      <header className="app-header">
        <Link href={meetingId ? `/m/${encodeURIComponent(meetingId)}` : '/'} className="back-link">
          <span aria-hidden="true">←</span> {meetingId ? 'Tilbake til møtet' : 'Alle møter'}
        </Link>
        <div className="heading">
          <h1 tabIndex={-1}>Oppfølging av aksjonspunkter</h1>
          <p className="subtitle">{organ}</p>
        </div>
      </header>
      <main id="main" className="list-page follow-up-page">
        <div className="follow-up-filters">
          <fieldset>
            <legend>Vis</legend>
            {ACTION_FILTERS.map((f) => (
              <label key={f}>
                <input type="radio" name="action-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} /> {FILTER_LABEL[f]}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="action-owner">Ansvarlig</label>
            <select id="action-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
              <option value="">Alle</option>
              {(state.kind === 'ready' ? state.list.owners : []).map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p role="status" aria-live="polite" className="follow-up-announcement">
          {announcement}
        </p>
        {state.kind === 'loading' && <p role="status">Henter aksjonspunkter …</p>}
        {state.kind === 'error' && (
          <p role="alert" className="form-error">
            {state.message}
          </p>
        )}
        {state.kind === 'ready' && items.length === 0 && <p>Ingen aksjonspunkter å vise.</p>}
        {items.length > 0 && (
          <table className="follow-up-table">
            <caption>
              {FILTER_LABEL[filter]} aksjonspunkter{owner ? ` for ${owner}` : ''} ({items.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">Aksjonspunkt</th>
                <th scope="col">Ansvarlig</th>
                <th scope="col">Frist</th>
                <th scope="col">Fra møte</th>
                <th scope="col">Status</th>
                <th scope="col">Endre</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <ActionRow key={item.id} item={item} onChange={handleChange} />
              ))}
            </tbody>
          </table>
        )}
        {meetingId && mayPrepare(credential) && <NextMeetingProposal credential={credential} organ={organ} meetingId={meetingId} />}
      </main>
    </>
  )
}
