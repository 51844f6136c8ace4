import { i18n, loadNamespace, type Language, type Namespace } from '../../../../client/i18n'

/**
 * Shows `lang` in node, for unit tests of code that translates with `t()`: the catalogues compile
 * through the Vite plugin in Vitest too (no document, so not through activateLanguage).
 */
export async function activateForTest(lang: Language, namespaces: readonly Namespace[] = ['common']): Promise<void> {
  await Promise.all(namespaces.map((ns) => loadNamespace(lang, ns)))
  i18n.activate(lang)
}
