import type { Editor } from '@tiptap/core'
import { useEffect } from 'react'
import { focusAgendaItem, listAgendaItems } from '../editor'
import { sakFromFragment } from './sakFragment'

/**
 * Opens the sak a link names (`/m/<id>#sak=<sak id>`, e.g. a search hit) once the minutes are
 * shown: the caret goes to its title and it scrolls to the top, as when it is picked in the
 * saksliste. When the sak is not there yet (the minutes are still arriving) it waits for the
 * document to change, and stops at the first success or when the editor goes.
 */
export function useSakFromFragment(editor: Editor | null): void {
  useEffect(() => {
    const sakId = sakFromFragment(location.hash)
    if (!editor || !sakId) return
    const open = (): boolean => {
      const item = listAgendaItems(editor.state.doc).find((x) => x.id === sakId)
      if (!item) return false
      if (!focusAgendaItem(editor, item.pos)) {
        const dom = editor.view.nodeDOM(item.pos)
        if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start' })
      }
      return true
    }
    if (open()) return
    const handleUpdate = () => {
      if (open()) editor.off('update', handleUpdate)
    }
    editor.on('update', handleUpdate)
    return () => {
      editor.off('update', handleUpdate)
    }
  }, [editor])
}
