import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { currentSakPos, focusAgendaItem, listAgendaItems, type AgendaEntry } from '../editor'

function sameList(a: AgendaEntry[], b: AgendaEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]
      return x.pos === y.pos && x.number === y.number && x.title === y.title && x.caseType === y.caseType
    })
  )
}

/** "Saksliste": every sak with number, title and sakstype; the caret's sak is marked current. */
export function AgendaNav({ editor }: { editor: Editor }) {
  const { items, current } = useEditorState({
    editor,
    selector: ({ editor: e }) => ({ items: listAgendaItems(e.state.doc), current: currentSakPos(e.state) }),
    equalityFn: (a, b) => b !== null && a.current === b.current && sameList(a.items, b.items),
  })
  return (
    <nav aria-label="Saksliste" className="agenda-nav">
      <h2>Saksliste</h2>
      <ol>
        {items.map((item) => (
          <li key={item.id ?? item.pos}>
            <button
              type="button"
              aria-current={item.pos === current ? 'true' : undefined}
              onClick={() => focusAgendaItem(editor, item.pos)}
            >
              <span className="agenda-number">{item.number ?? '–'}</span>
              <span className="agenda-title">{item.title || 'Uten tittel'}</span>
              {item.caseType && <span className="agenda-type">{item.caseType}</span>}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  )
}
