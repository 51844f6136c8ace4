import { Extension, type Editor } from '@tiptap/core'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import { i18n, isLanguage } from '../i18n'
import { editorLabel } from './label'

/**
 * The editor's words that are not document text (hints, part labels, notes, the confirmation
 * marks, the print table's headings, the textbox's name) follow the interface language: when it
 * changes, one meta transaction (no document change, not in the undo history, not synced) tells
 * the decoration plugins to rebuild. Nothing is recomputed per keystroke for it.
 *
 * The textbox's `lang` is the language the minutes are written in: the meeting's own language
 * (`setContentLanguage`), not the interface's, so spelling and speech follow the text.
 */

interface LanguageState {
  /** The textbox's accessible name, in the interface language. */
  readonly label: string
  /** The language of the minutes' text. */
  readonly lang: string
}

export const languageRefreshKey = new PluginKey<LanguageState>('languageRefresh')
const contentLanguageKey = new PluginKey('contentLanguage')

/** True for the transaction that announces a new interface language. */
export function isLanguageRefresh(tr: Transaction): boolean {
  return tr.getMeta(languageRefreshKey) === true
}

/** The minutes are written in `lang` (the meeting's language): the textbox's `lang` attribute. */
export function setContentLanguage(editor: Editor, lang: string): void {
  if (editor.isDestroyed || !isLanguage(lang) || languageRefreshKey.getState(editor.state)?.lang === lang) return
  editor.view.dispatch(editor.state.tr.setMeta(contentLanguageKey, lang).setMeta('addToHistory', false))
}

/** The Tiptap extension: listens for language changes, names the textbox in the language and gives its `lang`. */
export const LanguageRefresh = Extension.create<Record<string, never>, { unsubscribe: (() => void) | null }>({
  name: 'languageRefresh',
  addStorage: () => ({ unsubscribe: null }),
  onCreate() {
    const editor = this.editor
    let shown = i18n.locale
    // Lingui also says "change" when it loads another namespace: only a new language counts.
    this.storage.unsubscribe = i18n.on('change', () => {
      if (editor.isDestroyed || i18n.locale === shown) return
      shown = i18n.locale
      editor.view.dispatch(editor.state.tr.setMeta(languageRefreshKey, true).setMeta('addToHistory', false))
    })
  },
  onDestroy() {
    this.storage.unsubscribe?.()
    this.storage.unsubscribe = null
  },
  addProseMirrorPlugins() {
    return [
      new Plugin<LanguageState>({
        key: languageRefreshKey,
        state: {
          init: () => ({ label: editorLabel(), lang: 'nb' }),
          apply: (tr, prev) => {
            const lang = tr.getMeta(contentLanguageKey) as string | undefined
            if (!isLanguageRefresh(tr) && !lang) return prev
            return { label: isLanguageRefresh(tr) ? editorLabel() : prev.label, lang: lang ?? prev.lang }
          },
        },
        props: {
          attributes: (state): Record<string, string> => {
            const { label, lang } = languageRefreshKey.getState(state) ?? { label: '', lang: 'nb' }
            return { 'aria-label': label, lang }
          },
        },
      }),
    ]
  },
})
