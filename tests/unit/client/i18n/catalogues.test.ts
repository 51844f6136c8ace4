import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileCatalogue } from '../../../../client/i18n/compileCatalogues'
import { ERROR_CODES } from '../../../../shared/api'
import { LANGUAGES } from '../../../../shared/i18n/languages'
import { placeholderNames } from '../../../../shared/i18n/placeholders'

// Every key the code names exists in every language, and every key a catalogue holds is named
// somewhere in the code: a missing translation or a forgotten string fails here, not in front of
// a nynorsk council. Keys are written out in full in the code (no `common.role.${x}`), so that a
// plain search finds each one. The one exception is `errors`: one key per API refusal code,
// `errors.<code>`, held to the list of codes (shared/api/errorCodes.ts) instead.

const ROOT = path.resolve(__dirname, '../../../..')
const NAMESPACES = ['common', 'editor', 'admin', 'errors'] as const

function readJson(file: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sourceFiles(full)
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : []
  })
}

const catalogues = Object.fromEntries(
  LANGUAGES.map((lang) => [
    lang,
    Object.fromEntries(NAMESPACES.map((ns) => [ns, readJson(path.join(ROOT, 'client/i18n/locales', lang, `${ns}.json`))])),
  ]),
) as Record<(typeof LANGUAGES)[number], Record<(typeof NAMESPACES)[number], Record<string, string>>>

const KEY_LITERAL = /['"`]((?:common|editor|admin)\.[A-Za-z0-9_.-]*[A-Za-z0-9_])['"`]/g
const codeFiles = [...sourceFiles(path.join(ROOT, 'client')), ...sourceFiles(path.join(ROOT, 'shared'))]
const usedKeys = new Map<string, string>()
for (const file of codeFiles) {
  for (const match of fs.readFileSync(file, 'utf8').matchAll(KEY_LITERAL)) {
    const key = match[1] ?? ''
    if (!usedKeys.has(key)) usedKeys.set(key, path.relative(ROOT, file))
  }
}

describe('interface catalogues', () => {
  for (const ns of NAMESPACES) {
    it(`${ns}: every language has the same keys, each under "${ns}."`, () => {
      const keys = Object.keys(catalogues.nb[ns]).sort()
      expect(keys.filter((key) => !key.startsWith(`${ns}.`))).toEqual([])
      for (const lang of LANGUAGES) expect({ lang, keys: Object.keys(catalogues[lang][ns]).sort() }).toEqual({ lang, keys })
    })

    it(`${ns}: every message parses and names the same placeholders in every language`, () => {
      const compiled = Object.fromEntries(LANGUAGES.map((lang) => [lang, compileCatalogue(catalogues[lang][ns], `${lang}/${ns}`)]))
      const mismatched: string[] = []
      for (const key of Object.keys(catalogues.nb[ns])) {
        const expected = placeholderNames(compiled.nb?.[key]).join(',')
        for (const lang of LANGUAGES) {
          const actual = placeholderNames(compiled[lang]?.[key]).join(',')
          if (actual !== expected) mismatched.push(`${lang} ${key}: {${actual}} where nb has {${expected}}`)
        }
      }
      expect(mismatched).toEqual([])
    })

    it(`${ns}: no message is empty or left in another language's words by mistake`, () => {
      const empty = LANGUAGES.flatMap((lang) =>
        Object.entries(catalogues[lang][ns])
          .filter(([, message]) => message.trim() === '')
          .map(([key]) => `${lang} ${key}`),
      )
      expect(empty).toEqual([])
    })
  }

  it('errors: one message per API refusal code, no more, no fewer', () => {
    expect(Object.keys(catalogues.nb.errors).sort()).toEqual(ERROR_CODES.map((code) => `errors.${code}`).sort())
  })

  it('every key the code names is in the catalogues', () => {
    const missing = [...usedKeys].filter(([key]) => {
      const ns = key.split('.')[0] as (typeof NAMESPACES)[number]
      return !(key in catalogues.nb[ns])
    })
    expect(missing.map(([key, file]) => `${key} (${file})`)).toEqual([])
  })

  it('every key in the catalogues is named by the code', () => {
    const unused = NAMESPACES.filter((ns) => ns !== 'errors').flatMap((ns) => Object.keys(catalogues.nb[ns]).filter((key) => !usedKeys.has(key)))
    expect(unused).toEqual([])
  })

  it('finds the keys it checks (the scan is not empty)', () => {
    expect(usedKeys.size).toBeGreaterThan(3)
    expect(usedKeys.has('common.page.notFound')).toBe(true)
  })
})
