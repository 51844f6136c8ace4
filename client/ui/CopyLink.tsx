import { useId, useRef, useState } from 'react'
import { useT } from '../i18n'

/** Copies text to the clipboard; falls back to selecting a hidden field and execCommand. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const field = document.createElement('textarea')
    field.value = text
    field.setAttribute('readonly', '')
    field.style.position = 'fixed'
    field.style.opacity = '0'
    document.body.append(field)
    field.select()
    const ok = document.execCommand('copy')
    field.remove()
    return ok
  }
}

/**
 * A link shown as read-only text with "Kopier" beside it; "Kopiert" is announced politely after
 * copying. `label` names what the link is for ("Sekretær"): it makes the field and button names
 * unique on a page with several links.
 */
export function CopyLink({ url, label }: { url: string; label: string }) {
  const t = useT()
  const id = useId()
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const handleCopy = async () => {
    const ok = await copyText(url)
    setCopied(ok ? 'yes' : 'failed')
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => setCopied(null), 4000)
  }
  return (
    <div className="copy-link">
      <label htmlFor={id} className="visually-hidden">
        {t('common.copy.fieldLabel', { label })}
      </label>
      <input id={id} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" aria-label={t('common.copy.buttonLabel', { label })} onClick={() => void handleCopy()}>
        {t('common.copy.button')}
      </button>
      <span role="status" className="copy-status">
        {copied === 'yes' ? t('common.copy.done') : copied === 'failed' ? t('common.copy.failed') : ''}
      </span>
    </div>
  )
}
