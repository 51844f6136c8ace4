import { useState } from 'react'
import './print.css'
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

async function download(meetingId: string, token: string, ext: string): Promise<string> {
  // A meeting token is no cookie: a plain link could not carry it, so fetch and hand over a blob.
  const response = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/export.${ext}`, {
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

/**
 * "Eksporter": download the minutes as PDF, Word, HTML, Markdown or JSON (every role), or print
 * them (the page's print stylesheet gives the referat's own layout).
 */
export function ExportMenu({ meetingId, token, announce }: { meetingId: string; token: string; announce: (message: string) => void }) {
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const handleExport = async (ext: string, label: string) => {
    setBusy(ext)
    setError(null)
    try {
      const name = await download(meetingId, token, ext)
      announce(`Referatet er lastet ned som ${label}: ${name}.`)
    } catch (err) {
      setError(err instanceof Error && err.message !== 'Failed to fetch' ? err.message : 'Får ikke kontakt med serveren. Prøv igjen.')
    } finally {
      setBusy(null)
    }
  }

  return (
    <details className="export-menu">
      <summary>Eksporter</summary>
      <div className="export-menu-panel" role="group" aria-label="Eksporter referatet">
        <ul>
          {FORMATS.map((f) => (
            <li key={f.ext}>
              <button type="button" disabled={busy !== null} aria-busy={busy === f.ext} onClick={() => void handleExport(f.ext, f.label)}>
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
    </details>
  )
}
