/**
 * `use-sync-external-store/shim` for React 18 and later, which have the hook built in (the shim
 * would pick React's own at run time anyway, after shipping its fallback to every page). Aliased
 * in vite.config.ts; @lingui/react imports it.
 */
export { useSyncExternalStore } from 'react'
