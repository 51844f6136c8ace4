import { useT } from '../i18n'

/** "Hopp til hovedinnhold": the first stop for keyboard users, visible on focus. */
export function SkipLink({ target = 'main', label }: { target?: string; label?: string }) {
  const t = useT()
  return (
    <a className="skip-link" href={`#${target}`}>
      {label ?? t('common.skipLink.main')}
    </a>
  )
}
