import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react'
import { canWriteMinutes, type MeetingResponse, type Role } from '../../shared'
import { isMacPlatform, matchesShortcut, keysFor } from '../editor'
import { captureHandoff, type Handoff } from '../reader'
import { roleColor, roleLabel, useLocalUser, useMeetingSession, usePublishUser, type LocalUser } from '../sync'
import { IdentityDialog } from './IdentityDialog'
import { ReaderView } from './ReaderView'
import { SkipLink } from './SkipLink'

// "Hurtigtaster", fetched the first time it opens and mounted from then on, so closing it returns
// the focus (Dialog.tsx). "Hvem er du?" is not: it must be up before the minutes are.
const HelpDialog = lazy(() => import('./HelpDialog').then((m) => ({ default: m.HelpDialog })))

/** True from the first time `flag` was true on. */
function useOnceTrue(flag: boolean): boolean {
  const [once, setOnce] = useState(flag)
  if (flag && !once) setOnce(true)
  return once || flag
}

/** The meeting with the editor (Tiptap, ProseMirror): a chunk of its own, see useEditorStage. */
const MeetingView = lazy(() => import('./MeetingView').then((m) => ({ default: m.MeetingView })))

/**
 * Which view shows the meeting. A writing role gets the editor at once. A reader starts with the
 * light ReaderView (no ProseMirror in its first render) and asks for the editor after the first
 * paint or on its first action; the editor is then built out of sight ("loading") and swapped in
 * once it shows the minutes, with the reader's selection, focus and scroll handed over. A swap
 * waits while a mouse button is down in the page (a selection being dragged).
 */
function useEditorStage(writer: boolean) {
  const [stage, setStage] = useState<'reader' | 'loading' | 'editor'>(writer ? 'editor' : 'reader')
  const [handoff, setHandoff] = useState<Handoff | null>(null)
  const readerRoot = useRef<HTMLDivElement>(null)
  const wantsFlag = useRef(false)
  const pointerDown = useRef(false)
  const pendingReveal = useRef<(() => void) | null>(null)

  useEffect(() => {
    if (stage === 'editor') return undefined
    const handleDown = () => {
      pointerDown.current = true
    }
    const handleUp = () => {
      pointerDown.current = false
      const reveal = pendingReveal.current
      pendingReveal.current = null
      reveal?.()
    }
    document.addEventListener('pointerdown', handleDown, true)
    document.addEventListener('pointerup', handleUp, true)
    document.addEventListener('pointercancel', handleUp, true)
    return () => {
      document.removeEventListener('pointerdown', handleDown, true)
      document.removeEventListener('pointerup', handleUp, true)
      document.removeEventListener('pointercancel', handleUp, true)
    }
  }, [stage])

  const needEditor = useCallback((flag: boolean) => {
    if (flag) wantsFlag.current = true
    setStage((s) => (s === 'reader' ? 'loading' : s))
  }, [])
  const editorReady = useCallback(() => {
    const reveal = () => {
      setHandoff(captureHandoff(readerRoot.current, wantsFlag.current))
      setStage('editor')
    }
    if (pointerDown.current) pendingReveal.current = reveal
    else reveal()
  }, [])
  return { stage, handoff, readerRoot, needEditor, editorReady }
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
  return (
    <div className="user-control">
      <span className="user-name">
        {user?.name ?? 'Uten navn'}
        {!nameFromToken && user && <span className="unverified"> (ikke verifisert)</span>}
      </span>
      <span className="role-badge" style={{ borderColor: roleColor(role) }}>
        <span className="swatch" style={{ backgroundColor: roleColor(role) }} aria-hidden="true" />
        Rolle: {roleLabel(role)}
      </span>
      {!nameFromToken && (
        <button type="button" onClick={onChangeName}>
          Endre navn
        </button>
      )}
    </div>
  )
}

/** The editor page of a meeting whose token the server accepted. */
export function Workspace({ meetingId, token, me }: { meetingId: string; token: string; me: MeetingResponse['me'] }) {
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
  const { stage, handoff, readerRoot, needEditor, editorReady } = useEditorStage(canWriteMinutes(role))
  const fallbackHeader = (
    <header className="app-header">
      <h1 tabIndex={-1}>Referat</h1>
    </header>
  )

  return (
    <div className="editor-page">
      <SkipLink target="minutes" label="Hopp til referatet" />
      {!session && fallbackHeader}
      {session && stage !== 'editor' && (
        <ReaderView session={session} meetingId={meetingId} token={token} role={role} userControl={userControl} onHelp={openHelp} rootRef={readerRoot} onNeedEditor={needEditor} />
      )}
      {session && stage !== 'reader' && (
        <Suspense fallback={stage === 'editor' ? fallbackHeader : null}>
          {/* Built out of sight while the reader is still shown; display: contents once it is the page. */}
          <div className={stage === 'editor' ? 'meeting-view' : 'meeting-view meeting-view-pending'}>
            <MeetingView
              session={session}
              meetingId={meetingId}
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
      )}
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
