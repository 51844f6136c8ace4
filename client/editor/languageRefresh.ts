import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import { i18n } from '../i18n'
import { editorLabel } from './label'

/**
 * The editor's words that are not document text (hints, part labels, notes, the confirmation
 * marks, the print table's headings, the textbox's name) follow the interface language: when it
 * changes, one meta transaction (no document change, not in the undo history, not synced) tells
 * the decoration plugins to rebuild. Nothing is recomputed per keystroke for it.
 */

export const languageRefreshKey = new PluginKey<string>('languageRefresh')

/** True for the transaction that announces a new interface language. */
export function isLanguageRefresh(tr: Transaction): boolean {
  return tr.getMeta(languageRefreshKey) === true
}

/** The Tiptap extension: listens for language changes, and names the textbox in the language. */
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
      new Plugin<string>({
        key: languageRefreshKey,
        state: {
          init: () => editorLabel(),
          apply: (tr, prev) => (isLanguageRefresh(tr) ? editorLabel() : prev),
        },
        props: { attributes: (state): Record<string, string> => ({ 'aria-label': languageRefreshKey.getState(state) ?? '' }) },
      }),
    ]
  },
})
