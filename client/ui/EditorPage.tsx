import { useCallback, useEffect, useState } from 'react'
import type { MeetingResponse } from '../../shared'
import { forgetMeetingToken, loadMeetingToken, tokenLooksExpired } from '../sync'
import { ApiError, fetchMeeting } from './api'
import { Link } from './navigation'
import { SESSION_CREDENTIAL, fetchMe, signInUrl, type Me } from './signIn'
import { SkipLink } from './SkipLink'
import { Workspace } from './Workspace'
import { AnnouncerProvider } from './announcer'

type Access =
  | { kind: 'loading' }
  | { kind: 'ready'; response: MeetingResponse }
  | { kind: 'refused'; heading: string; message: string }
  /** The link's role must sign in with the identity provider in this meeting. */
  | { kind: 'sign-in'; message: string }
  | { kind: 'error'; message: string }

const NEW_LINK = 'Be møtets sekretariat om en ny invitasjonslenke.'

/** The words for a refused token, from the HTTP status (and the token's own expiry as a hint). */
function refusal(err: ApiError, token: string): { heading: string; message: string } {
  if (err.kind === 'not-found') return { heading: 'Fant ikke møtet', message: 'Møtet finnes ikke, eller lenken er feil.' }
  if (token === SESSION_CREDENTIAL) {
    return { heading: 'Ingen tilgang', message: 'Du er ikke invitert til dette møtet med kontoen du er logget inn med. Be møtets sekretariat om en invitasjon.' }
  }
  if (err.kind === 'unauthorized' && tokenLooksExpired(token, Date.now())) {
    return { heading: 'Lenken er utløpt', message: `Invitasjonslenken din er utløpt. ${NEW_LINK}` }
  }
  if (err.kind === 'unauthorized') return { heading: 'Lenken er ikke gyldig', message: `${err.message} ${NEW_LINK}` }
  return { heading: 'Ingen tilgang', message: `${err.message} ${NEW_LINK}` }
}

/** Checks the credential with `GET /api/meetings/:id` before anything connects. */
function useMeetingAccess(meetingId: string, token: string | null): [Access, () => void] {
  const [access, setAccess] = useState<Access>({ kind: 'loading' })
  const load = useCallback(() => {
    if (token === null) return
    setAccess({ kind: 'loading' })
    fetchMeeting(token, meetingId).then(
      (response) => setAccess({ kind: 'ready', response }),
      (err: unknown) => {
        if (err instanceof ApiError && err.code === 'sign-in-required') {
          // The link is kept no longer: signed in, the meeting opens with the session instead.
          forgetMeetingToken(meetingId)
          setAccess({ kind: 'sign-in', message: err.message })
          return
        }
        if (err instanceof ApiError && ['unauthorized', 'forbidden', 'not-found'].includes(err.kind)) {
          if (err.kind !== 'not-found' && token !== SESSION_CREDENTIAL) forgetMeetingToken(meetingId)
          setAccess({ kind: 'refused', ...refusal(err, token) })
        } else {
          setAccess({ kind: 'error', message: err instanceof Error ? err.message : String(err) })
        }
      },
    )
  }, [meetingId, token])
  useEffect(load, [load])
  return [access, load]
}

/** A page with a heading and a message, for the cases where the minutes cannot be shown. */
function MessagePage({ heading, children }: { heading: string; children: React.ReactNode }) {
  useEffect(() => {
    document.title = `${heading} – Referat`
  }, [heading])
  return (
    <>
      <SkipLink />
      <header className="app-header">
        <span className="brand">Referat</span>
      </header>
      <main id="main" className="list-page message-page">
        <h1 tabIndex={-1}>{heading}</h1>
        {children}
      </main>
    </>
  )
}

/**
 * The credential this page opens the meeting with: the invitation link's token when there is one,
 * else the signed-in session (SESSION_CREDENTIAL), else null (after `GET /api/me` said so).
 * Undefined while that is being asked.
 */
function useCredential(meetingId: string): { credential: string | null | undefined; me: Me | null } {
  const [token] = useState(() => loadMeetingToken(meetingId))
  const [me, setMe] = useState<Me | null>(null)
  useEffect(() => {
    if (token) return
    let live = true
    void fetchMe().then((answer) => live && setMe(answer))
    return () => {
      live = false
    }
  }, [token])
  if (token) return { credential: token, me: null }
  if (!me) return { credential: undefined, me: null }
  return { credential: me.signedIn ? SESSION_CREDENTIAL : null, me }
}

/**
 * `/m/<id>`: the live minutes of one meeting, opened with the token of an invitation link or,
 * for a signed-in person, with the session. Without either nothing connects; a refused
 * credential gets a clear page instead of the editor.
 */
export function EditorPage({ meetingId }: { meetingId: string }) {
  const { credential, me } = useCredential(meetingId)
  const [access, retry] = useMeetingAccess(meetingId, credential ?? null)

  if (credential === null) {
    return (
      <MessagePage heading="Du trenger en invitasjonslenke for å åpne dette møtet">
        <p>Åpne møtet med den personlige lenken eller rollelenken du fikk fra møtets sekretariat. Lenken inneholder tilgangen din.</p>
        {me?.oidc && (
          <p>
            Er du invitert med e-postadressen din, kan du i stedet{' '}
            <a className="button primary" href={signInUrl(`/m/${meetingId}`)}>
              logge inn med virksomhetens konto
            </a>
          </p>
        )}
        <p>
          <Link href="/">Til forsiden</Link>
        </p>
      </MessagePage>
    )
  }
  if (credential === undefined || access.kind === 'loading') {
    return (
      <MessagePage heading="Referat">
        <p role="status">Åpner møtet …</p>
      </MessagePage>
    )
  }
  if (access.kind === 'sign-in') {
    return (
      <MessagePage heading="Logg inn for å åpne møtet">
        <p>{access.message}</p>
        <p>
          <a className="button primary" href={signInUrl(`/m/${meetingId}`)}>
            Logg inn med virksomhetens konto
          </a>
        </p>
      </MessagePage>
    )
  }
  if (access.kind === 'refused') {
    return (
      <MessagePage heading={access.heading}>
        <p role="alert">{access.message}</p>
      </MessagePage>
    )
  }
  if (access.kind === 'error') {
    return (
      <MessagePage heading="Kunne ikke åpne møtet">
        <div role="alert">
          <p>{access.message}</p>
        </div>
        <button type="button" className="primary" onClick={retry}>
          Prøv igjen
        </button>
      </MessagePage>
    )
  }
  return (
    <AnnouncerProvider>
      <Workspace meetingId={meetingId} organ={access.response.meeting.organ} token={credential} me={access.response.me} />
    </AnnouncerProvider>
  )
}
