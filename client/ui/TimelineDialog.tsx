import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { useEffect, useState } from 'react'
import type { Node as PMNode } from '@tiptap/pm/model'
import { listAgendaItems, timingOf } from '../editor'
import { useT } from '../i18n'
import { Dialog } from './Dialog'
import { useLastCall } from './lastCall'
import {
  clockOf,
  formatDeviation,
  timelineRows,
  timelineScale,
  timelineSummary,
  type TimelineInput,
  type TimelineRow,
  type TimelineScale,
} from './timeline'
import './timeline.css'

const ROW_H = 34
const LABEL_W = 150
const CHART_W = 460
const AXIS_H = 24

function timelineInputs(doc: PMNode): TimelineInput[] {
  return listAgendaItems(doc).map((item) => ({
    number: item.number,
    title: item.title,
    timing: timingOf(doc.nodeAt(item.pos)!, item.pos),
  }))
}

const NO_INPUTS: TimelineInput[] = []

/** The saker's times, read from the minutes while the dialog is open (nothing while closed). */
function useTimelineInputs(editor: Editor, open: boolean): TimelineInput[] {
  const inputs = useLastCall(timelineInputs)
  return useEditorState({
    editor,
    selector: ({ editor: e }) => (open ? inputs(e.state.doc) : NO_INPUTS),
    equalityFn: (a, b) => b !== null && (a === b || JSON.stringify(a) === JSON.stringify(b)),
  })
}

/** The picture: one row per sak, the planned bar above the actual one, a clock axis below. */
function TimelineChart({ rows, scale, summaryId }: { rows: readonly TimelineRow[]; scale: TimelineScale; summaryId: string }) {
  const x = (ms: number) => LABEL_W + ((ms - scale.startMs) / (scale.endMs - scale.startMs)) * CHART_W
  const height = rows.length * ROW_H + AXIS_H
  return (
    <svg
      className="timeline-chart"
      role="img"
      aria-labelledby={summaryId}
      // Room on the right for the last tick's label, centred on the chart's edge.
      viewBox={`0 0 ${LABEL_W + CHART_W + 24} ${height}`}
      width="100%"
    >
      {scale.ticks.map((t) => (
        <g key={t} aria-hidden="true">
          <line className="timeline-grid" x1={x(t)} x2={x(t)} y1={0} y2={rows.length * ROW_H} />
          <text className="timeline-tick" x={x(t)} y={height - 6} textAnchor="middle">
            {clockOf(t)}
          </text>
        </g>
      ))}
      {rows.map((row, i) => {
        const y = i * ROW_H
        return (
          <g key={i} aria-hidden="true">
            <text className="timeline-label" x={4} y={y + ROW_H / 2 + 4}>
              {row.label.length > 22 ? `${row.label.slice(0, 21)}…` : row.label}
            </text>
            {row.plannedStartMs !== null && (
              <rect
                className="timeline-planned"
                x={x(row.plannedStartMs)}
                y={y + 5}
                width={Math.max(3, row.plannedEndMs === null ? 3 : x(row.plannedEndMs) - x(row.plannedStartMs))}
                height={10}
              />
            )}
            {row.startedMs !== null && row.endedMs !== null && (
              <rect
                className={row.running ? 'timeline-actual running' : 'timeline-actual'}
                x={x(row.startedMs)}
                y={y + 17}
                width={Math.max(3, x(row.endedMs) - x(row.startedMs))}
                height={12}
              />
            )}
          </g>
        )
      })}
    </svg>
  )
}

function TimelineTable({ rows }: { rows: readonly TimelineRow[] }) {
  const t = useT()
  return (
    <table className="timeline-table">
      <caption>{t('editor.timeline.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('editor.timeline.sak')}</th>
          <th scope="col">{t('editor.timeline.planned')}</th>
          <th scope="col">{t('editor.timeline.actualStart')}</th>
          <th scope="col">{t('editor.timeline.actualEnd')}</th>
          <th scope="col">{t('editor.timeline.deviation')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            <th scope="row">{row.label}</th>
            <td>{row.plannedStart || '–'}</td>
            <td>{clockOf(row.startedMs) || '–'}</td>
            <td>{row.running ? t('editor.timeline.running') : clockOf(row.endedMs) || '–'}</td>
            <td>{formatDeviation(row.deviationMin) || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** "Tidslinje": planned versus actual time per sak, as a picture and as a table. */
export function TimelineDialog({ editor, open, onClose }: { editor: Editor; open: boolean; onClose: () => void }) {
  const inputs = useTimelineInputs(editor, open)
  const t = useT()
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    if (!open) return undefined
    // A running sak's bar grows while the dialog is open.
    setNow(new Date())
    const timer = setInterval(() => setNow(new Date()), 30_000)
    return () => clearInterval(timer)
  }, [open])
  const rows = timelineRows(inputs, now)
  const scale = timelineScale(rows)
  return (
    <Dialog open={open} onClose={onClose} labelledBy="timeline-heading" className="timeline-dialog">
      <h2 id="timeline-heading">{t('editor.timeline.title')}</h2>
      <p id="timeline-summary">{timelineSummary(rows)}</p>
      {scale ? (
        <>
          <p className="timeline-legend" aria-hidden="true">
            <span className="legend-planned" /> {t('editor.timeline.planned')} <span className="legend-actual" /> {t('editor.timeline.actual')}
          </p>
          <TimelineChart rows={rows} scale={scale} summaryId="timeline-summary" />
        </>
      ) : (
        <p className="hint">{t('editor.timeline.empty')}</p>
      )}
      <TimelineTable rows={rows} />
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          {t('editor.dialog.close')}
        </button>
      </div>
    </Dialog>
  )
}

/** "Tidslinje": the button in the meeting's header and the dialog it opens. */
export function TimelineButton({ editor }: { editor: Editor }) {
  const [open, setOpen] = useState(false)
  const t = useT()
  return (
    <>
      <button type="button" className="timeline-button" onClick={() => setOpen(true)}>
        {t('editor.timeline.title')}
      </button>
      <TimelineDialog editor={editor} open={open} onClose={() => setOpen(false)} />
    </>
  )
}
