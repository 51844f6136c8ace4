import type { Editor } from '@tiptap/core'
import type { Command } from '@tiptap/pm/state'
import {
  focusAgendaTitle,
  goToAdjacentAgendaItem,
  goToDecision,
  insertActionItem,
  insertAgendaItem,
  insertMemberInput,
} from './commands'
import { toggleSakTiming } from './timing'
import type { EditorAction } from './shortcuts'

/** The command behind each editor action (help is handled by the UI). */
function commandFor(action: EditorAction): Command {
  switch (action) {
    case 'newAgendaItem':
      return insertAgendaItem()
    case 'newMemberInput':
      return insertMemberInput
    case 'newActionItem':
      return insertActionItem
    case 'goToDecision':
      return goToDecision
    case 'nextAgendaItem':
      return goToAdjacentAgendaItem(1)
    case 'previousAgendaItem':
      return goToAdjacentAgendaItem(-1)
    case 'toggleSakTiming':
      // The clock is read when the key is pressed, not when the keymap was built.
      return toggleSakTiming(new Date())
  }
}

/** Runs a command on the editor's view and gives the editor focus back. */
function run(editor: Editor, command: Command): boolean {
  if (editor.isDestroyed) return false
  const done = command(editor.state, editor.view.dispatch, editor.view)
  editor.view.focus()
  return done
}

/** Runs an action from a shortcut or a toolbar button; false when it does not apply here. */
export function runAction(editor: Editor, action: EditorAction): boolean {
  return run(editor, commandFor(action))
}

/** True when the action applies at the current caret (for disabling toolbar buttons). */
export function canRunAction(editor: Editor, action: EditorAction): boolean {
  return !editor.isDestroyed && commandFor(action)(editor.state)
}

/** Moves the caret to the title of the sak at `pos` and scrolls it into view (saksliste). */
export function focusAgendaItem(editor: Editor, pos: number): boolean {
  if (!run(editor, focusAgendaTitle(pos))) return false
  // ProseMirror scrolls just enough to show the caret; a sak picked from the list goes to the top.
  const dom = editor.view.nodeDOM(pos)
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start' })
  return true
}
