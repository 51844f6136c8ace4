/** "Hopp til hovedinnhold": the first stop for keyboard users, visible on focus. */
export function SkipLink({ target = 'main', label = 'Hopp til hovedinnhold' }: { target?: string; label?: string }) {
  return (
    <a className="skip-link" href={`#${target}`}>
      {label}
    </a>
  )
}
