import { useCallback, useEffect, useState } from 'react'
import { canWriteMinutes, type MeetingResponse, type Role } from '../../shared'
import { isMacPlatform, matchesShortcut, keysFor } from '../editor'
import { roleColor, roleLabel, useLocalUser, useMeetingSession, usePublishUser, type LocalUser } from '../sync'
import { HelpDialog } from './HelpDialog'
import { IdentityDialog } from './IdentityDialog'
import { MeetingView } from './MeetingView'
import { SkipLink } from './SkipLink'

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
export function Workspace({ meetingId, organ, token, me }: { meetingId: string; organ: string; token: string; me: MeetingResponse['me'] }) {
  // The admin credential opens a meeting too (me is null): it reads, it does not write.
  const role: Role = me?.role ?? 'observatør'
  const session = useMeetingSession(meetingId, token, canWriteMinutes(role))
  const { user, nameFromToken, setUser } = useIdentity(me)
  const [identityOpen, setIdentityOpen] = useState(user === null)
  const [helpOpen, setHelpOpen] = useState(false)
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

  return (
    <div className="editor-page">
      <SkipLink target="minutes" label="Hopp til referatet" />
      {session ? (
        <MeetingView session={session} meetingId={meetingId} organ={organ} token={token} me={me} role={role} user={user} userControl={userControl} onHelp={openHelp} />
      ) : (
        <header className="app-header">
          <h1 tabIndex={-1}>Referat</h1>
        </header>
      )}
      <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
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
