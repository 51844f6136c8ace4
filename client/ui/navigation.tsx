import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react'

/**
 * A tiny history.pushState router: the current path as state, `navigate()` and a `Link` that
 * navigates without a reload (and behaves like a normal link with modifier keys).
 */
const NAVIGATE_EVENT = 'referat:navigate'

/** Goes to `path` within the app and moves focus to the new page's heading. */
export function navigate(path: string): void {
  if (path === location.pathname) return
  history.pushState(null, '', path)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
  // After React has rendered the new page: screen readers then announce where we are.
  setTimeout(() => document.querySelector<HTMLElement>('h1')?.focus(), 0)
}

/** The current `location.pathname`, updated on navigate() and the back/forward buttons. */
export function usePathname(): string {
  const [path, setPath] = useState(() => location.pathname)
  useEffect(() => {
    const handleChange = () => setPath(location.pathname)
    window.addEventListener('popstate', handleChange)
    window.addEventListener(NAVIGATE_EVENT, handleChange)
    return () => {
      window.removeEventListener('popstate', handleChange)
      window.removeEventListener(NAVIGATE_EVENT, handleChange)
    }
  }, [])
  return path
}

/** The meeting id of an editor path (`/m/<id>`), or null. */
export function meetingIdFromPath(path: string): string | null {
  return /^\/m\/([A-Za-z0-9_-]{1,64})\/?$/.exec(path)?.[1] ?? null
}

/** An in-app link. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
  }
  return <a href={href} onClick={handleClick} {...rest} />
}
