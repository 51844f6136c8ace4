import type { Editor } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import { useId, useState, type FormEvent } from 'react'
import type { Flag, FlagStatus } from '../../shared'
import { flagRanges, replacePassage } from '../editor'
import { ApiError, decideFlag } from './api'
import { FLAG_STATUS_LABEL, actorName, formatMoment } from './format'

/** What a flag card needs to know about the reader and the meeting. */
export interface FlagCardContext {
  readonly editor: Editor
  readonly meetingId: string
  readonly token: string
  /** May accept, resolve or reject (sekretær, møteleder). */
  readonly canDecide: boolean
  /** May change the minutes now (a writer, meeting open): "Godta forslaget" needs it. */
  readonly canEdit: boolean
  readonly announce: (message: string) => void
}

const STATUS_ICON: Record<FlagStatus, string> = { open: '●', accepted: '✓', resolved: '✓', rejected: '✕' }

type Decision = 'resolved' | 'rejected'

/** Whether the flagged text is still as it was flagged, changed, or gone entirely. */
export type PassageState = 'intact' | 'changed' | 'gone'

/** Selects the flagged passage in the minutes and scrolls to it. */
function showPassage(editor: Editor, flagId: string): void {
  const range = flagRanges(editor.state).get(flagId)
  if (!range || editor.isDestroyed) return
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, range.from, range.to)).scrollIntoView())
  editor.view.focus()
}

/** One flag in the margin: quote, comment, proposal, outcome, and the secretary's actions. */
export function FlagCard({ flag, passage, ctx }: { flag: Flag; passage: PassageState; ctx: FlagCardContext }) {
  const changed = passage !== 'intact'
  const headingId = useId()
  const [replying, setReplying] = useState<Decision | null>(null)
  const [reply, setReply] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const open = flag.status === 'open'

  const decide = async (status: Exclude<FlagStatus, 'open'>, text: string | null) => {
    setBusy(true)
    setError(null)
    try {
      await decideFlag(ctx.token, ctx.meetingId, flag.id, { status, reply: text })
      setReplying(null)
      setReply('')
      // Worded unlike the card's own status text, so a text search finds the card only.
      ctx.announce(status === 'accepted' ? 'Forslaget er satt inn i referatet.' : 'Svaret til medlemmet er lagret.')
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  const handleAccept = () => {
    const { editor } = ctx
    const range = flagRanges(editor.state).get(flag.id)
    const tr = range && flag.proposedText !== null ? replacePassage(editor.state, range, flag.proposedText) : null
    if (!tr) {
      setError('Teksten er endret, så forslaget kan ikke settes inn automatisk. Rett teksten selv, og løs flagget.')
      return
    }
    editor.view.dispatch(tr.scrollIntoView())
    void decide('accepted', null)
  }

  const handleReply = (event: FormEvent) => {
    event.preventDefault()
    if (!replying) return
    if (replying === 'rejected' && !reply.trim()) {
      setError('Skriv hvorfor flagget avvises.')
      return
    }
    void decide(replying, reply.trim() || null)
  }

  const author = flag.nameMe ? `${actorName(flag.author)}${flag.author.org ? `, ${flag.author.org}` : ''} (vil bli navngitt)` : 'Anonymt innspill'
  return (
    <article className={`flag-card flag-${flag.status}`} aria-labelledby={headingId} data-flag-id={flag.id}>
      <h4 id={headingId} className="flag-status">
        <span aria-hidden="true">{STATUS_ICON[flag.status]} </span>
        {FLAG_STATUS_LABEL[flag.status]}
        <span className="flag-meta"> · {formatMoment(flag.createdAt)}</span>
      </h4>
      <blockquote className="flag-quote">{flag.quote}</blockquote>
      {open && changed && (
        <p className="flag-changed">
          <span aria-hidden="true">⚠ </span>Teksten er endret
        </p>
      )}
      <p className="flag-comment">
        <span className="label">Kommentar: </span>
        {flag.comment}
      </p>
      {flag.proposedText !== null && (
        <p className="flag-proposal">
          <span className="label">Forslag: </span>
          {flag.proposedText}
        </p>
      )}
      {ctx.canDecide && <p className="flag-meta">{author}</p>}
      {!open && (
        <p className="flag-outcome">
          {actorName(flag.decidedBy)} {formatMoment(flag.decidedAt)}
          {flag.reply && (
            <>
              <br />
              <span className="label">Svar: </span>
              {flag.reply}
            </>
          )}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {open && ctx.canDecide && !replying && (
        <div className="flag-actions">
          {flag.proposedText !== null && ctx.canEdit && (
            <button type="button" className="primary" disabled={busy || passage === 'gone'} onClick={handleAccept}>
              Godta forslaget
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => setReplying('resolved')}>
            Løs
          </button>
          <button type="button" disabled={busy} onClick={() => setReplying('rejected')}>
            Avvis
          </button>
          {passage !== 'gone' && (
            <button type="button" className="link-button" onClick={() => showPassage(ctx.editor, flag.id)}>
              Vis i referatet
            </button>
          )}
        </div>
      )}
      {open && ctx.canDecide && replying && (
        <form className="flag-reply" onSubmit={handleReply} noValidate>
          <div className="field">
            <label htmlFor={`${headingId}-reply`}>
              {replying === 'rejected' ? 'Begrunnelse til medlemmet (må fylles ut)' : 'Svar til medlemmet (valgfritt)'}
            </label>
            <textarea
              id={`${headingId}-reply`}
              rows={2}
              value={reply}
              aria-required={replying === 'rejected' || undefined}
              onChange={(e) => setReply(e.target.value)}
              autoFocus
            />
          </div>
          <div className="flag-actions">
            <button type="submit" className="primary" aria-disabled={busy || undefined}>
              {replying === 'rejected' ? 'Avvis flagget' : 'Løs flagget'}
            </button>
            <button type="button" onClick={() => setReplying(null)}>
              Avbryt
            </button>
          </div>
        </form>
      )}
    </article>
  )
}
