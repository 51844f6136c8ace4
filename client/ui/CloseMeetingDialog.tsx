import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { formatNorwegianDate, type Confirmation } from '../../shared'
import { CONFIRMATION_LABEL, readBack, unconfirmedCount, type ReadBackItem } from '../editor'
import { closeMeeting } from './api'
import { Dialog } from './Dialog'
import { actorName, formatMoment, localDateTimeToIso, toLocalDateTimeValue } from './format'
import { useSubmit } from './useSubmit'

const STATE_ICON = { unconfirmed: '○', confirmed: '✓', changed: '⚠' } as const

/** Two days from now at 16.00, a usual deadline for members' comments. */
function defaultDeadline(): string {
  const date = new Date()
  date.setDate(date.getDate() + 2)
  date.setHours(16, 0, 0, 0)
  return toLocalDateTimeValue(date)
}

function ReadBackEntry({ item }: { item: ReadBackItem }) {
  const { decision } = item
  return (
    <li className="readback-item">
      <h3>
        {item.number ?? '–'} {item.title || 'Uten tittel'}
      </h3>
      {decision ? (
        <>
          <p className="label">Vedtak:</p>
          <blockquote className="readback-decision">{decision.text || '(tomt)'}</blockquote>
          <p className={`confirmation-state confirmation-${decision.state}`}>
            <span aria-hidden="true">{STATE_ICON[decision.state]} </span>
            {CONFIRMATION_LABEL[decision.state]}
            {decision.state === 'confirmed' &&
              decision.confirmation &&
              ` av ${actorName(decision.confirmation.by)} ${formatMoment(decision.confirmation.at)}`}
          </p>
        </>
      ) : (
        <p className="hint">Ingen vedtak.</p>
      )}
      {item.actionItems.length > 0 && (
        <>
          <p className="label">Aksjonspunkter:</p>
          <ul className="readback-actions">
            {item.actionItems.map((a, i) => (
              <li key={i}>
                {a.text || '(tomt)'}
                <span className="readback-meta">
                  {' '}
                  – Ansvarlig: {a.owner ?? 'ikke satt'}, Frist: {a.dueDate ? formatNorwegianDate(a.dueDate) : 'ikke satt'}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </li>
  )
}

/**
 * "Lukk møtet" (møteleder): the read-back of every vedtak with its confirmation state and every
 * aksjonspunkt, a deadline for members' comments, and the close itself. Warns when a vedtak is
 * not confirmed (or changed after confirmation).
 */
export function CloseMeetingDialog({
  open,
  editor,
  confirmations,
  meetingId,
  token,
  onClosed,
  onCancel,
}: {
  open: boolean
  editor: Editor
  confirmations: ReadonlyMap<string, Confirmation>
  meetingId: string
  token: string
  onClosed: () => void
  onCancel: () => void
}) {
  const items = useEditorState({
    editor,
    selector: ({ editor: e }) => (open ? readBack(e.state.doc, confirmations) : []),
  })
  const [deadline, setDeadline] = useState('')
  const { busy, error, setError, run } = useSubmit()
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (!open) return
    setDeadline(defaultDeadline())
    setError(null)
    // The read-back is read from the top: focus the heading, not the first field below it.
    headingRef.current?.focus()
  }, [open])
  const unconfirmed = unconfirmedCount(items)

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const commentDeadline = localDateTimeToIso(deadline)
    if (deadline && !commentDeadline) return setError('Skriv en gyldig frist, eller la feltet stå tomt.')
    await run(async () => {
      await closeMeeting(token, meetingId, { commentDeadline })
      onClosed()
    })
  }

  return (
    <Dialog open={open} onClose={onCancel} labelledBy="close-heading" className="close-dialog">
      {open && (
        <form onSubmit={handleSubmit} noValidate>
          <h2 id="close-heading" ref={headingRef} tabIndex={-1}>
            Lukk møtet
          </h2>
          <p>
            Les opp vedtakene og aksjonspunktene før du lukker. Etter lukking kan ingen endre referatet. Medlemmene kan sende flagg til
            fristen for merknader.
          </p>
          {/* Scrolls when long (max-height): focusable, so the keyboard can scroll it too. */}
          <ol className="readback" aria-label="Opplesning av vedtak og aksjonspunkter" tabIndex={0}>
            {items.map((item, i) => (
              <ReadBackEntry key={item.agendaItemId ?? i} item={item} />
            ))}
          </ol>
          <div className="field">
            <label htmlFor="close-deadline">Frist for merknader</label>
            <input
              id="close-deadline"
              type="datetime-local"
              value={deadline}
              aria-describedby="close-deadline-hint"
              onChange={(e) => setDeadline(e.target.value)}
            />
            <p id="close-deadline-hint" className="hint">
              Til da kan medlemmene flagge tekst i referatet. Tomt felt: ingen flagg etter lukking.
            </p>
          </div>
          {unconfirmed > 0 && (
            <p className="close-warning">
              <span aria-hidden="true">⚠ </span>
              {unconfirmed === 1 ? '1 vedtak er' : `${unconfirmed} vedtak er`} ikke bekreftet eller endret etter bekreftelse. Lukker du nå,
              står de ubekreftet i referatet.
            </p>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={onCancel}>
              Avbryt
            </button>
            <button type="submit" className="primary" aria-disabled={busy || undefined}>
              {busy ? 'Lukker …' : 'Lukk møtet'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  )
}
