import type { Editor } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { useEditor } from '@tiptap/react'
import { useRef } from 'react'
import { presenceUser, type LocalUser, type MeetingSession } from '../sync'
import { schemaExtensions } from './extensions'
import { MinutesKeymap } from './minutesKeymap'
import { MinutesPlaceholder } from './placeholder'
import { TolerateMergedShapes } from './tolerateMergedShapes'

/** Accessible name of the editing area (the e2e tests find the editor by it). */
export const EDITOR_LABEL = 'Referat'

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

/**
 * The Tiptap editor bound to a meeting's shared minutes (Yjs), with remote carets, the minutes
 * keymap and hints. Null during the first render. Created once per session: the user's later
 * changes reach the others through awareness (usePublishUser), not by rebuilding the editor.
 */
export function useMinutesEditor(
  session: MeetingSession,
  user: LocalUser | null,
  onHelp: () => void,
): Editor | null {
  const onHelpRef = useRef(onHelp)
  onHelpRef.current = onHelp
  const userRef = useRef(user)
  userRef.current = user
  return useEditor(
    {
      immediatelyRender: false,
      extensions: [
        ...schemaExtensions(),
        TolerateMergedShapes,
        Collaboration.configure({ fragment: session.fragment }),
        CollaborationCaret.configure({
          provider: session.provider,
          user: userRef.current ? presenceUser(userRef.current) : { name: 'Ukjent', color: '#374151' },
          render: renderCaret,
          // A light tint keeps the selected text readable (contrast) in every role colour.
          selectionRender: (u: Record<string, unknown>) => ({
            nodeName: 'span',
            class: 'collaboration-carets__selection',
            style: `background-color: ${String(u.color)}33`,
          }),
        }),
        MinutesKeymap.configure({ onHelp: () => onHelpRef.current() }),
        MinutesPlaceholder,
      ],
      editorProps: {
        attributes: {
          'aria-label': EDITOR_LABEL,
          role: 'textbox',
          'aria-multiline': 'true',
          spellcheck: 'true',
          lang: 'nb',
          class: 'minutes-editor',
        },
      },
    },
    [session],
  )
}
