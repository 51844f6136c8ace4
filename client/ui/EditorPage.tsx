import { useCallback, useEffect, useState } from 'react'
import type { MeetingResponse } from '../../shared'
import { forgetMeetingToken, forgetReaderCopy, loadMeetingToken, tokenLooksExpired } from '../sync'
import { t, useT } from '../i18n'
import { ApiError, fetchMeeting } from './api'
import { Link } from './navigation'
import { SESSION_CREDENTIAL, fetchMe, signInUrl, type Me } from './signIn'
import { LanguagePicker } from './LanguagePicker'
import { SkipLink } from './SkipLink'
import { Workspace } from './Workspace'
import { keepForOffline, storedMeetingIfUnreachable } from './offlineStart'
import { AnnouncerProvider } from './announcer'

type Access =
  | { kind: 'loading' }
  | { kind: 'ready'; response: MeetingResponse }
  | { kind: 'refused'; heading: string; message: string }
  /** The link's role must sign in with the identity provider in this meeting. */
  | { kind: 'sign-in'; message: string }
  | { kind: 'error'; message: string }

/** The words for a refused token, from the HTTP status (and the token's own expiry as a hint), in the interface language. */
function refusal(err: ApiError, token: string): { heading: string; message: string } {
  const newLink = t('common.access.newLink')
  if (err.kind === 'not-found') return { heading: t('common.access.notFoundHeading'), message: t('common.access.notFound') }
  if (token === SESSION_CREDENTIAL) {
    return { heading: t('common.access.noAccessHeading'), message: t('common.access.notInvitedAccount') }
  }
  if (err.kind === 'unauthorized' && tokenLooksExpired(token, Date.now())) {
    return { heading: t('common.access.expiredHeading'), message: t('common.access.expired', { newLink }) }
  }
  const message = t('common.access.withNewLink', { message: err.message, newLink })
  if (err.kind === 'unauthorized') return { heading: t('common.access.invalidHeading'), message }
  return { heading: t('common.access.noAccessHeading'), message }
}

/** Checks the credential with `GET /api/meetings/:id` before anything connects. */
function useMeetingAccess(meetingId: string, token: string | null): [Access, () => void] {
  const [access, setAccess] = useState<Access>({ kind: 'loading' })
  const load = useCallback(() => {
    if (token === null) return
    setAccess({ kind: 'loading' })
    fetchMeeting(token, meetingId).then(
      (response) => {
        keepForOffline(meetingId, response)
        setAccess({ kind: 'ready', response })
      },
      async (err: unknown) => {
        // The server cannot be reached: a reader's stored copy opens instead (offlineStart.ts).
        const stored = await storedMeetingIfUnreachable(meetingId, err)
        if (stored) return setAccess({ kind: 'ready', response: stored })
        if (err instanceof ApiError && err.kind !== 'network' && err.kind !== 'server') void forgetReaderCopy(meetingId)
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
  const t = useT()
  useEffect(() => {
    document.title = t('common.document.pageTitle', { heading })
  }, [heading, t])
  return (
    <>
      <SkipLink />
      <header className="app-header">
        <span className="brand">{t('common.document.title')}</span>
        <LanguagePicker className="header-language" />
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
  const t = useT()

  if (credential === null) {
    return (
      <MessagePage heading={t('common.access.needLinkHeading')}>
        <p>{t('common.access.needLink')}</p>
        {me?.oidc && (
          <p>
            {t('common.access.orSignIn')}{' '}
            <a className="button primary" href={signInUrl(`/m/${meetingId}`)}>
              {t('common.access.signInLower')}
            </a>
          </p>
        )}
        <p>
          <Link href="/">{t('common.access.toFrontPage')}</Link>
        </p>
      </MessagePage>
    )
  }
  if (credential === undefined || access.kind === 'loading') {
    return (
      <MessagePage heading={t('common.document.title')}>
        <p role="status">{t('common.access.opening')}</p>
      </MessagePage>
    )
  }
  if (access.kind === 'sign-in') {
    return (
      <MessagePage heading={t('common.access.signInHeading')}>
        <p>{access.message}</p>
        <p>
          <a className="button primary" href={signInUrl(`/m/${meetingId}`)}>
            {t('common.problem.signIn')}
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
      <MessagePage heading={t('common.access.errorHeading')}>
        <div role="alert">
          <p>{access.message}</p>
        </div>
        <button type="button" className="primary" onClick={retry}>
          {t('common.action.retry')}
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
