import type { Editor } from '@tiptap/core'
import type { EditorState } from '@tiptap/pm/state'
import { useEditorState } from '@tiptap/react'
import {
  ariaKeyShortcuts,
  canRunAction,
  formatKeys,
  isMacPlatform,
  keysFor,
  runAction,
  type EditorAction,
} from '../editor'
import { useT } from '../i18n'
import { useLastCall } from './lastCall'
import { HelpButton, ReaderToolbarView } from './ReaderToolbarView'
import { useEditorStateAfterPaint } from './useEditorStateAfterPaint'

/** The buttons, with the keys of their visible labels (the e2e tests find them by the bokmål names). */
const BUTTONS: readonly { action: EditorAction; label: string }[] = [
  { action: 'newAgendaItem', label: 'editor.toolbar.newAgendaItem' },
  { action: 'newMemberInput', label: 'editor.toolbar.newMemberInput' },
  { action: 'newActionItem', label: 'editor.toolbar.newActionItem' },
  { action: 'goToDecision', label: 'editor.toolbar.goToDecision' },
  { action: 'toggleSakTiming', label: 'editor.toolbar.toggleSakTiming' },
]

/** The editing buttons above the minutes, and "Hurtigtaster". Same actions as the shortcuts. */
export function Toolbar({ editor, onHelp }: { editor: Editor; onHelp: () => void }) {
  // Which buttons apply depends on the document and the caret only: not run again for a
  // transaction that changed neither (remote carets, register updates).
  const enabledAt = useLastCall((e: Editor, _doc: EditorState['doc'], _selection: EditorState['selection']) =>
    Object.fromEntries(BUTTONS.map((b) => [b.action, canRunAction(e, b.action)])),
  )
  const enabled = useEditorStateAfterPaint(
    editor,
    (e) => enabledAt(e, e.state.doc, e.state.selection),
    (a, b) => a === b || BUTTONS.every(({ action }) => a[action] === b[action]),
  )
  const mac = isMacPlatform()
  const t = useT()
  return (
    <div className="toolbar" role="group" aria-label={t('editor.toolbar.label')}>
      {BUTTONS.map(({ action, label }) => {
        const keys = keysFor(action)
        return (
          <button
            key={action}
            type="button"
            disabled={!enabled[action]}
            aria-keyshortcuts={ariaKeyShortcuts(keys, mac)}
            title={formatKeys(keys, mac)}
            // Keep the editor's selection: the action works at the caret.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => runAction(editor, action)}
          >
            {t(label)}
            <span className="button-keys" aria-hidden="true">
              {formatKeys(keys, mac)}
            </span>
          </button>
        )
      })}
      <HelpButton onHelp={onHelp} mac={mac} />
    </div>
  )
}

/** The toolbar of a reader (medlem, observatør), with "Flagg" enabled while a passage is selected. */
export function ReaderToolbar({
  editor,
  canFlag,
  onFlag,
  onHelp,
}: {
  editor: Editor
  canFlag: boolean
  onFlag: () => void
  onHelp: () => void
}) {
  const hasSelection = useEditorState({ editor, selector: ({ editor: e }) => !e.state.selection.empty })
  return <ReaderToolbarView canFlag={canFlag} hasSelection={hasSelection} onFlag={onFlag} onHelp={onHelp} />
}
