import type { Editor } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import { useId, useState, type FormEvent } from 'react'
import type { Flag, FlagStatus } from '../../shared'
import { flagRanges, replacePassage } from '../editor'
import { useT } from '../i18n'
import { ApiError, decideFlag } from './api'
import { actorName, flagStatusLabel, formatMoment } from './format'

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
  const t = useT()
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
      ctx.announce(status === 'accepted' ? t('common.flag.announceAccepted') : t('common.flag.announceReplied'))
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
      setError(t('common.flag.cannotAccept'))
      return
    }
    editor.view.dispatch(tr.scrollIntoView())
    void decide('accepted', null)
  }

  const handleReply = (event: FormEvent) => {
    event.preventDefault()
    if (!replying) return
    if (replying === 'rejected' && !reply.trim()) {
      setError(t('common.flag.reasonMissing'))
      return
    }
    void decide(replying, reply.trim() || null)
  }

  const author = !flag.nameMe
    ? t('common.flag.anonymous')
    : flag.author.org
      ? t('common.flag.authorNamedOrg', { name: actorName(flag.author), org: flag.author.org })
      : t('common.flag.authorNamed', { name: actorName(flag.author) })
  return (
    <article className={`flag-card flag-${flag.status}`} aria-labelledby={headingId} data-flag-id={flag.id}>
      <h4 id={headingId} className="flag-status">
        <span aria-hidden="true">{STATUS_ICON[flag.status]} </span>
        {flagStatusLabel(flag.status)}
        <span className="flag-meta"> · {formatMoment(flag.createdAt)}</span>
      </h4>
      <blockquote className="flag-quote">{flag.quote}</blockquote>
      {open && changed && (
        <p className="flag-changed">
          <span aria-hidden="true">⚠ </span>
          {t('common.flag.textChanged')}
        </p>
      )}
      <p className="flag-comment">
        <span className="label">{t('common.flag.commentLabel')} </span>
        {flag.comment}
      </p>
      {flag.proposedText !== null && (
        <p className="flag-proposal">
          <span className="label">{t('common.flag.proposalLabel')} </span>
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
              <span className="label">{t('common.flag.replyLabel')} </span>
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
              {t('common.flag.accept')}
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => setReplying('resolved')}>
            {t('common.flag.resolve')}
          </button>
          <button type="button" disabled={busy} onClick={() => setReplying('rejected')}>
            {t('common.flag.reject')}
          </button>
          {passage !== 'gone' && (
            <button type="button" className="link-button" onClick={() => showPassage(ctx.editor, flag.id)}>
              {t('common.flag.showInMinutes')}
            </button>
          )}
        </div>
      )}
      {open && ctx.canDecide && replying && (
        <form className="flag-reply" onSubmit={handleReply} noValidate>
          <div className="field">
            <label htmlFor={`${headingId}-reply`}>
              {replying === 'rejected' ? t('common.flag.reasonRequired') : t('common.flag.replyOptional')}
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
              {replying === 'rejected' ? t('common.flag.rejectFlag') : t('common.flag.resolveFlag')}
            </button>
            <button type="button" onClick={() => setReplying(null)}>
              {t('common.action.cancel')}
            </button>
          </div>
        </form>
      )}
    </article>
  )
}
