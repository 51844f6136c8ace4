import { Suspense, lazy, useState, type KeyboardEvent } from 'react'
import type { VersionInfo } from '../../shared'
import { useT, withNamespaces } from '../i18n'
// Here, not in the panel: printing (Ctrl+P) needs the print layout without opening the menu.
import './print.css'

/**
 * The menu's inside: the export code and its words (`editor` catalogue), fetched the first time
 * the menu opens (ExportPanel.tsx). The menu itself is on the reader's first render: `common`.
 */
const loadPanel = withNamespaces(['editor'], () => import('./ExportPanel'))
const ExportPanel = lazy(() => loadPanel().then((m) => ({ default: m.ExportPanel })))

/** Escape closes the open menu and puts the focus back on "Eksporter", as it does for a dialog. */
function handleKeyDown(event: KeyboardEvent<HTMLDetailsElement>): void {
  const menu = event.currentTarget
  if (event.key !== 'Escape' || !menu.open) return
  event.preventDefault()
  menu.open = false
  menu.querySelector('summary')?.focus()
}

/**
 * "Eksporter": download the minutes as PDF, Word, HTML, Markdown or JSON, or print them
 * (ExportPanel.tsx). The panel is rendered from the first opening on.
 */
export function ExportMenu(props: {
  meetingId: string
  token: string
  announce: (message: string) => void
  versions?: readonly VersionInfo[]
  approved?: boolean
}) {
  const [opened, setOpened] = useState(false)
  const t = useT()
  return (
    <details className="export-menu" onToggle={(event) => event.currentTarget.open && setOpened(true)} onKeyDown={handleKeyDown}>
      {/* Fetched already when the pointer or the focus comes to the menu: open, it is there. */}
      <summary onPointerEnter={() => void loadPanel()} onFocus={() => void loadPanel()}>
        {t('common.export.menu')}
      </summary>
      {opened && (
        <Suspense fallback={<p role="status">{t('common.page.loading')}</p>}>
          <ExportPanel {...props} />
        </Suspense>
      )}
    </details>
  )
}
