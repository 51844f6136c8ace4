import { ariaKeyShortcuts, formatKeys, isMacPlatform, keysFor } from '../editor'
import { useT } from '../i18n'

/**
 * The toolbar of a reader (medlem, observatør): no editing, only "Flagg" for members (enabled
 * while a passage is selected) and "Hurtigtaster". Without the editor, so the light reader
 * (client/reader) shows the same bar before the editor is loaded.
 */
export function ReaderToolbarView({
  canFlag,
  hasSelection,
  onFlag,
  onHelp,
}: {
  canFlag: boolean
  hasSelection: boolean
  onFlag: () => void
  onHelp: () => void
}) {
  const t = useT()
  const mac = isMacPlatform()
  const flagKeys = keysFor('flagPassage')
  return (
    <div className="toolbar reader-toolbar" role="group" aria-label={t('common.toolbar.readerLabel')}>
      {canFlag && (
        <>
          <button
            type="button"
            className="flag-button"
            disabled={!hasSelection}
            aria-keyshortcuts={ariaKeyShortcuts(flagKeys, mac)}
            aria-describedby="flag-hint"
            title={formatKeys(flagKeys, mac)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={onFlag}
          >
            {t('common.toolbar.flag')}
            <span className="button-keys" aria-hidden="true">
              {formatKeys(flagKeys, mac)}
            </span>
          </button>
          <p id="flag-hint" className="toolbar-hint">
            {t('common.toolbar.flagHint')}
          </p>
        </>
      )}
      <HelpButton onHelp={onHelp} mac={mac} />
    </div>
  )
}

/** "Hurtigtaster": opens the help dialog; in every toolbar. */
export function HelpButton({ onHelp, mac }: { onHelp: () => void; mac: boolean }) {
  const t = useT()
  const keys = keysFor('help')
  return (
    <button type="button" className="help-button" aria-keyshortcuts={ariaKeyShortcuts(keys, mac)} onClick={onHelp}>
      {t('common.toolbar.shortcuts')}
      <span className="button-keys" aria-hidden="true">
        {formatKeys(keys, mac)}
      </span>
    </button>
  )
}
