import { useState } from 'react'
import type { VersionInfo } from '../../shared'
import { credentialHeaders } from './signIn'

/** The export formats the server offers (docs/EXPORT_FORMAT.md), as the menu names them. */
const FORMATS = [
  { ext: 'pdf', label: 'PDF' },
  { ext: 'docx', label: 'Word (.docx)' },
  { ext: 'html', label: 'HTML' },
  { ext: 'md', label: 'Markdown' },
  { ext: 'json', label: 'JSON (strukturert)' },
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
    let message = `Eksporten feilet (${response.status}).`
    try {
      const body = (await response.json()) as { error?: unknown }
      if (typeof body.error === 'string') message = body.error
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

const SAVED = new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })

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

  const handleExport = async (ext: string, label: string) => {
    setBusy(ext)
    setError(null)
    try {
      const name = await download(meetingId, token, ext, version)
      announce(`Referatet er lastet ned som ${label}: ${name}.`)
    } catch (err) {
      setError(err instanceof Error && err.message !== 'Failed to fetch' ? err.message : 'Får ikke kontakt med serveren. Prøv igjen.')
    } finally {
      setBusy(null)
    }
  }

  return (
    <div className="export-menu-panel" role="group" aria-label="Eksporter referatet">
      {(versions.length > 0 || approved) && (
        <p className="export-version">
          <label htmlFor={`export-version-${meetingId}`}>Versjon</label>
          <select id={`export-version-${meetingId}`} value={version} onChange={(e) => setVersion(e.target.value)}>
            <option value="">{approved ? 'Den godkjente (forseglet)' : 'Slik referatet er nå'}</option>
            {approved && <option value={CURRENT}>Slik referatet er nå</option>}
            {[...versions].reverse().map((v) => (
              <option key={v.id} value={v.id}>
                {v.name} ({SAVED.format(new Date(v.createdAt))})
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
              onClick={() => busy === null && void handleExport(f.ext, f.label)}
            >
              {f.label}
              {busy === f.ext && <span className="visually-hidden"> (lastes ned …)</span>}
            </button>
          </li>
        ))}
        <li>
          <button type="button" onClick={() => window.print()}>
            Skriv ut / lagre som PDF
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
