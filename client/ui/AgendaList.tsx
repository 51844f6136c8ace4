import { useId, useRef, useState, type KeyboardEvent } from 'react'
import { formatClock, formatPlanned, isRunning, type SakTiming } from '../editor'
import { t, useT } from '../i18n'

/** One sak as the Saksliste shows it. */
export interface AgendaListItem {
  readonly id: string | null
  readonly number: string | null
  readonly prefix: string | null
  readonly title: string
  readonly caseType: string | null
  readonly timing: Pick<SakTiming, 'plannedStart' | 'plannedEnd' | 'startedAt' | 'endedAt'>
}

/** "Planlagt 13.05 · Startet 13.07 · Ferdig 13.20", as far as known (interface language); '' when nothing is. */
export function timingLine(timing: AgendaListItem['timing']): string {
  return [
    timing.plannedStart &&
      t('common.agenda.planned', { time: `${formatPlanned(timing.plannedStart)}${timing.plannedEnd ? `–${formatPlanned(timing.plannedEnd)}` : ''}` }),
    timing.startedAt && t('common.agenda.started', { time: formatClock(timing.startedAt) }),
    timing.endedAt && t('common.agenda.ended', { time: formatClock(timing.endedAt) }),
  ]
    .filter(Boolean)
    .join(' · ')
}

/**
 * "Saksliste": every sak with number, title, sakstype and planned/actual times; `current` (an
 * index, -1 for none) is marked current and the running one "pågår". Without the editor: the
 * editor's AgendaNav and the light reader (client/reader) both render it. On a narrow screen it
 * is a drawer (workspace.css): the button "Saksliste" opens it and puts focus on the first sak;
 * Escape or choosing a sak closes it again. On a wide screen the button is not shown and the
 * list always is.
 */
export function AgendaList({ items, current, onSelect }: { items: readonly AgendaListItem[]; current: number; onSelect: (index: number) => void }) {
  const tr = useT()
  const [open, setOpen] = useState(false)
  const listId = useId()
  const toggleRef = useRef<HTMLButtonElement>(null)
  const listRef = useRef<HTMLOListElement>(null)

  const toggle = () => {
    const next = !open
    setOpen(next)
    // Into the drawer as it opens (after React has shown it).
    if (next) requestAnimationFrame(() => listRef.current?.querySelector('button')?.focus())
  }
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return
    event.preventDefault()
    setOpen(false)
    toggleRef.current?.focus()
  }

  return (
    <nav aria-label={tr('common.agenda.heading')} className="agenda-nav" data-open={open} onKeyDown={closeOnEscape}>
      <h2>{tr('common.agenda.heading')}</h2>
      <button type="button" ref={toggleRef} className="agenda-toggle" aria-expanded={open} aria-controls={listId} onClick={toggle}>
        <span aria-hidden="true" className="agenda-toggle-icon">
          {open ? '▴' : '▾'}
        </span>
        {tr('common.agenda.heading')}
      </button>
      <ol id={listId} ref={listRef}>
        {items.map((item, index) => (
          <li key={item.id ?? `index-${index}`}>
            <button
              type="button"
              aria-current={index === current ? 'true' : undefined}
              onClick={() => {
                setOpen(false)
                onSelect(index)
              }}
            >
              <span className="agenda-number">{item.number ? [item.prefix, item.number].filter(Boolean).join(' ') : '–'}</span>
              <span className="agenda-title">{item.title || tr('common.agenda.untitled')}</span>
              {item.caseType && <span className="agenda-type">{item.caseType}</span>}
              {timingLine(item.timing) && <span className="agenda-timing">{timingLine(item.timing)}</span>}
              {isRunning(item.timing) && <span className="agenda-running">{tr('common.agenda.running')}</span>}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  )
}
