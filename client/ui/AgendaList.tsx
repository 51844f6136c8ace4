import { formatClock, formatPlanned, isRunning, type SakTiming } from '../editor'

/** One sak as the Saksliste shows it. */
export interface AgendaListItem {
  readonly id: string | null
  readonly number: string | null
  readonly prefix: string | null
  readonly title: string
  readonly caseType: string | null
  readonly timing: Pick<SakTiming, 'plannedStart' | 'plannedEnd' | 'startedAt' | 'endedAt'>
}

/** "Planlagt 13.05 · Startet 13.07 · Ferdig 13.20", as far as known; '' when nothing is. */
export function timingLine(timing: AgendaListItem['timing']): string {
  return [
    timing.plannedStart &&
      `Planlagt ${formatPlanned(timing.plannedStart)}${timing.plannedEnd ? `–${formatPlanned(timing.plannedEnd)}` : ''}`,
    timing.startedAt && `Startet ${formatClock(timing.startedAt)}`,
    timing.endedAt && `Ferdig ${formatClock(timing.endedAt)}`,
  ]
    .filter(Boolean)
    .join(' · ')
}

/**
 * "Saksliste": every sak with number, title, sakstype and planned/actual times; `current` (an
 * index, -1 for none) is marked current and the running one "pågår". Without the editor: the
 * editor's AgendaNav and the light reader (client/reader) both render it.
 */
export function AgendaList({ items, current, onSelect }: { items: readonly AgendaListItem[]; current: number; onSelect: (index: number) => void }) {
  return (
    <nav aria-label="Saksliste" className="agenda-nav">
      <h2>Saksliste</h2>
      <ol>
        {items.map((item, index) => (
          <li key={item.id ?? `index-${index}`}>
            <button type="button" aria-current={index === current ? 'true' : undefined} onClick={() => onSelect(index)}>
              <span className="agenda-number">{item.number ? [item.prefix, item.number].filter(Boolean).join(' ') : '–'}</span>
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
