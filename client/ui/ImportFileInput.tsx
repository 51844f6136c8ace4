import { useState, type ClipboardEvent, type DragEvent } from 'react'
import type { ImportReadResponse } from '../../shared'
import { IMPORT_FILE_ACCEPT, MAX_IMPORT_FILE_BYTES, htmlToSource, sourceToText } from '../../shared/import'
import { intlLocale, useT } from '../i18n'
import { readImportFile } from './importApi'

const FORMAT_NAMES: Record<string, string> = { docx: 'Word', pdf: 'PDF', odt: 'OpenDocument', html: 'HTML', markdown: 'Markdown' }
const MAX_MB = MAX_IMPORT_FILE_BYTES / 1024 / 1024

/**
 * "Last opp innkallingen": a file button and a drop zone for the innkalling as .docx, .pdf, .odt,
 * .txt or .md. The server reads the file (POST /api/meetings/import/read) and `onRead` gets its
 * text and draft; nothing is created. Progress and the outcome are announced in a status line,
 * a refusal (too large, not a document, scanned PDF ...) in an alert.
 */
export function ImportFileInput({ adminKey, onRead }: { adminKey: string; onRead: (read: ImportReadResponse) => void }) {
  const t = useT()
  const maxMb = new Intl.NumberFormat(intlLocale()).format(MAX_MB)
  const [status, setStatus] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [dragging, setDragging] = useState(false)
  const [reading, setReading] = useState(false)

  const handleFile = async (file: File | undefined) => {
    if (!file || reading) return
    setError(null)
    if (file.size > MAX_IMPORT_FILE_BYTES) {
      setStatus('')
      return setError(t('admin.importFile.tooLarge', { file: file.name, max: maxMb }))
    }
    setReading(true)
    setStatus(t('admin.importFile.reading', { file: file.name }))
    try {
      const read = await readImportFile(adminKey, file)
      const format = read.source.format === 'text' ? t('admin.importFile.formatText') : (FORMAT_NAMES[read.source.format] ?? read.source.format)
      setStatus(t('admin.importFile.read', { file: file.name, format, lines: read.source.lineCount, count: read.draft.items.length }))
      onRead(read)
    } catch (err) {
      setStatus('')
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setReading(false)
    }
  }

  const handleDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault()
    setDragging(false)
    void handleFile(event.dataTransfer.files[0])
  }

  return (
    <div
      className={`import-file field${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={handleDrop}
    >
      <label htmlFor="meeting-innkalling-file">{t('admin.importFile.label')}</label>
      <input
        id="meeting-innkalling-file"
        name="innkalling-file"
        type="file"
        accept={IMPORT_FILE_ACCEPT}
        aria-describedby={`meeting-innkalling-file-hint${error ? ' meeting-innkalling-file-error' : ''}`}
        aria-invalid={error ? true : undefined}
        disabled={reading}
        onChange={(e) => {
          void handleFile(e.target.files?.[0])
          e.target.value = ''
        }}
      />
      <p id="meeting-innkalling-file-hint" className="hint">
        {t('admin.importFile.hint', { max: maxMb })}
      </p>
      <p role="status" className="import-file-status">
        {status}
      </p>
      {error && (
        <p id="meeting-innkalling-file-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

/**
 * Paste from Word (or a web page) into the innkalling text box: when the clipboard carries HTML,
 * its tables, numbered lists and paragraphs are read (htmlToSource) and inserted as text with
 * table cells on one line, instead of the clipboard's plain text. Plain-text pastes are left to
 * the browser.
 */
export function pasteRichText(event: ClipboardEvent<HTMLTextAreaElement>, text: string, onText: (text: string) => void): void {
  const html = event.clipboardData.getData('text/html')
  if (!html) return
  const pasted = sourceToText(htmlToSource(html))
  if (!pasted.trim()) return
  event.preventDefault()
  const { selectionStart, selectionEnd } = event.currentTarget
  onText(text.slice(0, selectionStart) + pasted + text.slice(selectionEnd))
}
