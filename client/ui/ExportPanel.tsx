import { useState } from 'react'
import type { VersionInfo } from '../../shared'
import { intlLocale, t, useT } from '../i18n'
import { credentialHeaders } from './signIn'
import { errorText } from '../i18n/errorText'

/** The export formats the server offers (docs/EXPORT_FORMAT.md), as the menu names them (catalogue keys). */
const FORMATS = [
  { ext: 'pdf', label: 'editor.export.format.pdf' },
  { ext: 'docx', label: 'editor.export.format.docx' },
  { ext: 'html', label: 'editor.export.format.html' },
  { ext: 'md', label: 'editor.export.format.md' },
  { ext: 'json', label: 'editor.export.format.json' },
] as const

/** The file name from `Content-Disposition` (the UTF-8 `filename*` first), or `fallback`. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1]).replace(/[/\\]/g, '-')
    } catch {
      // fall through to the ASCII name
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition)
  return plain ? plain[1] : fallback
}

/** `?version=` of an export: '' for the server's default (the approved version once approved, else now). */
const CURRENT = 'current'

async function download(meetingId: string, token: string, ext: string, version: string): Promise<string> {
  // A meeting token is no cookie: a plain link could not carry it, so fetch and hand over a blob.
  const query = version ? `?version=${encodeURIComponent(version)}` : ''
  const response = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/export.${ext}${query}`, {
    headers: credentialHeaders(token),
  })
  if (!response.ok) {
    let message = t('editor.export.failed', { status: response.status })
    try {
      const body = (await response.json()) as { error?: unknown }
      message = errorText(body, message)
    } catch {
      // not JSON: keep the status message
    }
    throw new Error(message)
  }
  const name = filenameFrom(response.headers.get('content-disposition'), `referat.${ext}`)
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return name
}

/** When a version was saved, short ("4. okt. 10:00"), in the interface's locale. */
const savedAt = (iso: string): string =>
  new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso))

/**
 * The inside of "Eksporter" (ExportMenu.tsx), a chunk of its own fetched when the menu is first
 * opened: download the minutes as PDF, Word, HTML, Markdown or JSON (every role), of the version
 * chosen (the approved one by default once approved, the minutes as they are now, or any saved
 * version), or print them (the page's print stylesheet gives the referat's own layout).
 */
export function ExportPanel({
  meetingId,
  token,
  announce,
  versions = [],
  approved = false,
}: {
  meetingId: string
  token: string
  announce: (message: string) => void
  versions?: readonly VersionInfo[]
  approved?: boolean
}) {
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState('')
  const t = useT()

  const handleExport = async (ext: string, label: string) => {
    setBusy(ext)
    setError(null)
    try {
      const name = await download(meetingId, token, ext, version)
      announce(t('editor.export.downloaded', { format: label, name }))
    } catch (err) {
      setError(err instanceof Error && err.message !== 'Failed to fetch' ? err.message : t('editor.export.offline'))
    } finally {
      setBusy(null)
    }
  }

  return (
    <div className="export-menu-panel" role="group" aria-label={t('editor.export.label')}>
      {(versions.length > 0 || approved) && (
        <p className="export-version">
          <label htmlFor={`export-version-${meetingId}`}>{t('editor.export.version')}</label>
          <select id={`export-version-${meetingId}`} value={version} onChange={(e) => setVersion(e.target.value)}>
            <option value="">{approved ? t('editor.export.approvedVersion') : t('editor.export.currentVersion')}</option>
            {approved && <option value={CURRENT}>{t('editor.export.currentVersion')}</option>}
            {[...versions].reverse().map((v) => (
              <option key={v.id} value={v.id}>
                {v.name} ({savedAt(v.createdAt)})
              </option>
            ))}
          </select>
        </p>
      )}
      <ul>
        {FORMATS.map((f) => (
          <li key={f.ext}>
            {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page's start. */}
            <button
              type="button"
              aria-disabled={busy !== null || undefined}
              aria-busy={busy === f.ext}
              onClick={() => busy === null && void handleExport(f.ext, t(f.label))}
            >
              {t(f.label)}
              {busy === f.ext && <span className="visually-hidden"> {t('editor.export.downloading')}</span>}
            </button>
          </li>
        ))}
        <li>
          <button type="button" onClick={() => window.print()}>
            {t('editor.export.print')}
          </button>
        </li>
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
