import { Suspense, lazy, useCallback, useEffect, useState } from 'react'
import { canWriteMinutes, type MeetingResponse, type Role } from '../../shared'
import { isMacPlatform, matchesShortcut, keysFor } from '../editor'
import { useT, withNamespaces } from '../i18n'
import { roleColor, roleLabel, useLocalUser, useMeetingSession, usePublishUser, type LocalUser } from '../sync'
import { EditorLoadBoundary, useEditorStage } from './editorStage'
import { FollowControl, FollowMarker } from './FollowControl'
import { IdentityDialog } from './IdentityDialog'
import { ReaderView } from './ReaderView'
import { MeetingAnnouncements, useAnnounce, useFollowPauseAnnouncement } from './announcer'
import { SkipLink } from './SkipLink'
import { useFollow } from './useFollow'

// "Hurtigtaster", fetched the first time it opens (with the `editor` catalogue, which a reader may
// not have yet) and mounted from then on, so closing it returns the focus (Dialog.tsx).
// "Hvem er du?" is not: it must be up before the minutes are.
const HelpDialog = lazy(withNamespaces(['editor'], () => import('./HelpDialog').then((m) => ({ default: m.HelpDialog }))))

/** True from the first time `flag` was true on. */
function useOnceTrue(flag: boolean): boolean {
  const [once, setOnce] = useState(flag)
  if (flag && !once) setOnce(true)
  return once || flag
}

/** A writing role's page when the editor could not be fetched. */
function EditorLoadFailed({ onRetry }: { onRetry: () => void }) {
  const t = useT()
  return (
    <main id="main" className="list-page message-page">
      <div role="alert">
        <p>{t('common.workspace.loadFailed')}</p>
      </div>
      <button type="button" className="primary" onClick={onRetry}>
        {t('common.workspace.retry')}
      </button>
    </main>
  )
}

/** The person as the token (or, for a role invitation, this browser) says. */
function useIdentity(me: MeetingResponse['me']): {
  user: LocalUser | null
  nameFromToken: boolean
  setUser: (user: LocalUser) => void
} {
  const [localUser, setLocalUser] = useLocalUser()
  const tokenName = me?.name ?? null
  return { user: tokenName ? { name: tokenName } : localUser, nameFromToken: tokenName !== null, setUser: setLocalUser }
}

/** Name and role in the header; "Endre navn" only when the link names no one. */
function UserControl({ user, role, nameFromToken, onChangeName }: { user: LocalUser | null; role: Role; nameFromToken: boolean; onChangeName: () => void }) {
  const t = useT()
  return (
    <div className="user-control">
      <span className="user-name">
        {user?.name ?? t('common.workspace.noName')}
        {!nameFromToken && user && <span className="unverified"> {t('common.workspace.unverified')}</span>}
      </span>
      <span className="role-badge" style={{ borderColor: roleColor(role) }}>
        <span className="swatch" style={{ backgroundColor: roleColor(role) }} aria-hidden="true" />
        {t('common.workspace.role', { role: roleLabel(role) })}
      </span>
      {!nameFromToken && (
        <button type="button" onClick={onChangeName}>
          {t('common.workspace.changeName')}
        </button>
      )}
    </div>
  )
}

/** The editor page of a meeting whose token the server accepted. */
export function Workspace({ meetingId, organ, token, me }: { meetingId: string; organ: string; token: string; me: MeetingResponse['me'] }) {
  // The admin credential opens a meeting too (me is null): it reads, it does not write.
  const role: Role = me?.role ?? 'observatør'
  const session = useMeetingSession(meetingId, token, canWriteMinutes(role))
  const { user, nameFromToken, setUser } = useIdentity(me)
  const [identityOpen, setIdentityOpen] = useState(user === null)
  const [helpOpen, setHelpOpen] = useState(false)
  const helpUsed = useOnceTrue(helpOpen)
  usePublishUser(session, user, role, nameFromToken)
  const openHelp = useCallback(() => setHelpOpen(true), [])

  useEffect(() => {
    // Mod-/ also from outside the editor (the editor's own keymap handles it inside for writers).
    const handleKeyDown = (event: KeyboardEvent) => {
      if (matchesShortcut(event, keysFor('help'), isMacPlatform())) {
        event.preventDefault()
        setHelpOpen(true)
      }
    }
    document.addEventListener('keydown', handleKeyDown)
    return () => document.removeEventListener('keydown', handleKeyDown)
  }, [])

  const userControl = <UserControl user={user} role={role} nameFromToken={nameFromToken} onChangeName={() => setIdentityOpen(true)} />
  const { stage, handoff, readerRoot, needEditor, editorReady, MeetingView, attempt, failed, loadFailed, retry } = useEditorStage(canWriteMinutes(role))
  // "Følg referenten" lives here, above both views, so it survives the editor taking over.
  const announceFollow = useAnnounce()
  const followRoot = useCallback(
    () => (stage === 'editor' ? document.querySelector<HTMLElement>('.meeting-view .minutes-editor') : readerRoot.current),
    [stage, readerRoot],
  )
  const follow = useFollow(session, role, followRoot, announceFollow, stage)
  const t = useT()
  useFollowPauseAnnouncement(follow?.mode ?? null)
  const fallbackHeader = (
    <header className="app-header">
      <h1 tabIndex={-1}>{t('common.minutes.editorLabel')}</h1>
    </header>
  )

  return (
    <div className="editor-page">
      <SkipLink target="minutes" label={t('common.workspace.skipToMinutes')} />
      {!session && fallbackHeader}
      {session && stage !== 'editor' && (
        <ReaderView session={session} meetingId={meetingId} token={token} role={role} userControl={userControl} onHelp={openHelp} rootRef={readerRoot} onNeedEditor={needEditor} />
      )}
      {session && stage !== 'reader' && (
        <EditorLoadBoundary key={attempt} onError={loadFailed} fallback={null}>
          <Suspense fallback={stage === 'editor' ? fallbackHeader : null}>
            {/* Built out of sight while the reader is still shown; display: contents once it is the page. */}
            <div className={stage === 'editor' ? 'meeting-view' : 'meeting-view meeting-view-pending'}>
              <MeetingView
                session={session}
                meetingId={meetingId}
                organ={organ}
                token={token}
                me={me}
                role={role}
                user={user}
                userControl={userControl}
                onHelp={openHelp}
                onReady={stage === 'loading' ? editorReady : undefined}
                handoff={handoff}
              />
            </div>
          </Suspense>
        </EditorLoadBoundary>
      )}
      {session && failed && stage === 'editor' && <EditorLoadFailed onRetry={retry} />}
      {follow && (
        <>
          <FollowControl follow={follow} />
          <FollowMarker follow={follow} />
        </>
      )}
      {/* The live region itself is the page's one (AnnouncerProvider, EditorPage.tsx). */}
      {session && <MeetingAnnouncements session={session} me={me} />}
      <Suspense fallback={null}>{helpUsed && <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />}</Suspense>
      <IdentityDialog
        open={identityOpen && !nameFromToken}
        current={nameFromToken ? null : user}
        role={role}
        onSave={(next) => {
          setUser(next)
          setIdentityOpen(false)
        }}
        onClose={() => setIdentityOpen(false)}
      />
    </div>
  )
}
