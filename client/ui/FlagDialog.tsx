import { useEffect, useState, type FormEvent } from 'react'
import { MAX_FLAG_TEXT_CHARS } from '../../shared'
import type { EncodedAnchor, Passage } from '../editor'
import { useT } from '../i18n'
import { createFlag } from './api'
import { Dialog } from './Dialog'
import { errorMessage } from './useSubmit'

/** The passage a member is flagging, captured when the dialog opened. */
export interface FlagTarget {
  readonly passage: Passage
  readonly anchor: EncodedAnchor
  /** "Sak 17/23" or "Toppteksten", for the dialog's text. */
  readonly where: string
}

/**
 * "Flagg tekst": a member's correction flag on the selected passage. Kommentar (required),
 * Forslag til ny tekst (prefilled with the passage; only within one paragraph), and
 * "Navngi meg i dette innspillet". Sends POST /api/meetings/:id/flags.
 */
export function FlagDialog({
  target,
  meetingId,
  token,
  onSent,
  onClose,
}: {
  target: FlagTarget | null
  meetingId: string
  token: string
  onSent: () => void
  onClose: () => void
}) {
  const t = useT()
  const [comment, setComment] = useState('')
  const [proposal, setProposal] = useState('')
  const [nameMe, setNameMe] = useState(false)
  const [error, setError] = useState<{ field: 'comment' | null; message: string } | null>(null)
  const [sending, setSending] = useState(false)

  useEffect(() => {
    if (!target) return
    setComment('')
    setProposal(target.passage.singleBlock ? target.passage.quote : '')
    setNameMe(false)
    setError(null)
    setSending(false)
  }, [target])

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (!target || sending) return
    if (!comment.trim()) {
      setError({ field: 'comment', message: t('common.flagDialog.commentMissing') })
      document.getElementById('flag-comment')?.focus()
      return
    }
    const proposed = target.passage.singleBlock && proposal.trim() && proposal !== target.passage.quote ? proposal : null
    setSending(true)
    setError(null)
    try {
      await createFlag(token, meetingId, {
        agendaItemId: target.passage.agendaItemId,
        anchor: target.anchor,
        quote: target.passage.quote,
        comment: comment.trim(),
        proposedText: proposed,
        nameMe,
      })
      onSent()
    } catch (err) {
      setSending(false)
      setError({ field: null, message: errorMessage(err) })
      setTimeout(() => document.getElementById('flag-form-error')?.focus(), 0)
    }
  }

  return (
    <Dialog open={target !== null} onClose={onClose} labelledBy="flag-heading" className="flag-dialog">
      {target && (
        <form onSubmit={handleSubmit} noValidate>
          <h2 id="flag-heading">{t('common.flagDialog.heading')}</h2>
          <p className="hint">{t('common.flagDialog.goesTo', { where: target.where })}</p>
          <blockquote className="flag-quote">{target.passage.quote}</blockquote>
          {error && !error.field && (
            <p id="flag-form-error" className="form-error" role="alert" tabIndex={-1}>
              {error.message}
            </p>
          )}
          <div className="field">
            <label htmlFor="flag-comment">
              {t('common.flagDialog.comment')}
              <span aria-hidden="true"> *</span>
            </label>
            <textarea
              id="flag-comment"
              rows={3}
              value={comment}
              maxLength={MAX_FLAG_TEXT_CHARS}
              aria-required="true"
              aria-invalid={error?.field === 'comment' || undefined}
              aria-describedby={error?.field === 'comment' ? 'flag-comment-error' : undefined}
              onChange={(e) => setComment(e.target.value)}
              autoFocus
            />
            {error?.field === 'comment' && (
              <p id="flag-comment-error" className="field-error">
                {error.message}
              </p>
            )}
          </div>
          {target.passage.singleBlock ? (
            <div className="field">
              <label htmlFor="flag-proposal">{t('common.flagDialog.proposal')}</label>
              <textarea
                id="flag-proposal"
                rows={3}
                value={proposal}
                maxLength={MAX_FLAG_TEXT_CHARS}
                aria-describedby="flag-proposal-hint"
                onChange={(e) => setProposal(e.target.value)}
              />
              <p id="flag-proposal-hint" className="hint">
                {t('common.flagDialog.proposalHint')}
              </p>
            </div>
          ) : (
            <p className="hint">{t('common.flagDialog.multipleParagraphs')}</p>
          )}
          <div className="field checkbox">
            <input id="flag-name-me" type="checkbox" checked={nameMe} onChange={(e) => setNameMe(e.target.checked)} />
            <label htmlFor="flag-name-me">{t('common.flagDialog.nameMe')}</label>
          </div>
          <p className="hint">{t('common.flagDialog.anonymousHint')}</p>
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              {t('common.action.cancel')}
            </button>
            <button type="submit" className="primary" aria-disabled={sending || undefined}>
              {sending ? t('common.flagDialog.sending') : t('common.flagDialog.send')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  )
}
