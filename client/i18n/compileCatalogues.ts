import { compileMessage } from '@lingui/message-utils/compileMessage'
import type { Plugin } from 'vite'

/** Where the catalogues live: client/i18n/locales/<lang>/<ns>.json and shared/i18n/export/<lang>.json. */
const CATALOGUE = /[\\/](?:client[\\/]i18n[\\/]locales[\\/][a-z]+[\\/][a-z]+|shared[\\/]i18n[\\/]export[\\/][a-z]+)\.json$/

/**
 * Compiles every ICU message of a catalogue into Lingui's compiled form at build time, so the
 * browser needs Lingui's small runtime (~3 KB gzip) and not its message parser (~7 KB more). The
 * result is still JSON (Vite's JSON plugin turns it into a module next); a message that does not
 * parse fails the build, naming the catalogue and the key.
 */
export function compiledCatalogues(): Plugin {
  return {
    name: 'referat:compiled-catalogues',
    enforce: 'pre',
    transform(code, id) {
      if (!CATALOGUE.test(id.split('?')[0] ?? '')) return null
      return { code: JSON.stringify(compileCatalogue(JSON.parse(code) as Record<string, unknown>, id)), map: null }
    },
  }
}

/** Compiles each message of `catalogue` (from `source`, for the error). */
export function compileCatalogue(catalogue: Record<string, unknown>, source: string): Record<string, unknown> {
  const compiled: Record<string, unknown> = {}
  for (const [key, message] of Object.entries(catalogue)) {
    if (typeof message !== 'string') throw new Error(`${source}: "${key}" is not a string`)
    try {
      compiled[key] = compileMessage(message)
    } catch (err) {
      throw new Error(`${source}: "${key}" is not a valid ICU message: ${(err as Error).message}`)
    }
  }
  return compiled
}
