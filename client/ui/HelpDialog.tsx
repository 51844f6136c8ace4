import { SHORTCUTS, isMacPlatform, keyParts } from '../editor'
import { useT } from '../i18n'
import { Dialog } from './Dialog'

function Keys({ keys }: { keys: string }) {
  const parts = keyParts(keys, isMacPlatform())
  return (
    <span className="keys">
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 && <span aria-hidden="true"> + </span>}
          <kbd>{part}</kbd>
        </span>
      ))}
    </span>
  )
}

/** "Hurtigtaster": every shortcut from the shared table. */
export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  // The shortcuts' labels are read in the current language: a language switch re-renders this.
  const t = useT()
  return (
    <Dialog open={open} onClose={onClose} labelledBy="help-heading" className="help-dialog">
      <h2 id="help-heading">{t('editor.help.title')}</h2>
      <table className="shortcut-table">
        <thead>
          <tr>
            <th scope="col">{t('editor.help.key')}</th>
            <th scope="col">{t('editor.help.action')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <Keys keys={s.keys} />
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('editor.help.bulletList')}</p>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          {t('editor.dialog.close')}
        </button>
      </div>
    </Dialog>
  )
}
