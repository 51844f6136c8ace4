import { Suspense, lazy, useId, useState } from 'react'
import { useT } from '../i18n'

// The panel and its API calls are a chunk of their own, fetched the first time an admin opens it.
const WebhooksPanel = lazy(() => import('./WebhooksPanel').then((m) => ({ default: m.WebhooksPanel })))

/** "Webhooker for <organ>" (admin): a button that shows the organ's webhook panel, loaded on first use. */
export function WebhooksSection({ adminKey, organ }: { adminKey: string; organ: string }) {
  const t = useT()
  const id = useId()
  const [open, setOpen] = useState(false)
  return (
    <div className="webhooks-section">
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {t('admin.webhooks.heading', { organ })}
      </button>
      <div id={id} hidden={!open}>
        {open && (
          <Suspense fallback={<p role="status">{t('admin.webhooks.loading')}</p>}>
            <WebhooksPanel adminKey={adminKey} organ={organ} />
          </Suspense>
        )}
      </div>
    </div>
  )
}
