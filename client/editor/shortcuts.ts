import { t } from '../i18n'

/**
 * The keyboard shortcuts, defined once: the editor keymap binds the command entries and the help
 * dialog lists all of them. Keys use Tiptap's notation ("Mod" is Ctrl, or ⌘ on a Mac).
 *
 * Chosen for a Norwegian keyboard: no Ctrl+Alt+<letter/digit> (that is AltGr, which types
 * @ £ $ { [ ] } € µ |), and nothing the browser keeps for itself (Ctrl+Shift+N/T/W, the
 * developer tools on Ctrl+Shift+I/J/C, Chrome's feedback form on Alt+Shift+I, Chrome's "focus the
 * toolbar" on Alt+Shift+T).
 */

/** Editor actions a shortcut (and a toolbar button) can run. */
export type ShortcutAction =
  | 'newAgendaItem'
  | 'newMemberInput'
  | 'newActionItem'
  | 'goToDecision'
  | 'nextAgendaItem'
  | 'previousAgendaItem'
  | 'toggleSakTiming'
  | 'help'
  | 'flagPassage'

/** The actions the page handles itself, not the editor's keymap. */
export type PageAction = 'help' | 'flagPassage'

/** The actions that are editor commands. */
export type EditorAction = Exclude<ShortcutAction, PageAction>

export interface Shortcut {
  /** Tiptap key notation. */
  readonly keys: string
  /** What it does, in the interface language, as the help dialog lists it. */
  readonly label: string
  /** The action it runs; absent for keys that are only documented (handled elsewhere). */
  readonly action?: ShortcutAction
}

/** An entry whose label is read in the interface language when shown. */
function shortcut(keys: string, labelKey: string, action?: ShortcutAction): Shortcut {
  return {
    keys,
    ...(action ? { action } : {}),
    get label() {
      return t(labelKey)
    },
  }
}

export const SHORTCUTS: readonly Shortcut[] = [
  shortcut('Mod-Shift-Enter', 'editor.shortcut.newAgendaItem', 'newAgendaItem'),
  shortcut('Alt-Shift-n', 'editor.shortcut.newMemberInput', 'newMemberInput'),
  shortcut('Alt-Shift-k', 'editor.shortcut.newActionItem', 'newActionItem'),
  shortcut('Alt-Shift-v', 'editor.shortcut.goToDecision', 'goToDecision'),
  shortcut('Alt-PageDown', 'editor.shortcut.nextAgendaItem', 'nextAgendaItem'),
  shortcut('Alt-PageUp', 'editor.shortcut.previousAgendaItem', 'previousAgendaItem'),
  shortcut('Alt-Shift-u', 'editor.shortcut.toggleSakTiming', 'toggleSakTiming'),
  shortcut('Mod-/', 'editor.shortcut.help', 'help'),
  shortcut('Alt-Shift-f', 'editor.shortcut.flagPassage', 'flagPassage'),
  shortcut('Enter', 'editor.shortcut.enter'),
  shortcut('Mod-b', 'editor.shortcut.bold'),
  shortcut('Mod-i', 'editor.shortcut.italic'),
  shortcut('Mod-z', 'editor.shortcut.undo'),
  shortcut('Mod-y', 'editor.shortcut.redo'),
  shortcut('Shift-Enter', 'editor.shortcut.hardBreak'),
  shortcut('Tab', 'editor.shortcut.indent'),
  shortcut('Shift-Tab', 'editor.shortcut.outdent'),
]

/** The keys of an action ("Mod-Shift-Enter"). */
export function keysFor(action: ShortcutAction): string {
  const shortcut = SHORTCUTS.find((s) => s.action === action)
  if (!shortcut) throw new Error(`no shortcut for ${action}`)
  return shortcut.keys
}

/** Keys with a printed name other than their notation (the words on the keycaps). */
const KEY_NAMES: Record<string, string> = {
  PageDown: 'Page Down',
  PageUp: 'Page Up',
}

/** The keys as people read them: ["Ctrl", "Shift", "Enter"] (["⌘", …] on a Mac). */
export function keyParts(keys: string, isMac: boolean): string[] {
  // "Mod-/" splits into "Mod" and "/"; a trailing "-" would be the minus key.
  const parts = keys.split(/-(?!$)/)
  return parts.map((part) => {
    if (part === 'Mod') return isMac ? '⌘' : 'Ctrl'
    if (part === 'Alt') return isMac ? '⌥' : 'Alt'
    if (part.length === 1) return part.toUpperCase()
    return KEY_NAMES[part] ?? part
  })
}

/** "Ctrl+Shift+Enter", for aria-keyshortcuts-like hints and button titles. */
export function formatKeys(keys: string, isMac: boolean): string {
  return keyParts(keys, isMac).join('+')
}

/** True on Apple platforms, where Mod is ⌘. */
export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
}

/** The `aria-keyshortcuts` value for keys (WAI-ARIA notation: "Control+Shift+Enter"). */
export function ariaKeyShortcuts(keys: string, isMac: boolean): string {
  return keys
    .split(/-(?!$)/)
    .map((part) => (part === 'Mod' ? (isMac ? 'Meta' : 'Control') : part.length === 1 ? part.toUpperCase() : part))
    .join('+')
}

/**
 * True when a key event is the shortcut `keys` (Tiptap notation). Letters are compared by
 * physical key too, since Alt+Shift+letter types another character on a Mac.
 */
export function matchesShortcut(
  event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
  keys: string,
  isMac: boolean,
): boolean {
  const parts = keys.split(/-(?!$)/)
  const key = parts[parts.length - 1]
  const mod = parts.includes('Mod')
  if ((isMac ? event.metaKey : event.ctrlKey) !== mod) return false
  if ((isMac ? event.ctrlKey : event.metaKey) !== false) return false
  if (event.altKey !== parts.includes('Alt')) return false
  // Punctuation such as "/" needs Shift on some keyboards (Shift+7 on a Norwegian one).
  const punctuation = key.length === 1 && !/[a-z0-9]/i.test(key)
  if (!punctuation && event.shiftKey !== parts.includes('Shift')) return false
  if (key.length === 1 && /[a-z]/i.test(key)) {
    return event.key.toLowerCase() === key.toLowerCase() || event.code === `Key${key.toUpperCase()}`
  }
  return event.key === key
}
