import type { Editor } from '@tiptap/core'
import { EditorContent, useEditorState } from '@tiptap/react'
import { useEffect, useState, type ReactNode } from 'react'
import { useMinutesEditor } from '../editor'
import {
  roleLabel,
  useLocalUser,
  useMeetingSession,
  usePublishUser,
  useSyncStatus,
  type LocalUser,
  type MeetingSession,
} from '../sync'
import { AgendaNav } from './AgendaNav'
import { HelpDialog } from './HelpDialog'
import { IdentityDialog } from './IdentityDialog'
import { Link } from './navigation'
import { PresenceList } from './PresenceList'
import { PropertiesPanel } from './PropertiesPanel'
import { SkipLink } from './SkipLink'
import { ProblemBanner, SyncStatusIndicator } from './SyncStatusBar'
import { Toolbar } from './Toolbar'

/** The meeting's heading, read from the minutes' header fields. */
function useMeetingHeading(editor: Editor | null): { title: string; subtitle: string } {
  return useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const header = e?.state.doc.firstChild
      if (!header || header.type.name !== 'meetingHeader') return { title: 'Referat', subtitle: '' }
      const text = (name: string) => {
        let out = ''
        header.forEach((field) => {
          if (field.type.name === name) out = field.textContent.trim()
        })
        return out
      }
      const number = text('meetingNumber')
      return {
        title: text('meetingTitle') || 'Referat',
        subtitle: [number && `Møte ${number}`, text('meetingDate')].filter(Boolean).join(', '),
      }
    },
  }) ?? { title: 'Referat', subtitle: '' }
}

function MinutesArea({ session, editor }: { session: MeetingSession; editor: Editor | null }) {
  const { hasContent, problem } = useSyncStatus(session)
  if (problem === 'unknown-meeting' && !hasContent) return <p className="empty-state">Dette møtet finnes ikke.</p>
  // Until the server (or this browser's own copy) has delivered the minutes, there is nothing to
  // edit: typing into an empty skeleton would create a second header when the real one arrives.
  if (!hasContent || !editor) return <p className="empty-state">Henter referatet …</p>
  return <EditorContent editor={editor} className="minutes-paper" />
}

/** `/m/<id>`: the live minutes of one meeting. */
export function EditorPage({ meetingId }: { meetingId: string }) {
  const session = useMeetingSession(meetingId)
  const [user, setUser] = useLocalUser()
  const [identityOpen, setIdentityOpen] = useState(user === null)
  const [helpOpen, setHelpOpen] = useState(false)
  usePublishUser(session, user)

  useEffect(() => {
    // Mod-/ also from outside the editor (the editor's own keymap handles it inside).
    const handleKeyDown = (event: KeyboardEvent) => {
      if (event.key === '/' && (event.ctrlKey || event.metaKey) && !event.altKey) {
        event.preventDefault()
        setHelpOpen(true)
      }
    }
    document.addEventListener('keydown', handleKeyDown)
    return () => document.removeEventListener('keydown', handleKeyDown)
  }, [])

  const userControl = (
    <div className="user-control">
      {user && (
        <span className="user-name">
          {user.name} <span className="user-role">({roleLabel(user.role)})</span>
        </span>
      )}
      <button type="button" onClick={() => setIdentityOpen(true)}>
        Endre navn eller rolle
      </button>
    </div>
  )

  return (
    <div className="editor-page">
      <SkipLink target="minutes" label="Hopp til referatet" />
      {session ? (
        <Workspace session={session} user={user} userControl={userControl} onHelp={() => setHelpOpen(true)} />
      ) : (
        <header className="app-header">
          <h1 tabIndex={-1}>Referat</h1>
        </header>
      )}
      <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      <IdentityDialog
        open={identityOpen}
        current={user}
        onSave={(next) => {
          setUser(next)
          setIdentityOpen(false)
        }}
        onClose={() => setIdentityOpen(false)}
      />
    </div>
  )
}

/** Header, saksliste, editor and side panels of a meeting whose session exists. */
function Workspace({
  session,
  user,
  userControl,
  onHelp,
}: {
  session: MeetingSession
  user: LocalUser | null
  userControl: ReactNode
  onHelp: () => void
}) {
  const editor = useMinutesEditor(session, user, onHelp)
  const heading = useMeetingHeading(editor)
  const { hasContent } = useSyncStatus(session)
  // Tools only once there are minutes to use them on.
  const ready = hasContent ? editor : null

  useEffect(() => {
    const parts = [heading.subtitle, heading.title === 'Referat' ? '' : heading.title, 'Referat']
    document.title = parts.filter(Boolean).join(' – ')
  }, [heading.title, heading.subtitle])

  return (
    <>
      <header className="app-header">
        <Link href="/" className="back-link">
          <span aria-hidden="true">←</span> Alle møter
        </Link>
        <div className="heading">
          <h1 tabIndex={-1}>{heading.title}</h1>
          {heading.subtitle && <p className="subtitle">{heading.subtitle}</p>}
        </div>
        <SyncStatusIndicator session={session} />
        {userControl}
      </header>
      <ProblemBanner session={session} />
      <div className="workspace">
        {ready ? <AgendaNav editor={ready} /> : <div />}
        <main id="minutes" className="minutes-main" tabIndex={-1}>
          {ready && <Toolbar editor={ready} onHelp={onHelp} />}
          <MinutesArea session={session} editor={editor} />
        </main>
        <div className="side-panels">
          <PresenceList session={session} />
          {ready && <PropertiesPanel editor={ready} />}
        </div>
      </div>
    </>
  )
}
