import { AgendaFormatError, parseAgendaJson, parseInnkalling, type AgendaDraft } from '../../shared'
import { pasteRichText } from './ImportFileInput'
import './innkallingImport.css'

/** What the pasted text says: the draft (from the text or the JSON agenda), or why it says nothing. */
export interface PastedAgenda {
  readonly draft: AgendaDraft | null
  /** The JSON agenda itself, sent as `agenda`; null for a pasted innkalling (sent as `text`). */
  readonly json: unknown
  /** Why a JSON agenda was refused (field named); null when there is nothing to say. */
  readonly error: string | null
}

/** Largest pasted text we send, in characters (the server takes bodies up to 64 KiB). */
export const MAX_PASTED_CHARS = 60_000

/**
 * Reads what the secretary pasted: a JSON agenda when it starts with "{", else the text of an
 * innkalling. Runs the same parser as the server, so the preview shows what will be imported.
 */
export function readPasted(text: string): PastedAgenda {
  if (!text.trim()) return { draft: null, json: null, error: null }
  if (!text.trimStart().startsWith('{')) return { draft: parseInnkalling(text), json: null, error: null }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { draft: null, json: null, error: 'Teksten begynner med «{», men er ikke gyldig JSON.' }
  }
  try {
    return { draft: parseAgendaJson(json), json, error: null }
  } catch (err) {
    if (err instanceof AgendaFormatError) return { draft: null, json: null, error: `${err.message} (felt: ${err.field})` }
    throw err
  }
}

/**
 * The "Importer innkalling" part of the "Nytt møte" form: the textarea and a preview of the saker
 * the parser found and of the lines it could not read.
 */
export function InnkallingImport({
  text,
  pasted,
  invalidMessage,
  onText,
}: {
  text: string
  pasted: PastedAgenda
  /** The form's error for this field, if any. */
  invalidMessage: string | null
  onText: (text: string) => void
}) {
  const { draft, error } = pasted
  const summary = !draft
    ? error
    : `Fant ${draft.items.length} ${draft.items.length === 1 ? 'sak' : 'saker'}` +
      (draft.unread.length ? `; ${draft.unread.length} ${draft.unread.length === 1 ? 'linje' : 'linjer'} ble ikke lest.` : '.')
  const describedBy = ['meeting-innkalling-hint', invalidMessage ? 'meeting-innkalling-error' : null].filter(Boolean).join(' ')
  return (
    <div className="innkalling-import">
      <div className="field">
        <label htmlFor="meeting-innkalling">
          Lim inn innkallingen<span className="required" aria-hidden="true"> *</span>
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
          Teksten i innkallingen (saksliste med «Sak Tema Sakstype» og hver saks «Forslag til vedtak»), eller en agenda som JSON.
          Feltene under fylles ut med det som står i innkallingen; du kan endre dem.
        </p>
        {invalidMessage && (
          <p id="meeting-innkalling-error" className="field-error">
            {invalidMessage}
          </p>
        )}
      </div>
      <p role="status" className="import-summary">
        {summary ?? ''}
      </p>
      {draft && draft.items.length > 0 && (
        <section aria-labelledby="import-items-heading" className="import-preview">
          <h3 id="import-items-heading">Saker som blir importert</h3>
          <ol className="import-items">
            {draft.items.map((item) => (
              <li key={item.number}>
                <span className="import-item-head">
                  {item.number} {item.title}
                  {item.caseType ? ` (${item.caseType})` : ''}
                  {item.plannedStart ? `, kl. ${item.plannedStart}` : ''}
                </span>
                {item.proposal && (
                  <span className="import-proposal">
                    <strong>Forslag til vedtak:</strong> {item.proposal}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
      {draft && draft.unread.length > 0 && (
        <details className="import-unread">
          <summary>Linjer som ikke ble lest ({draft.unread.length})</summary>
          <ul>
            {draft.unread.map((u) => (
              <li key={u.line}>
                <span className="import-unread-line">Linje {u.line}:</span> «{u.text}» – {u.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}
