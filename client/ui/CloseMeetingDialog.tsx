import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { Confirmation } from '../../shared'
import { CONFIRMATION_LABEL, formatDay, readBack, unconfirmedCount, type ReadBackItem } from '../editor'
import { useT } from '../i18n'
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
  const t = useT()
  return (
    <li className="readback-item">
      <h3>
        {item.number ?? '–'} {item.title || t('editor.close.untitled')}
      </h3>
      {decision ? (
        <>
          <p className="label">{t('editor.close.decision')}</p>
          <blockquote className="readback-decision">{decision.text || t('editor.close.empty')}</blockquote>
          <p className={`confirmation-state confirmation-${decision.state}`}>
            <span aria-hidden="true">{STATE_ICON[decision.state]} </span>
            {CONFIRMATION_LABEL[decision.state]}
            {decision.state === 'confirmed' &&
              decision.confirmation &&
              ` ${t('editor.close.confirmedBy', { name: actorName(decision.confirmation.by), when: formatMoment(decision.confirmation.at) })}`}
          </p>
        </>
      ) : (
        <p className="hint">{t('editor.close.noDecision')}</p>
      )}
      {item.actionItems.length > 0 && (
        <>
          <p className="label">{t('editor.close.actionItems')}</p>
          <ul className="readback-actions">
            {item.actionItems.map((a, i) => (
              <li key={i}>
                {a.text || t('editor.close.empty')}
                <span className="readback-meta">
                  {' '}
                  –{' '}
                  {t('editor.close.actionMeta', {
                    owner: a.owner ?? t('editor.close.notSet'),
                    due: a.dueDate ? formatDay(a.dueDate) : t('editor.close.notSet'),
                  })}
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
  const t = useT()
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
    if (deadline && !commentDeadline) return setError(t('editor.close.badDeadline'))
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
            {t('editor.close.title')}
          </h2>
          <p>{t('editor.close.intro')}</p>
          {/* Scrolls when long (max-height): focusable, so the keyboard can scroll it too. */}
          <ol className="readback" aria-label={t('editor.close.readBack')} tabIndex={0}>
            {items.map((item, i) => (
              <ReadBackEntry key={item.agendaItemId ?? i} item={item} />
            ))}
          </ol>
          <div className="field">
            <label htmlFor="close-deadline">{t('editor.close.deadline')}</label>
            <input
              id="close-deadline"
              type="datetime-local"
              value={deadline}
              aria-describedby="close-deadline-hint"
              onChange={(e) => setDeadline(e.target.value)}
            />
            <p id="close-deadline-hint" className="hint">
              {t('editor.close.deadlineHint')}
            </p>
          </div>
          {unconfirmed > 0 && (
            <p className="close-warning">
              <span aria-hidden="true">⚠ </span>
              {t('editor.close.unconfirmedWarning', { count: unconfirmed })}
            </p>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={onCancel}>
              {t('editor.dialog.cancel')}
            </button>
            <button type="submit" className="primary" aria-disabled={busy || undefined}>
              {busy ? t('editor.close.closing') : t('editor.close.title')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  )
}
