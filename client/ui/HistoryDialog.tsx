import type { Editor } from '@tiptap/core'
import { useEffect, useState } from 'react'
import type { HistoryEvent, HistoryVerifyResponse } from '../../shared'
import { listAgendaItems } from '../editor'
import { t as translate, useT } from '../i18n'
import { Dialog } from './Dialog'
import { formatMoment } from './format'
import { fetchHistory, verifyHistory } from './historyApi'
import { describeHistoryEvent, historyActorText } from './historyText'
import { errorMessage } from './useSubmit'
import './history.css'

/** "sak 17/23" (or the title) for each sak id in the minutes now. */
function sakLabels(editor: Editor): (sakId: string) => string {
  const names = new Map<string, string>()
  for (const item of listAgendaItems(editor.state.doc)) {
    if (item.id) names.set(item.id, item.number ? translate('editor.history.sakNumber', { number: item.number }) : translate('editor.history.sakTitled', { title: item.title }))
  }
  return (sakId) => names.get(sakId) ?? translate('editor.history.sakNumber', { number: sakId })
}

/** The verdict of the chain check as one sentence. */
export function verifyText(check: HistoryVerifyResponse): string {
  if (check.ok) return translate('editor.history.chainWhole', { count: check.events })
  return translate('editor.history.chainBroken', { seq: check.brokenAt, reason: check.reason })
}

function EventItem({ event, sakLabel }: { event: HistoryEvent; sakLabel: (sakId: string) => string }) {
  const t = useT()
  return (
    <li className="history-event">
      <span className="history-seq">{t('editor.history.seq', { seq: event.seq })}</span>{' '}
      <time dateTime={event.at}>{formatMoment(event.at)}</time>
      <p className="history-what">{describeHistoryEvent(event, sakLabel)}</p>
      <p className="history-who">
        {event.actor.verified && (
          <span className="history-verified" aria-hidden="true">
            ✓{' '}
          </span>
        )}
        {t('editor.history.by', { who: historyActorText(event.actor) })}
      </p>
    </li>
  )
}

/**
 * "Historikk": the meeting's history of acts, oldest first (newest last), one page at a time,
 * and "Kontroller kjeden", whose verdict is read out from a live region.
 */
export function HistoryDialog({ editor, meetingId, token, open, onClose }: { editor: Editor; meetingId: string; token: string; open: boolean; onClose: () => void }) {
  const [events, setEvents] = useState<HistoryEvent[]>([])
  const [next, setNext] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [verdict, setVerdict] = useState('')
  const t = useT()

  const load = async (after: number) => {
    setBusy(true)
    setError(null)
    try {
      const page = await fetchHistory(token, meetingId, after)
      setEvents((shown) => (after === 0 ? [...page.events] : [...shown, ...page.events]))
      setNext(page.next)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    if (!open) return
    setVerdict('')
    void load(0)
    // Loaded again each time the dialog opens; `load` reads only props that do not change.
  }, [open])

  const check = async () => {
    setVerdict(t('editor.history.checking'))
    try {
      setVerdict(verifyText(await verifyHistory(token, meetingId)))
    } catch (err) {
      setVerdict(errorMessage(err))
    }
  }

  const sakLabel = open ? sakLabels(editor) : () => ''
  return (
    <Dialog open={open} onClose={onClose} labelledBy="history-heading" className="history-dialog">
      <h2 id="history-heading">{t('editor.history.title')}</h2>
      <p className="hint">{t('editor.history.hint')}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {events.length === 0 && !busy && !error && <p>{t('editor.history.empty')}</p>}
      {/* Focusable: the list scrolls on its own, and keyboard users must be able to scroll it. */}
      <ol className="history-list" aria-label={t('editor.history.listLabel')} tabIndex={0}>
        {events.map((event) => (
          <EventItem key={event.seq} event={event} sakLabel={sakLabel} />
        ))}
      </ol>
      {next !== null && (
        <button type="button" onClick={() => void load(next)} disabled={busy}>
          {t('editor.history.more')}
        </button>
      )}
      <div className="history-check">
        <button type="button" onClick={() => void check()}>
          {t('editor.history.check')}
        </button>
        <p role="status" aria-live="polite" className="history-verdict">
          {verdict}
        </p>
      </div>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          {t('editor.dialog.close')}
        </button>
      </div>
    </Dialog>
  )
}

/** "Historikk": the button in the meeting's header (møteleder and sekretær) and its dialog. */
export function HistoryButton({ editor, meetingId, token }: { editor: Editor; meetingId: string; token: string }) {
  const [open, setOpen] = useState(false)
  const t = useT()
  return (
    <>
      <button type="button" className="history-button" onClick={() => setOpen(true)}>
        {t('editor.history.title')}
      </button>
      <HistoryDialog editor={editor} meetingId={meetingId} token={token} open={open} onClose={() => setOpen(false)} />
    </>
  )
}
