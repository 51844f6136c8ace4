import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'

/**
 * Read-only minutes for roles that may not write (medlem, observatør) and for everyone after the
 * meeting is closed. The editor stays focusable with a caret, so a member can select a passage
 * with the keyboard (Shift+arrows) to flag it, but nothing the person does changes the document:
 * keys that would edit, typing, paste and drop are swallowed, and any local transaction that
 * changes the document is filtered out. Changes from others (y-tiptap) still come in.
 * The textbox says `aria-readonly="true"`.
 */

export interface ReadOnlyOptions {
  /** Asked on every key and transaction, so the mode can change without rebuilding the editor. */
  isReadOnly: () => boolean
}

export const readOnlyKey = new PluginKey('minutesReadOnly')

/** Keys that only move the caret or the focus, or leave the page. */
const NAVIGATION_KEYS: ReadonlySet<string> = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Tab',
  'Escape',
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'CapsLock',
  'ContextMenu',
])

/** With Ctrl/⌘ alone: copy, select all, find, print. */
const SAFE_MOD_KEYS: ReadonlySet<string> = new Set(['c', 'a', 'f', 'g', 'p'])

/** True when a key press in a read-only editor must not reach the editor's keymaps. */
export function blocksKeyWhenReadOnly(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  if (NAVIGATION_KEYS.has(event.key) || /^F\d{1,2}$/.test(event.key)) return false
  if ((event.ctrlKey || event.metaKey) && !event.altKey && SAFE_MOD_KEYS.has(event.key.toLowerCase())) return false
  return true
}

export const ReadOnlyGuard = Extension.create<ReadOnlyOptions>({
  name: 'minutesReadOnly',
  // Before every keymap: a blocked key reaches none of them.
  priority: 10_000,
  addOptions() {
    return { isReadOnly: () => false }
  },
  addProseMirrorPlugins() {
    const isReadOnly = () => this.options.isReadOnly()
    return [
      new Plugin({
        key: readOnlyKey,
        filterTransaction: (tr) => !isReadOnly() || !tr.docChanged || tr.getMeta(ySyncPluginKey) !== undefined,
        props: {
          handleKeyDown: (_view, event) => isReadOnly() && blocksKeyWhenReadOnly(event),
          handleTextInput: () => isReadOnly(),
          handlePaste: () => isReadOnly(),
          handleDrop: () => isReadOnly(),
          handleDOMEvents: {
            beforeinput: (_view, event) => {
              if (!isReadOnly()) return false
              event.preventDefault()
              return true
            },
            dragstart: (_view, event) => {
              if (!isReadOnly()) return false
              event.preventDefault()
              return true
            },
          },
          attributes: (): Record<string, string> => (isReadOnly() ? { 'aria-readonly': 'true', 'data-readonly': 'true' } : {}),
        },
      }),
    ]
  },
})
