import { SHORTCUTS, isMacPlatform, keyParts } from '../editor'
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
  return (
    <Dialog open={open} onClose={onClose} labelledBy="help-heading" className="help-dialog">
      <h2 id="help-heading">Hurtigtaster</h2>
      <table className="shortcut-table">
        <thead>
          <tr>
            <th scope="col">Tast</th>
            <th scope="col">Hva skjer</th>
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
      <p className="hint">Skriv «- » (bindestrek og mellomrom) først i et avsnitt for å starte en punktliste.</p>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Lukk
        </button>
      </div>
    </Dialog>
  )
}
