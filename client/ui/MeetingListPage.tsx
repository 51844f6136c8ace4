import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { isLanguage, type AgendaDraft, type CreateMeetingResponse, type Invitation, type Language, type MePerson, type MeetingSummary } from '../../shared'
import { t as translate, useT } from '../i18n'
import { roleLabel } from '../i18n/minutesLabels'
import { saveMeetingToken } from '../sync'
import { forgetAdminKey, loadAdminKey, saveAdminKey } from './adminKey'
import { ApiError } from './api'
import { createToken, fetchMeetings, fetchMyMeetings, type MyMeeting } from './adminApi'
import { fetchNextMeeting } from './actionsApi'
import { CopyLink } from './CopyLink'
import { followUpPath } from './followUpPath'
import { LanguagePicker } from './LanguagePicker'
import { formatDate } from './localFormat'
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
  const t = useT()
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
            {t('admin.list.retry')}
          </button>
        </div>
      )}
    </>
  )
}

/** A meeting's organ, title, number and date, and one more detail (its place, or your role in it). */
function MeetingFacts({ meeting, detail }: { meeting: MeetingSummary; detail: string }) {
  const t = useT()
  return (
    <div className="meeting-link">
      <span className="meeting-organ">{meeting.organ}</span>
      {meeting.title && <span className="meeting-title">{meeting.title}</span>}
      <span className="meeting-meta">
        {meeting.number && <span>{t('admin.meeting.number', { number: meeting.number })}</span>}
        <span>{formatDate(meeting.date)}</span>
        {detail && <span>{detail}</span>}
      </span>
    </div>
  )
}

function byDateDescending(a: MeetingSummary, b: MeetingSummary): number {
  return b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt)
}

/** "Bystyret møte 3/2023, 4. oktober 2023": a meeting named in a heading or a button's label. */
const meetingLabel = (m: MeetingSummary) =>
  m.number
    ? translate('admin.meeting.labelNumbered', { organ: m.organ, number: m.number, date: formatDate(m.date) })
    : translate('admin.meeting.label', { organ: m.organ, date: formatDate(m.date) })

/** The language of each organ's most recent meeting, where the server says it. */
function latestLanguages(meetings: readonly MeetingSummary[]): Map<string, Language> {
  const languages = new Map<string, Language>()
  for (const meeting of [...meetings].sort(byDateDescending)) {
    // `language` is sent by servers that store it (issue 16); older ones leave it out.
    const language = (meeting as MeetingSummary & { language?: unknown }).language
    if (!languages.has(meeting.organ) && isLanguage(language)) languages.set(meeting.organ, language)
  }
  return languages
}

/** Opens a meeting in this tab with an invitation's token (never through the address bar). */
function openWith(invitation: Invitation, meetingId: string): void {
  saveMeetingToken(meetingId, invitation.token)
  navigate(`/m/${meetingId}`)
}

/** "Administratornøkkel": the credential the server printed at its first start. */
function LoginForm({ onLogin }: { onLogin: (key: string) => void }) {
  const t = useT()
  const [key, setKey] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    if (!key.trim()) return setError(t('admin.login.keyMissing'))
    setBusy(true)
    setError(null)
    try {
      await fetchMeetings(key.trim())
      onLogin(key.trim())
    } catch (err) {
      setBusy(false)
      const refused = err instanceof ApiError && (err.kind === 'unauthorized' || err.kind === 'forbidden')
      setError(refused ? t('admin.login.keyWrong') : err instanceof Error ? err.message : String(err))
      document.getElementById('admin-key')?.focus()
    }
  }
  return (
    <form className="login-form" onSubmit={handleSubmit} noValidate aria-labelledby="login-heading">
      <h2 id="login-heading">{t('admin.login.heading')}</h2>
      <p className="hint" id="admin-key-hint">
        {t('admin.login.hint')}
      </p>
      <div className="field">
        <label htmlFor="admin-key">{t('admin.login.keyLabel')}</label>
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
        {busy ? t('admin.login.busy') : t('admin.login.submit')}
      </button>
    </form>
  )
}

/** The four role links of a new meeting, each with "Kopier", and "Åpne som sekretær". */
function Invitations({ created, onDone, openAsSecretary }: { created: CreateMeetingResponse; onDone: () => void; openAsSecretary: () => Promise<void> }) {
  const t = useT()
  const [error, setError] = useState<string | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [created])
  const secretary = created.invitations.find((i) => i.role === 'sekretær')
  return (
    <section aria-labelledby="invitations-heading" className="invitations panel">
      <h2 id="invitations-heading" ref={headingRef} tabIndex={-1}>
        {t('admin.invitations.heading', { meeting: meetingLabel(created.meeting) })}
      </h2>
      <p>{t('admin.invitations.intro')}</p>
      <ul className="invitation-list">
        {created.invitations.map((invitation) => (
          <li key={invitation.tokenId}>
            <h3>{roleLabel(invitation.role)}</h3>
            <CopyLink url={invitation.url} label={roleLabel(invitation.role)} />
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
          {t('admin.invitations.close')}
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
            {t('admin.meeting.openAsSecretary')}
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
  const t = useT()
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
        <button type="button" aria-label={t('admin.meeting.openAsSecretaryLabel', { meeting: meetingLabel(meeting) })} onClick={() => void openAsSecretaryHere()}>
          {t('admin.meeting.openAsSecretary')}
        </button>
        <button type="button" aria-expanded={expanded} aria-controls={panelId} onClick={() => setExpanded(!expanded)}>
          {t('admin.meeting.links')}{' '}
          <span className="visually-hidden">{t('admin.meeting.linksFor', { meeting: meetingLabel(meeting) })}</span>
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
  const t = useT()
  const organs = [...new Set(meetings.map((m) => m.organ))].sort((a, b) => a.localeCompare(b, 'nb'))
  const [message, setMessage] = useState('')
  if (organs.length === 0) return null
  const propose = async (organ: string) => {
    try {
      const { draft, roster } = await fetchNextMeeting(adminKey, organ, null)
      onProposal(draft)
      const proposed = draft.info.number
        ? t('admin.organs.proposedNumbered', { organ, number: draft.info.number })
        : t('admin.organs.proposed', { organ })
      const members = roster.length > 0 ? ` ${t('admin.organs.rosterNote', { count: roster.length })}` : ''
      setMessage(`${proposed}${members}`)
      setTimeout(() => document.getElementById('new-meeting-heading')?.focus(), 0)
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err))
    }
  }
  return (
    <section aria-labelledby="organs-heading" className="organs">
      <h2 id="organs-heading">{t('admin.organs.heading')}</h2>
      <ul className="organ-list">
        {organs.map((organ) => (
          <li key={organ}>
            <span className="meeting-organ">{organ}</span>
            <Link href={followUpPath(organ, null)}>
              {t('admin.organs.followUp')}{' '}
              <span className="visually-hidden">{t('admin.organs.followUpOf', { organ })}</span>
            </Link>
            <button type="button" onClick={() => void propose(organ)}>
              {t('admin.organs.newMeeting', { organ })}
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
  const t = useT()
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
          <h2 id="meetings-heading">{t('admin.meetings.heading')}</h2>
          <ListStatus state={state} loading={t('admin.meetings.loading')} empty={t('admin.meetings.empty')} retry={load} />
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
          organLanguages={state.kind === 'ready' ? latestLanguages(state.meetings) : undefined}
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
  const t = useT()
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
      <h2 id="my-meetings-heading">{t('admin.myMeetings.heading')}</h2>
      <ListStatus state={state} loading={t('admin.myMeetings.loading')} empty={t('admin.myMeetings.empty')} retry={load} />
      {state.kind === 'ready' && state.meetings.length > 0 && (
        <ul className="meeting-list">
          {state.meetings.map(({ meeting, role }) => (
            <li key={meeting.id} className="meeting-entry">
              <MeetingFacts meeting={meeting} detail={roleLabel(role)} />
              <div className="meeting-actions">
                <button type="button" className="primary" onClick={() => navigate(`/m/${meeting.id}`)} aria-label={t('admin.myMeetings.openLabel', { meeting: meetingLabel(meeting) })}>
                  {t('admin.myMeetings.open')}
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
  const t = useT()
  return (
    <section aria-labelledby="sign-in-heading" className="sign-in panel">
      <h2 id="sign-in-heading">{t('admin.signIn.heading')}</h2>
      <p>{t('admin.signIn.intro')}</p>
      <a className="button primary" href={signInUrl('/')}>
        {t('admin.signIn.withAccount')}
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
  const t = useT()
  const [adminKey, setAdminKey] = useState<string | null>(() => loadAdminKey())
  const [me, setMe] = useState<Me | null>(null)
  const pageTitle = t('admin.page.title')
  useEffect(() => {
    document.title = pageTitle
  }, [pageTitle])
  useEffect(() => {
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
            {t('admin.header.signedInAs')} <strong>{displayName(person)}</strong>
          </span>
        )}
        {person && (
          <button type="button" className="logout" onClick={() => void signOut()}>
            {t('admin.header.signOut')}
          </button>
        )}
        {adminKey && (
          <button type="button" className="logout" onClick={logout}>
            {person ? t('admin.header.forgetKey') : t('admin.header.signOut')}
          </button>
        )}
        <LanguagePicker className="header-language" />
      </header>
      <main id="main" className="list-page">
        <h1 tabIndex={-1}>{t('admin.page.heading')}</h1>
        {(adminCredential !== null || person) && (
          <p className="search-entry">
            <Link href="/sok">{t('admin.page.searchLink')}</Link>
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
