import { Suspense, lazy, useId, useState } from 'react'

// The panel and its API calls are a chunk of their own, fetched the first time an admin opens it.
const WebhooksPanel = lazy(() => import('./WebhooksPanel').then((m) => ({ default: m.WebhooksPanel })))

/** "Webhooker for <organ>" (admin): a button that shows the organ's webhook panel, loaded on first use. */
export function WebhooksSection({ adminKey, organ }: { adminKey: string; organ: string }) {
  const id = useId()
  const [open, setOpen] = useState(false)
  return (
    <div className="webhooks-section">
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        Webhooker for {organ}
      </button>
      <div id={id} hidden={!open}>
        {open && (
          <Suspense fallback={<p role="status">Henter webhooker …</p>}>
            <WebhooksPanel adminKey={adminKey} organ={organ} />
          </Suspense>
        )}
      </div>
    </div>
  )
}
