import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { ROLE_INFO, formatNorwegianDate, type AgendaDraft, type CreateMeetingResponse, type Invitation, type MePerson, type MeetingSummary } from '../../shared'
import { saveMeetingToken } from '../sync'
import { forgetAdminKey, loadAdminKey, saveAdminKey } from './adminKey'
import { ApiError } from './api'
import { createToken, fetchMeetings, fetchMyMeetings, type MyMeeting } from './adminApi'
import { fetchNextMeeting } from './actionsApi'
import { CopyLink } from './CopyLink'
import { followUpPath } from './followUpPath'
import { Link, navigate } from './navigation'
import { NewMeetingForm } from './NewMeetingForm'
import { RosterEditor } from './RosterEditor'
import { SessionsPanel } from './SessionsPanel'
import { SESSION_CREDENTIAL, displayName, fetchMe, signInUrl, signOut, type Me } from './signIn'
import { SkipLink } from './SkipLink'
import { TokenPanel } from './TokenPanel'
import { WebhooksSection } from './WebhooksSection'

/** A list the page fetches: loading, failed, or its items. */
type ListState<T = MeetingSummary> =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; meetings: T[] }

/** "Henter …", the empty list's sentence, or the error with "Prøv igjen". */
function ListStatus({ state, loading, empty, retry }: { state: ListState<unknown>; loading: string; empty: string; retry: () => void }) {
  return (
    <>
      <div role="status" className="list-status">
        {state.kind === 'loading' && <p>{loading}</p>}
        {state.kind === 'ready' && state.meetings.length === 0 && <p>{empty}</p>}
      </div>
      {state.kind === 'error' && (
        <div role="alert" className="form-error">
          <p>{state.message}</p>
          <button type="button" onClick={retry}>
            Prøv igjen
          </button>
        </div>
      )}
    </>
  )
}

/** A meeting's organ, title, number and date, and one more detail (its place, or your role in it). */
function MeetingFacts({ meeting, detail }: { meeting: MeetingSummary; detail: string }) {
  return (
    <div className="meeting-link">
      <span className="meeting-organ">{meeting.organ}</span>
      {meeting.title && <span className="meeting-title">{meeting.title}</span>}
      <span className="meeting-meta">
        {meeting.number && <span>Møte {meeting.number}</span>}
        <span>{formatNorwegianDate(meeting.date)}</span>
        {detail && <span>{detail}</span>}
      </span>
    </div>
  )
}

function byDateDescending(a: MeetingSummary, b: MeetingSummary): number {
  return b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt)
}

const meetingLabel = (m: MeetingSummary) => `${m.organ}${m.number ? ` møte ${m.number}` : ''}, ${formatNorwegianDate(m.date)}`

/** Opens a meeting in this tab with an invitation's token (never through the address bar). */
function openWith(invitation: Invitation, meetingId: string): void {
  saveMeetingToken(meetingId, invitation.token)
  navigate(`/m/${meetingId}`)
}

/** "Administratornøkkel": the credential the server printed at its first start. */
function LoginForm({ onLogin }: { onLogin: (key: string) => void }) {
  const [key, setKey] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    if (!key.trim()) return setError('Skriv administratornøkkelen.')
    setBusy(true)
    setError(null)
    try {
      await fetchMeetings(key.trim())
      onLogin(key.trim())
    } catch (err) {
      setBusy(false)
      const refused = err instanceof ApiError && (err.kind === 'unauthorized' || err.kind === 'forbidden')
      setError(refused ? 'Nøkkelen er ikke riktig.' : err instanceof Error ? err.message : String(err))
      document.getElementById('admin-key')?.focus()
    }
  }
  return (
    <form className="login-form" onSubmit={handleSubmit} noValidate aria-labelledby="login-heading">
      <h2 id="login-heading">Logg inn som administrator</h2>
      <p className="hint" id="admin-key-hint">
        Nøkkelen ble skrevet ut av serveren første gang den startet. Møtedeltakere trenger den ikke: de bruker invitasjonslenker.
      </p>
      <div className="field">
        <label htmlFor="admin-key">Administratornøkkel</label>
        <input
          id="admin-key"
          type="password"
          autoComplete="current-password"
          value={key}
          aria-required="true"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'admin-key-error admin-key-hint' : 'admin-key-hint'}
          onChange={(e) => setKey(e.target.value)}
        />
        {error && (
          <p id="admin-key-error" className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="primary" aria-disabled={busy || undefined}>
        {busy ? 'Logger inn …' : 'Logg inn'}
      </button>
    </form>
  )
}

/** The four role links of a new meeting, each with "Kopier", and "Åpne som sekretær". */
function Invitations({ created, onDone, openAsSecretary }: { created: CreateMeetingResponse; onDone: () => void; openAsSecretary: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [created])
  const secretary = created.invitations.find((i) => i.role === 'sekretær')
  return (
    <section aria-labelledby="invitations-heading" className="invitations panel">
      <h2 id="invitations-heading" ref={headingRef} tabIndex={-1}>
        Invitasjonslenker for {meetingLabel(created.meeting)}
      </h2>
      <p>Møtet er opprettet. Send hver rolle sin lenke; lenken er tilgangen. Personlige lenker med navn lager du under «Lenker og tilgang».</p>
      <ul className="invitation-list">
        {created.invitations.map((invitation) => (
          <li key={invitation.tokenId}>
            <h3>{ROLE_INFO[invitation.role].label}</h3>
            <CopyLink url={invitation.url} label={ROLE_INFO[invitation.role].label} />
          </li>
        ))}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onDone}>
          Lukk lenkene
        </button>
        {secretary && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setError(null)
              openAsSecretary().catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
            }}
          >
            Åpne som sekretær
          </button>
        )}
      </div>
    </section>
  )
}

/** What the admin pages know of sign-in: whether it is configured, and the signed-in admin. */
interface SignInState {
  readonly enabled: boolean
  readonly person: MePerson | null
}

/**
 * Opens a meeting as its secretary from the admin pages. A signed-in admin is invited as themself
 * and opens it signed in (the secretary's role may have to sign in: its links are refused then);
 * otherwise with a short-lived role link of its own, unless this page already holds one.
 */
async function openAsSecretary(adminKey: string, meetingId: string, known: Invitation | undefined, signIn: SignInState): Promise<void> {
  if (signIn.person) {
    await createToken(adminKey, meetingId, { role: 'sekretær', subject: signIn.person.subject, expiresInDays: 1 })
    navigate(`/m/${meetingId}`)
    return
  }
  openWith(known ?? (await createToken(adminKey, meetingId, { role: 'sekretær', expiresInDays: 1 })), meetingId)
}

/** One meeting: its facts, "Åpne som sekretær" and the links panel. */
function MeetingEntry({ meeting, adminKey, known, signIn }: { meeting: MeetingSummary; adminKey: string; known: Invitation | undefined; signIn: SignInState }) {
  const [expanded, setExpanded] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const panelId = `tokens-${meeting.id}`
  const openAsSecretaryHere = async () => {
    setError(null)
    try {
      await openAsSecretary(adminKey, meeting.id, known, signIn)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }
  return (
    <li className="meeting-entry">
      <MeetingFacts meeting={meeting} detail={meeting.place} />
      <div className="meeting-actions">
        <button type="button" aria-label={`Åpne ${meetingLabel(meeting)} som sekretær`} onClick={() => void openAsSecretaryHere()}>
          Åpne som sekretær
        </button>
        <button type="button" aria-expanded={expanded} aria-controls={panelId} onClick={() => setExpanded(!expanded)}>
          Lenker og tilgang<span className="visually-hidden"> for {meetingLabel(meeting)}</span>
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div id={panelId} hidden={!expanded}>
        {expanded && <TokenPanel adminKey={adminKey} meetingId={meeting.id} meetingLabel={meetingLabel(meeting)} signIn={signIn.enabled} />}
        {expanded && <RosterEditor adminKey={adminKey} organ={meeting.organ} />}
        {expanded && <WebhooksSection adminKey={adminKey} organ={meeting.organ} />}
      </div>
    </li>
  )
}

/**
 * "Organer": each organ of the meetings with its follow-up list ("Oppfølging") and "Nytt møte i
 * <organ>", which asks the server for the next meeting's proposal and hands it to the form.
 */
function Organs({ meetings, adminKey, onProposal }: { meetings: MeetingSummary[]; adminKey: string; onProposal: (draft: AgendaDraft) => void }) {
  const organs = [...new Set(meetings.map((m) => m.organ))].sort((a, b) => a.localeCompare(b, 'nb'))
  const [message, setMessage] = useState('')
  if (organs.length === 0) return null
  const propose = async (organ: string) => {
    try {
      const { draft, roster } = await fetchNextMeeting(adminKey, organ, null)
      onProposal(draft)
      const members = roster.length > 0 ? ` Oppmøtet krysses av fra medlemslisten (${roster.length} ${roster.length === 1 ? 'person' : 'personer'}) i møtet.` : ''
      setMessage(`Forslag til neste møte i ${organ}${draft.info.number ? ` (møte ${draft.info.number})` : ''} er fylt inn i skjemaet «Nytt møte». Sjekk sakene og velg dato.${members}`)
      setTimeout(() => document.getElementById('new-meeting-heading')?.focus(), 0)
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err))
    }
  }
  return (
    <section aria-labelledby="organs-heading" className="organs">
      <h2 id="organs-heading">Organer</h2>
      <ul className="organ-list">
        {organs.map((organ) => (
          <li key={organ}>
            <span className="meeting-organ">{organ}</span>
            <Link href={followUpPath(organ, null)}>
              Oppfølging<span className="visually-hidden"> av aksjonspunkter i {organ}</span>
            </Link>
            <button type="button" onClick={() => void propose(organ)}>
              Nytt møte i {organ}
            </button>
          </li>
        ))}
      </ul>
      <p role="status" className="organ-message">
        {message}
      </p>
    </section>
  )
}

/** The meetings, newest first, the "Nytt møte" form and the links of a new meeting. */
function AdminMeetings({ adminKey, onLogout, signIn }: { adminKey: string; onLogout: () => void; signIn: SignInState }) {
  const [state, setState] = useState<ListState>({ kind: 'loading' })
  const [created, setCreated] = useState<CreateMeetingResponse | null>(null)
  const [known] = useState(() => new Map<string, Invitation>())
  const [proposal, setProposal] = useState<AgendaDraft | null>(null)
  const load = useCallback(() => {
    setState({ kind: 'loading' })
    fetchMeetings(adminKey).then(
      (meetings) => setState({ kind: 'ready', meetings: [...meetings].sort(byDateDescending) }),
      (err: unknown) => {
        if (err instanceof ApiError && err.kind === 'unauthorized') return onLogout()
        setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) })
      },
    )
  }, [adminKey, onLogout])
  useEffect(load, [load])

  return (
    <>
      {created && (
        <Invitations
          created={created}
          onDone={() => setCreated(null)}
          openAsSecretary={() => openAsSecretary(adminKey, created.meeting.id, known.get(created.meeting.id), signIn)}
        />
      )}
      {state.kind === 'ready' && <Organs meetings={state.meetings} adminKey={adminKey} onProposal={setProposal} />}
      <div className="list-columns">
        <section aria-labelledby="meetings-heading" className="meetings">
          <h2 id="meetings-heading">Alle møter</h2>
          <ListStatus state={state} loading="Henter møter …" empty="Ingen møter ennå. Opprett det første med skjemaet «Nytt møte»." retry={load} />
          {state.kind === 'ready' && state.meetings.length > 0 && (
            <ul className="meeting-list">
              {state.meetings.map((m) => (
                <MeetingEntry key={m.id} meeting={m} adminKey={adminKey} known={known.get(m.id)} signIn={signIn} />
              ))}
            </ul>
          )}
        </section>
        <NewMeetingForm
          adminKey={adminKey}
          proposal={proposal}
          onCreated={(response) => {
            const secretary = response.invitations.find((i) => i.role === 'sekretær')
            if (secretary) known.set(response.meeting.id, secretary)
            setCreated(response)
            load()
          }}
        />
      </div>
    </>
  )
}

/** "Mine møter": the meetings the signed-in person is invited to, each opened with the session. */
function MyMeetings() {
  const [state, setState] = useState<ListState<MyMeeting>>({ kind: 'loading' })
  const load = useCallback(() => {
    setState({ kind: 'loading' })
    fetchMyMeetings().then(
      (meetings) => setState({ kind: 'ready', meetings: [...meetings].sort((a, b) => byDateDescending(a.meeting, b.meeting)) }),
      (err: unknown) => setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
  }, [])
  useEffect(load, [load])
  return (
    <section aria-labelledby="my-meetings-heading" className="meetings my-meetings">
      <h2 id="my-meetings-heading">Mine møter</h2>
      <ListStatus state={state} loading="Henter møtene dine …" empty="Du er ikke invitert til noe møte med denne kontoen ennå." retry={load} />
      {state.kind === 'ready' && state.meetings.length > 0 && (
        <ul className="meeting-list">
          {state.meetings.map(({ meeting, role }) => (
            <li key={meeting.id} className="meeting-entry">
              <MeetingFacts meeting={meeting} detail={ROLE_INFO[role].label} />
              <div className="meeting-actions">
                <button type="button" className="primary" onClick={() => navigate(`/m/${meeting.id}`)} aria-label={`Åpne ${meetingLabel(meeting)}`}>
                  Åpne
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** Sign-in with the organisation's identity provider, offered when the server has it configured. */
function SignInOffer() {
  return (
    <section aria-labelledby="sign-in-heading" className="sign-in panel">
      <h2 id="sign-in-heading">Logg inn</h2>
      <p>Er du invitert med e-postadressen din, eller administrerer du møtene, logger du inn med kontoen fra arbeidsgiveren din.</p>
      <a className="button primary" href={signInUrl('/')}>
        Logg inn med virksomhetens konto
      </a>
    </section>
  )
}

/**
 * `/`: the front page. A signed-in person sees "Mine møter" (and, as an admin, every meeting);
 * otherwise sign-in with the identity provider when the server offers it, and the bootstrap
 * admin key.
 */
export function MeetingListPage() {
  const [adminKey, setAdminKey] = useState<string | null>(() => loadAdminKey())
  const [me, setMe] = useState<Me | null>(null)
  useEffect(() => {
    document.title = 'Møter – Referat'
    let live = true
    void fetchMe().then((answer) => live && setMe(answer))
    return () => {
      live = false
    }
  }, [])
  const logout = useCallback(() => {
    forgetAdminKey()
    setAdminKey(null)
  }, [])
  const person = me?.signedIn ? me.person : null
  // An admin by sign-in uses the session; the bootstrap admin key stays for the first start.
  const adminCredential = adminKey ?? (me?.signedIn && me.isAdmin ? SESSION_CREDENTIAL : null)
  return (
    <>
      <SkipLink />
      <header className="app-header">
        <span className="brand">Referat</span>
        {person && (
          <span className="signed-in">
            Logget inn som <strong>{displayName(person)}</strong>
          </span>
        )}
        {person && (
          <button type="button" className="logout" onClick={() => void signOut()}>
            Logg ut
          </button>
        )}
        {adminKey && (
          <button type="button" className="logout" onClick={logout}>
            {person ? 'Glem administratornøkkelen' : 'Logg ut'}
          </button>
        )}
      </header>
      <main id="main" className="list-page">
        <h1 tabIndex={-1}>Møter</h1>
        {(adminCredential !== null || person) && (
          <p className="search-entry">
            <Link href="/sok">Søk i referater</Link>
          </p>
        )}
        {person && <MyMeetings />}
        {adminCredential !== null ? (
          <AdminMeetings
            adminKey={adminCredential}
            onLogout={logout}
            signIn={{ enabled: me?.oidc === true, person: adminCredential === SESSION_CREDENTIAL ? person : null }}
          />
        ) : (
          me && (
            <>
              {me.oidc && !person && <SignInOffer />}
              {!person && (
                <LoginForm
                  onLogin={(key) => {
                    saveAdminKey(key)
                    setAdminKey(key)
                  }}
                />
              )}
            </>
          )
        )}
        {me?.oidc && (adminCredential !== null || person) && <SessionsPanel credential={adminCredential ?? SESSION_CREDENTIAL} />}
      </main>
    </>
  )
}
