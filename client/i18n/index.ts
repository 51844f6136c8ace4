import { i18n } from '@lingui/core'
import { useLingui } from '@lingui/react'
import { useCallback } from 'react'
import { LANGUAGES, isLanguage, localeTag, type Language } from '../../shared/i18n/languages'

/**
 * The interface's words in bokmål, nynorsk and English (ADR 0012, docs/ARCHITECTURE.md "Languages").
 *
 * Catalogues are flat JSON files of ICU MessageFormat strings, one per language and namespace
 * (`locales/<lang>/<ns>.json`, every key starting with `<ns>.`), compiled to Lingui's message form
 * at build time (vite.config.ts, `compiledCatalogues`) so the runtime carries no parser. Only the
 * chosen language is fetched, and only the namespaces a page needs: `common` (reader, shared
 * chrome) before the first render, `editor` and `admin` with the pages that use them, `errors`
 * (the API's refusals by code) beside the first render in nynorsk and English.
 *
 * The language shown: the person's own choice (kept in this browser, and for a signed-in person
 * on the server too: client/ui/signIn.ts), else the meeting's language
 * when a meeting page has told us (`useMeetingLanguage`), else the browser's preferred language,
 * else bokmål.
 */

export { LANGUAGES, isLanguage, localeTag, type Language }
export { i18n }

export type Namespace = 'common' | 'editor' | 'admin' | 'errors'

const STORAGE_KEY = 'referat.language'

type Catalogue = Record<string, unknown>
const catalogueImports = import.meta.glob<Catalogue>('./locales/*/*.json', { import: 'default' })

const loaded = new Set<string>()
const loading = new Map<string, Promise<void>>()

/** Fetches (once) the catalogue of `ns` in `lang` and merges it into the runtime. */
export function loadNamespace(lang: Language, ns: Namespace): Promise<void> {
  const key = `${lang}/${ns}`
  if (loaded.has(key)) return Promise.resolve()
  let pending = loading.get(key)
  if (!pending) {
    const importer = catalogueImports[`./locales/${key}.json`]
    if (!importer) return Promise.reject(new Error(`No catalogue ${key}`))
    pending = importer().then((messages) => {
      i18n.load(lang, messages as Parameters<typeof i18n.load>[1])
      loaded.add(key)
      loading.delete(key)
    })
    loading.set(key, pending)
  }
  return pending
}

const wanted = new Set<Namespace>(['common'])

/** Makes `ns` available in the current language (and in any language chosen later). */
export function wantNamespace(ns: Namespace): Promise<void> {
  wanted.add(ns)
  return loadNamespace(currentLanguage(), ns)
}

/** Wraps a lazy page import so that its namespaces are loaded before it renders. */
export function withNamespaces<T>(namespaces: readonly Namespace[], load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([load(), ...namespaces.map(wantNamespace)]).then(([module]) => module)
}

/** The language the interface shows now. */
export function currentLanguage(): Language {
  return isLanguage(i18n.locale) ? i18n.locale : 'nb'
}

/** The person's own choice in this browser, if any. */
export function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isLanguage(value) ? value : null
  } catch {
    return null
  }
}

/** The first of the browser's preferred languages we speak ("no" and "nb-NO" are bokmål). */
export function browserLanguage(preferred: readonly string[] = navigator.languages ?? []): Language | null {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0]
    if (base === 'nn') return 'nn'
    if (base === 'nb' || base === 'no') return 'nb'
    if (base === 'en') return 'en'
  }
  return null
}

/** Loads the wanted namespaces of `lang`, then shows it (the `lang` attribute of the page follows). */
export async function activateLanguage(lang: Language): Promise<void> {
  await Promise.all([...wanted].map((ns) => loadNamespace(lang, ns)))
  // The API's refusals in this language (client/i18n/errorText.ts), fetched beside the page, not
  // before it: bokmål shows the server's own messages and needs none.
  if (lang !== 'nb') loadNamespace(lang, 'errors').catch(() => undefined)
  i18n.activate(lang, [supportedLocale(lang)])
  document.documentElement.lang = lang
}

/** The person picks a language: remembered in this browser, shown at once. */
export function chooseLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang)
  } catch {
    // Private mode without storage: the choice holds for this page only.
  }
  return activateLanguage(lang)
}

/** A meeting's own language becomes the default for someone who has not chosen one. */
export function applyMeetingLanguage(lang: Language | null | undefined): void {
  if (!lang || storedLanguage() || lang === currentLanguage()) return
  void activateLanguage(lang)
}

/** The language to start in, before any meeting has said its own. */
export function initialLanguage(): Language {
  return storedLanguage() ?? browserLanguage() ?? 'nb'
}

export type Values = Record<string, unknown>

/** Translates outside React (at call time, in the current language). */
export function t(id: string, values?: Values): string {
  return i18n._(id, values)
}

/** Translates inside a component; re-renders it when the language changes. */
export function useT(): (id: string, values?: Values) => string {
  const { i18n: active } = useLingui()
  // `active.locale` in the deps: a new function per language, so memoised children re-render too.
  const locale = active.locale
  return useCallback((id: string, values?: Values) => active._(id, values), [active, locale])
}

/**
 * The Intl locale of the interface now ("nb-NO", "nn-NO", "en-GB"), for dates and numbers. A
 * browser without nynorsk data (Debian's Chromium has none) would fall back to its own default
 * ("March 4, 2026"): there nynorsk borrows bokmål's, whose dates and numbers read the same.
 */
export function intlLocale(): string {
  return supportedLocale(currentLanguage())
}

const supported = new Map<Language, string>()

function supportedLocale(lang: Language): string {
  let tag = supported.get(lang)
  if (!tag) {
    const wanted = localeTag(lang)
    tag = Intl.DateTimeFormat.supportedLocalesOf([wanted]).length > 0 ? wanted : 'nb-NO'
    supported.set(lang, tag)
  }
  return tag
}
