import { useEffect, useRef, useState, type FormEvent } from 'react'
import { intlLocale, t as translate, useT } from '../i18n'
import { LanguagePicker } from './LanguagePicker'
import { formatDate } from './localFormat'
import { Link } from './navigation'
import { SkipLink } from './SkipLink'
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

/** The approval's moment in Norwegian time, whatever the reader's time zone. */
const osloTime = (iso: string) => new Intl.DateTimeFormat(intlLocale(), { timeZone: 'Europe/Oslo', dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso))

/** Sends the file as the raw body; any answer the server gives as JSON is shown as it is. */
async function verify(file: File): Promise<VerifyAnswer> {
  const res = await fetch('/api/verify', { method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file })
  const body = (await res.json().catch(() => null)) as { ok?: unknown; error?: unknown } | null
  if (body && typeof body.ok === 'boolean') return body as VerifyAnswer
  throw new Error(errorText(body, translate('admin.verify.serverAnswered', { status: res.status })))
}

/**
 * The public page `/verify`: anyone (an archivist, a citizen) chooses a PDF, DOCX or JSON file and
 * learns whether it is a copy of an approved referat. No account; nothing is stored.
 */
export function VerifyPage() {
  const t = useT()
  const [state, setState] = useState<State>({ kind: 'idle' })
  const input = useRef<HTMLInputElement>(null)
  const pageTitle = t('admin.verify.title')
  useEffect(() => {
    document.title = pageTitle
  }, [pageTitle])

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const file = input.current?.files?.[0]
    if (!file) return setState({ kind: 'error', message: t('admin.verify.noFile') })
    if (file.size > MAX_FILE_BYTES) return setState({ kind: 'error', message: t('admin.verify.tooLarge') })
    setState({ kind: 'checking' })
    try {
      setState({ kind: 'done', answer: await verify(file) })
    } catch (err) {
      setState({ kind: 'error', message: err instanceof Error && err.message ? err.message : t('admin.verify.unreachable') })
    }
  }

  return (
    <>
      <SkipLink />
      <header className="app-header">
        <span className="brand">Referat</span>
        <LanguagePicker className="header-language" />
      </header>
      <main id="main" className="list-page verify-page">
        <h1 tabIndex={-1}>{t('admin.verify.heading')}</h1>
        <p>{t('admin.verify.intro')}</p>
        <form onSubmit={(e) => void handleSubmit(e)} noValidate>
          <p>
            <label htmlFor="verify-file">{t('admin.verify.fileLabel')}</label>
            <br />
            <input id="verify-file" ref={input} type="file" accept=".pdf,.docx,.json,.zip,application/pdf,application/json" aria-describedby="verify-file-hint" />
            <br />
            <span id="verify-file-hint" className="hint">
              {t('admin.verify.fileHint')}
            </span>
          </p>
          <button type="submit" disabled={state.kind === 'checking'}>
            {t('admin.verify.submit')}
          </button>
        </form>
        <div role="status" aria-live="polite" aria-atomic="true" className="verify-result">
          {state.kind === 'checking' && <p>{t('admin.verify.checking')}</p>}
          {state.kind === 'error' && <p className="form-error">{state.message}</p>}
          {state.kind === 'done' && state.answer.ok && (
            <div className="verify-ok">
              <p>
                <strong>{t('admin.verify.approved')}</strong> {t('admin.verify.approvedDetail')}
              </p>
              <dl>
                <dt>{t('admin.verify.meeting')}</dt>
                <dd>
                  {state.answer.meeting.organ}
                  {state.answer.meeting.number ? `, ${t('admin.verify.meetingNumber', { number: state.answer.meeting.number })}` : ''}
                  {` (${formatDate(state.answer.meeting.date)})`}
                </dd>
                <dt>{t('admin.verify.approvedAt')}</dt>
                <dd>
                  {osloTime(state.answer.approvedAt)}
                  {state.answer.approvedIn ? `, ${t('admin.verify.approvedIn', { meeting: state.answer.approvedIn })}` : ''}
                </dd>
                <dt>{t('admin.verify.version')}</dt>
                <dd>{state.answer.version.name}</dd>
                <dt>{t('admin.verify.seal')}</dt>
                <dd>
                  <code>{state.answer.sealSha256}</code>
                </dd>
              </dl>
            </div>
          )}
          {state.kind === 'done' && !state.answer.ok && (
            <p className="form-error">
              <strong>{t('admin.verify.notConfirmed')}</strong> {state.answer.reason}
            </p>
          )}
        </div>
        <p>
          <Link href="/">{t('common.page.toMeetingList')}</Link>
        </p>
      </main>
    </>
  )
}
