import type { Editor } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { useEditor } from '@tiptap/react'
import { useEffect, useMemo, useRef } from 'react'
import type { Role } from '../../shared'
import { presenceUser, type LocalUser, type MeetingSession } from '../sync'
import { pacedAwareness } from './caretPacing'
import { schemaExtensions } from './extensions'
import { MinutesDisplay } from './displayDecorations'
import { KeepUnchangedBlocks } from './keepUnchangedBlocks'
import { LanguageRefresh } from './languageRefresh'
import { MinutesKeymap } from './minutesKeymap'
import { MinutesPlaceholder } from './placeholder'
import { PrintAgenda } from './printAgenda'
import { ReadOnlyGuard, readOnlyKey } from './readOnly'
import { RegisterDecorations } from './registerDecorations'
import { SkipOffscreen } from './skipOffscreen'
import { TolerateMergedShapes } from './tolerateMergedShapes'
import { UniqueSakIds } from './uniqueSakIds'


/** The remote caret: a line in the user's colour with a name label (styled in minutes.css). */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span')
  caret.className = 'collaboration-carets__caret'
  caret.style.borderColor = String(user.color)
  caret.setAttribute('aria-hidden', 'true')
  const label = document.createElement('span')
  label.className = 'collaboration-carets__label'
  label.style.backgroundColor = String(user.color)
  label.textContent = String(user.name ?? '')
  caret.append(label)
  return caret
}

/** What the editor needs besides the session. */
export interface MinutesEditorOptions {
  readonly user: LocalUser | null
  readonly role: Role
  /** Nothing the person does may change the minutes (a reading role, or a closed meeting). */
  readonly readOnly: boolean
  readonly onHelp: () => void
}

/**
 * The Tiptap editor bound to a meeting's shared minutes (Yjs), with remote carets, the minutes
 * keymap, hints, the register's decorations and the read-only guard. Null during the first
 * render. Created once per session: the user's later changes reach the others through awareness
 * (usePublishUser), and read-only switches without rebuilding the editor.
 */
export function useMinutesEditor(session: MeetingSession, options: MinutesEditorOptions): Editor | null {
  const { user, role, readOnly, onHelp } = options
  const onHelpRef = useRef(onHelp)
  onHelpRef.current = onHelp
  const userRef = useRef(user)
  userRef.current = user
  const roleRef = useRef(role)
  roleRef.current = role
  const readOnlyRef = useRef(readOnly)
  readOnlyRef.current = readOnly
  // The caret plugin redraws remote carets at a paced rate, after paints (caretPacing.ts).
  const caretProvider = useMemo(() => ({ awareness: pacedAwareness(session.provider.awareness) }), [session])
  const editor = useEditor(
    {
      immediatelyRender: false,
      // Its base styles are in tiptapBase.css: an injected <style> breaks the CSP (no 'unsafe-inline').
      injectCSS: false,
      extensions: [
        ...schemaExtensions(),
        TolerateMergedShapes,
        KeepUnchangedBlocks,
        Collaboration.configure({ fragment: session.fragment }),
        CollaborationCaret.configure({
          provider: caretProvider,
          // No name yet: none is sent, and the server names the holder by the role (presence.ts), which
          // each reader then shows in their own language (MeetingSession.presence).
          user: presenceUser(userRef.current ?? { name: '' }, roleRef.current),
          render: renderCaret,
          // A light tint keeps the selected text readable (contrast) in every role colour.
          selectionRender: (u: Record<string, unknown>) => ({
            nodeName: 'span',
            class: 'collaboration-carets__selection',
            style: `background-color: ${String(u.color)}33`,
          }),
        }),
        ReadOnlyGuard.configure({ isReadOnly: () => readOnlyRef.current }),
        MinutesKeymap.configure({ onHelp: () => onHelpRef.current(), isReadOnly: () => readOnlyRef.current }),
        LanguageRefresh,
        MinutesPlaceholder,
        MinutesDisplay,
        PrintAgenda,
        UniqueSakIds,
        RegisterDecorations,
        SkipOffscreen,
      ],
      editorProps: {
        attributes: {
          // aria-label: from LanguageRefresh, in the interface language.
          role: 'textbox',
          'aria-multiline': 'true',
          spellcheck: 'true',
          // lang: the meeting's language, from LanguageRefresh (setContentLanguage).
          class: 'minutes-editor',
        },
      },
    },
    [session],
  )
  useEffect(() => {
    // The textbox's aria-readonly is an editor attribute: recomputed on the next transaction.
    if (editor && !editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(readOnlyKey, readOnly))
  }, [editor, readOnly])
  return editor
}
