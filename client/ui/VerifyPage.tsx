import { useRef, useState, type FormEvent } from 'react'
import { Link } from './navigation'
import { errorText } from '../i18n/errorText'

/** Largest file the server checks (MAX_VERIFY_BYTES in server/record), in bytes. */
const MAX_FILE_BYTES = 20 * 1024 * 1024

/** The answer of POST /api/verify (docs/EXPORT_FORMAT.md, "Seal and verification"). */
type VerifyAnswer =
  | {
      ok: true
      meeting: { id: string; organ: string; number: string; date: string; title: string }
      version: { id: string; name: string }
      approvedAt: string
      approvedIn: string | null
      sealSha256: string
      fileSha256: string
    }
  | { ok: false; reason: string; code?: string }

type State = { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; answer: VerifyAnswer } | { kind: 'error'; message: string }

const OSLO_TIME = new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', dateStyle: 'long', timeStyle: 'short' })

/** Sends the file as the raw body; any answer the server gives as JSON is shown as it is. */
async function verify(file: File): Promise<VerifyAnswer> {
  const res = await fetch('/api/verify', { method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file })
  const body = (await res.json().catch(() => null)) as { ok?: unknown; error?: unknown } | null
  if (body && typeof body.ok === 'boolean') return body as VerifyAnswer
  throw new Error(errorText(body, `Serveren svarte ${res.status}.`))
}

/**
 * The public page `/verify`: anyone (an archivist, a citizen) chooses a PDF, DOCX or JSON file and
 * learns whether it is a copy of an approved referat. No account; nothing is stored.
 */
export function VerifyPage() {
  const [state, setState] = useState<State>({ kind: 'idle' })
  const input = useRef<HTMLInputElement>(null)

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const file = input.current?.files?.[0]
    if (!file) return setState({ kind: 'error', message: 'Velg en fil å kontrollere.' })
    if (file.size > MAX_FILE_BYTES) return setState({ kind: 'error', message: 'Filen er for stor. Et referat fra Referat er langt mindre enn 20 MB.' })
    setState({ kind: 'checking' })
    try {
      setState({ kind: 'done', answer: await verify(file) })
    } catch (err) {
      setState({ kind: 'error', message: err instanceof Error && err.message ? err.message : 'Kunne ikke nå serveren. Prøv igjen.' })
    }
  }

  return (
    <main id="main" className="list-page verify-page">
      <h1 tabIndex={-1}>Kontroller et referat</h1>
      <p>
        Velg en PDF-, Word- (DOCX) eller JSON-fil som er lastet ned fra Referat. Du får vite om filen er en uendret kopi av et
        godkjent referat. Du trenger ingen konto, og filen lagres ikke.
      </p>
      <form onSubmit={(e) => void handleSubmit(e)} noValidate>
        <p>
          <label htmlFor="verify-file">Fil som skal kontrolleres</label>
          <br />
          <input id="verify-file" ref={input} type="file" accept=".pdf,.docx,.json,.zip,application/pdf,application/json" aria-describedby="verify-file-hint" />
          <br />
          <span id="verify-file-hint" className="hint">
            PDF, DOCX, JSON eller arkivpakke (ZIP), høyst 20 MB.
          </span>
        </p>
        <button type="submit" disabled={state.kind === 'checking'}>
          Kontroller filen
        </button>
      </form>
      <div role="status" aria-live="polite" aria-atomic="true" className="verify-result">
        {state.kind === 'checking' && <p>Kontrollerer …</p>}
        {state.kind === 'error' && <p className="form-error">{state.message}</p>}
        {state.kind === 'done' && state.answer.ok && (
          <div className="verify-ok">
            <p>
              <strong>Godkjent referat.</strong> Filen er en uendret kopi av det godkjente referatet.
            </p>
            <dl>
              <dt>Møte</dt>
              <dd>
                {state.answer.meeting.organ}
                {state.answer.meeting.number ? `, møte ${state.answer.meeting.number}` : ''} ({state.answer.meeting.date})
              </dd>
              <dt>Godkjent</dt>
              <dd>
                {OSLO_TIME.format(new Date(state.answer.approvedAt))}
                {state.answer.approvedIn ? `, i ${state.answer.approvedIn}` : ''}
              </dd>
              <dt>Versjon</dt>
              <dd>{state.answer.version.name}</dd>
              <dt>Sjekksum (SHA-256) for forseglingen</dt>
              <dd>
                <code>{state.answer.sealSha256}</code>
              </dd>
            </dl>
          </div>
        )}
        {state.kind === 'done' && !state.answer.ok && (
          <p className="form-error">
            <strong>Ikke bekreftet.</strong> {state.answer.reason}
          </p>
        )}
      </div>
      <p>
        <Link href="/">Til møtelisten</Link>
      </p>
    </main>
  )
}
