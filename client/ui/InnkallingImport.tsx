import { useState } from 'react'
import { AgendaFormatError, KNOWN_CASE_TYPES, parseAgenda, parseAgendaJson, textToSource, type AgendaDraft, type AgendaDraftItem } from '../../shared'
import { t as translate, useT } from '../i18n'
import { DraftItemEditor } from './DraftItemEditor'
import { pasteRichText } from './ImportFileInput'
import { draftProblems, dropItem, editItem, mergeWithNext, moveUnreadToProposal, splitItem, type DraftProblem } from './draftEdit'
import './innkallingImport.css'
import { validationErrorText } from '../i18n/errorText'

/** What the pasted text says: the draft (from the text or the JSON agenda), or why it says nothing. */
export interface PastedAgenda {
  readonly draft: AgendaDraft | null
  /** The JSON agenda itself; null for a pasted innkalling. */
  readonly json: unknown
  /** Why a JSON agenda was refused (field named); null when there is nothing to say. */
  readonly error: string | null
}

/** Largest pasted text we read, and largest JSON agenda we send, in characters (the server takes bodies up to 64 KiB). */
export const MAX_PASTED_CHARS = 60_000

/**
 * Reads what the secretary pasted: a JSON agenda when it starts with "{", else the text of an
 * innkalling. Runs the same parser as the server (with each sak's description kept, for the
 * "bakgrunn" choice), so the preview shows what will be imported.
 */
export function readPasted(text: string): PastedAgenda {
  if (!text.trim()) return { draft: null, json: null, error: null }
  if (!text.trimStart().startsWith('{')) return { draft: parseAgenda(textToSource(text), { keepBackground: true }), json: null, error: null }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { draft: null, json: null, error: translate('admin.import.notJson') }
  }
  try {
    return { draft: parseAgendaJson(json), json, error: null }
  } catch (err) {
    if (err instanceof AgendaFormatError) return { draft: null, json: null, error: translate('admin.import.jsonError', { message: validationErrorText(err), field: err.field }) }
    throw err
  }
}

/** Moves focus to the element with `id` once React has rendered it. */
function focusLater(id: string): void {
  setTimeout(() => document.getElementById(id)?.focus(), 0)
}

const label = (item: AgendaDraftItem) => [item.prefix, item.number].filter(Boolean).join(' ')

function summaryOf(draft: AgendaDraft | null, error: string | null): string {
  if (!draft) return error ?? ''
  const unsure = draft.items.reduce((n, it) => n + it.unsure.length, 0)
  const parts = [
    translate('admin.import.summary.found', { count: draft.items.length }),
    draft.unread.length ? translate('admin.import.summary.unread', { count: draft.unread.length }) : null,
    unsure ? translate('admin.import.summary.unsure', { count: unsure }) : null,
  ]
  return translate('admin.import.summary', { parts: parts.filter(Boolean).join('; ') })
}

/**
 * The "Importer innkalling" part of the "Nytt møte" form: the textarea, and the preview where the
 * secretary corrects each sak (number, series, title, type, times, proposal), merges, splits and
 * drops saker, and moves unread lines into a proposal. Nothing is created here: the form sends the
 * edited `draft` when the secretary confirms.
 */
export function InnkallingImport({
  text,
  pasted,
  draft,
  keepBackground,
  invalidMessage,
  onText,
  onDraft,
  onKeepBackground,
}: {
  text: string
  pasted: PastedAgenda
  /** The draft as the secretary has edited it; null before anything was read. */
  draft: AgendaDraft | null
  /** Send each sak's description as the background of its minutes. */
  keepBackground: boolean
  /** The form's error for this field, if any. */
  invalidMessage: string | null
  onText: (text: string) => void
  onDraft: (draft: AgendaDraft) => void
  onKeepBackground: (keep: boolean) => void
}) {
  const t = useT()
  const [announcement, setAnnouncement] = useState('')
  const [moveTarget, setMoveTarget] = useState<Record<number, number>>({})
  const problems: DraftProblem[] = draft ? draftProblems(draft) : []
  const hasBackground = draft?.items.some((it) => it.background) ?? false
  const describedBy = ['meeting-innkalling-hint', invalidMessage ? 'meeting-innkalling-error' : null].filter(Boolean).join(' ')

  const apply = (next: AgendaDraft, message: string, focusId: string) => {
    onDraft(next)
    setAnnouncement(message)
    focusLater(focusId)
  }
  const handleDrop = (index: number) => {
    const next = dropItem(draft!, index)
    const focus = next.items.length ? `import-item-${Math.min(index, next.items.length - 1)}-title` : 'meeting-innkalling'
    apply(next, t('admin.import.dropped', { sak: label(draft!.items[index]) }), focus)
  }
  const handleMerge = (index: number) =>
    apply(
      mergeWithNext(draft!, index),
      t('admin.import.merged', { sak: label(draft!.items[index + 1]), into: label(draft!.items[index]) }),
      `import-item-${index}-title`,
    )
  const handleSplit = (index: number) => {
    const next = splitItem(draft!, index)
    apply(next, t('admin.import.split', { sak: label(next.items[index + 1]), after: label(draft!.items[index]) }), `import-item-${index + 1}-title`)
  }
  const handleMove = (unreadIndex: number) => {
    const itemIndex = moveTarget[draft!.unread[unreadIndex].line] ?? 0
    const next = moveUnreadToProposal(draft!, unreadIndex, itemIndex)
    const focus = next.unread.length ? `import-unread-${Math.min(unreadIndex, next.unread.length - 1)}-move` : `import-item-${itemIndex}-proposal`
    apply(next, t('admin.import.moved', { sak: label(draft!.items[itemIndex]) }), focus)
  }

  return (
    <div className="innkalling-import">
      <div className="field">
        <label htmlFor="meeting-innkalling">
          {t('admin.import.pasteLabel')}
          <span className="required" aria-hidden="true"> *</span>
        </label>
        <textarea
          id="meeting-innkalling"
          name="innkalling"
          rows={10}
          value={text}
          aria-required
          aria-invalid={invalidMessage ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onText(e.target.value)}
          onPaste={(e) => pasteRichText(e, text, onText)}
        />
        <p id="meeting-innkalling-hint" className="hint">
          {t('admin.import.pasteHint')}
        </p>
        {invalidMessage && (
          <p id="meeting-innkalling-error" className="field-error">
            {invalidMessage}
          </p>
        )}
      </div>
      <p role="status" className="import-summary">
        {summaryOf(draft, pasted.error)}
      </p>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      <datalist id="import-case-types">
        {KNOWN_CASE_TYPES.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      {draft && draft.items.length > 0 && (
        <section aria-labelledby="import-items-heading" className="import-preview">
          <h3 id="import-items-heading">{t('admin.import.previewHeading')}</h3>
          <p className="hint">{t('admin.import.previewHint')}</p>
          {hasBackground && (
            <div className="field checkbox">
              <input id="import-keep-background" type="checkbox" checked={keepBackground} onChange={(e) => onKeepBackground(e.target.checked)} />
              <label htmlFor="import-keep-background">{t('admin.import.keepBackground')}</label>
            </div>
          )}
          <ol className="import-items">
            {draft.items.map((item, index) => (
              <li key={index}>
                <DraftItemEditor
                  item={item}
                  index={index}
                  isLast={index === draft.items.length - 1}
                  problems={problems.filter((p) => p.index === index)}
                  onEdit={(field, value) => onDraft(editItem(draft, index, field, value))}
                  onMerge={() => handleMerge(index)}
                  onSplit={() => handleSplit(index)}
                  onDrop={() => handleDrop(index)}
                />
              </li>
            ))}
          </ol>
        </section>
      )}
      {draft && draft.unread.length > 0 && (
        <details className="import-unread">
          <summary>{t('admin.import.unreadSummary', { count: draft.unread.length })}</summary>
          <ul>
            {draft.unread.map((u, i) => (
              <li key={u.line}>
                <span className="import-unread-line">{t('admin.import.line', { line: u.line })}</span> «{u.text}» – {u.reason}
                {draft.items.length > 0 && (
                  <span className="import-unread-move">
                    <label htmlFor={`import-unread-${i}-target`}>{t('admin.import.moveLabel', { line: u.line })}</label>
                    <select
                      id={`import-unread-${i}-target`}
                      value={moveTarget[u.line] ?? 0}
                      onChange={(e) => setMoveTarget({ ...moveTarget, [u.line]: Number(e.target.value) })}
                    >
                      {draft.items.map((item, index) => (
                        <option key={index} value={index}>
                          {t('admin.import.sakOption', { sak: label(item), title: item.title })}
                        </option>
                      ))}
                    </select>
                    <button type="button" id={`import-unread-${i}-move`} onClick={() => handleMove(i)}>
                      {t('admin.import.move')}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}
