import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import type { Node as PMNode } from '@tiptap/pm/model'
import {
  currentSakPos,
  focusAgendaItem,
  formatClock,
  formatPlanned,
  isRunning,
  listAgendaItems,
  timingOf,
  type AgendaEntry,
  type SakTiming,
} from '../editor'

type NavEntry = AgendaEntry & { timing: SakTiming }

function navEntries(doc: PMNode): NavEntry[] {
  return listAgendaItems(doc).map((e) => ({ ...e, timing: timingOf(doc.nodeAt(e.pos)!, e.pos) }))
}

/** "Planlagt 13.05 · Startet 13.07 · Ferdig 13.20", as far as known; '' when nothing is. */
export function timingLine(timing: SakTiming): string {
  return [
    timing.plannedStart && `Planlagt ${formatPlanned(timing.plannedStart)}`,
    timing.startedAt && `Startet ${formatClock(timing.startedAt)}`,
    timing.endedAt && `Ferdig ${formatClock(timing.endedAt)}`,
  ]
    .filter(Boolean)
    .join(' · ')
}

function sameList(a: NavEntry[], b: NavEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]
      return x.pos === y.pos && x.number === y.number && x.title === y.title && x.caseType === y.caseType &&
        x.timing.plannedStart === y.timing.plannedStart &&
        x.timing.startedAt === y.timing.startedAt &&
        x.timing.endedAt === y.timing.endedAt
    })
  )
}

/**
 * "Saksliste": every sak with number, title, sakstype and planned/actual times; the caret's sak
 * is marked current and the running one "pågår".
 */
export function AgendaNav({ editor }: { editor: Editor }) {
  const { items, current } = useEditorState({
    editor,
    selector: ({ editor: e }) => ({ items: navEntries(e.state.doc), current: currentSakPos(e.state) }),
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
              {timingLine(item.timing) && <span className="agenda-timing">{timingLine(item.timing)}</span>}
              {isRunning(item.timing) && <span className="agenda-running">pågår</span>}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  )
}
