import { Extension, wrappingInputRule } from '@tiptap/core'
import { liftListItem, sinkListItem, splitListItem } from '@tiptap/pm/schema-list'
import { enterMovesOn, exitEmptyAttendee } from './commands'
import { runAction } from './actions'
import { SHORTCUTS, type EditorAction } from './shortcuts'

export interface MinutesKeymapOptions {
  /** Called for the help shortcut (Mod-/). */
  onHelp: () => void
  /** While true, no binding applies (the keys keep their browser meaning, Tab leaves the editor). */
  isReadOnly: () => boolean
}

/**
 * The minutes' own keys: the SHORTCUTS table, Enter that moves on in the header and titles,
 * bullet lists (Enter, Tab, Shift-Tab, "- " to start one) and Shift-Enter for a line break.
 */
export const MinutesKeymap = Extension.create<MinutesKeymapOptions>({
  name: 'minutesKeymap',
  // Before the core keymap, so Enter in the header moves on instead of trying to split.
  priority: 1000,
  addOptions() {
    return { onHelp: () => {}, isReadOnly: () => false }
  },
  addKeyboardShortcuts() {
    const editor = this.editor
    const bindings: Record<string, () => boolean> = {}
    for (const { keys, action } of SHORTCUTS) {
      // The flag shortcut belongs to the page (it opens a dialog).
      if (!action || action === 'flagPassage') continue
      bindings[keys] =
        action === 'help'
          ? () => {
              this.options.onHelp()
              return true
            }
          : () => {
              runAction(editor, action as EditorAction)
              // Swallow the key even where the action does not apply (no stray browser action).
              return true
            }
    }
    const listItem = () => editor.schema.nodes.listItem
    const all: Record<string, () => boolean> = {
      ...bindings,
      Enter: () => {
        const { state, view } = editor
        return (
          enterMovesOn(state, view.dispatch) ||
          exitEmptyAttendee(state, view.dispatch) ||
          splitListItem(listItem())(state, view.dispatch)
        )
      },
      'Shift-Enter': () => editor.commands.setHardBreakIfAllowed(),
      Tab: () => sinkListItem(listItem())(editor.state, editor.view.dispatch),
      'Shift-Tab': () => liftListItem(listItem())(editor.state, editor.view.dispatch),
    }
    const isReadOnly = () => this.options.isReadOnly()
    return Object.fromEntries(Object.entries(all).map(([keys, run]) => [keys, () => !isReadOnly() && run()]))
  },
  addCommands() {
    return {
      setHardBreakIfAllowed:
        () =>
        ({ state, dispatch }) => {
          const type = state.schema.nodes.hardBreak
          const { $from } = state.selection
          if (!$from.parent.canReplaceWith($from.index(), $from.index(), type)) return false
          dispatch?.(state.tr.replaceSelectionWith(type.create()).scrollIntoView())
          return true
        },
    }
  },
  addInputRules() {
    return [wrappingInputRule({ find: /^\s*([-*•])\s$/, type: this.editor.schema.nodes.bulletList })]
  },
})

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    minutesKeymap: {
      /** Inserts a line break where the schema allows one. */
      setHardBreakIfAllowed: () => ReturnType
    }
  }
}
