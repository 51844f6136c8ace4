import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileCatalogue } from '../../../../client/i18n/compileCatalogues'
import { LANGUAGES } from '../../../../shared/i18n/languages'
import { placeholderNames } from '../../../../shared/i18n/placeholders'

// The export catalogues (shared/i18n/export/<lang>.json), as tests/unit/client/i18n/catalogues.test.ts
// checks the interface's: the same keys in every language, the same placeholders, no empty
// message, and every key named in full in server/ code (no key built from parts), none unused.

const ROOT = path.resolve(__dirname, '../../../..')

function readJson(file: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : []
  })
}

const catalogues = Object.fromEntries(LANGUAGES.map((lang) => [lang, readJson(path.join(ROOT, 'shared/i18n/export', `${lang}.json`))])) as Record<
  (typeof LANGUAGES)[number],
  Record<string, string>
>

const KEY_LITERAL = /['"`](export\.[A-Za-z0-9_.-]*[A-Za-z0-9_])['"`]/g
const usedKeys = new Map<string, string>()
for (const file of sourceFiles(path.join(ROOT, 'server'))) {
  for (const match of fs.readFileSync(file, 'utf8').matchAll(KEY_LITERAL)) {
    const key = match[1] ?? ''
    if (!usedKeys.has(key)) usedKeys.set(key, path.relative(ROOT, file))
  }
}

describe('export catalogues', () => {
  it('every language has the same keys, each under "export."', () => {
    const keys = Object.keys(catalogues.nb).sort()
    expect(keys.length).toBeGreaterThan(20)
    expect(keys.filter((key) => !key.startsWith('export.'))).toEqual([])
    for (const lang of LANGUAGES) expect({ lang, keys: Object.keys(catalogues[lang]).sort() }).toEqual({ lang, keys })
  })

  it('every message parses and names the same placeholders in every language', () => {
    const compiled = Object.fromEntries(LANGUAGES.map((lang) => [lang, compileCatalogue(catalogues[lang], `export/${lang}`)]))
    const mismatched: string[] = []
    for (const key of Object.keys(catalogues.nb)) {
      const expected = placeholderNames(compiled.nb?.[key]).join(',')
      for (const lang of LANGUAGES) {
        const actual = placeholderNames(compiled[lang]?.[key]).join(',')
        if (actual !== expected) mismatched.push(`${lang} ${key}: {${actual}} where nb has {${expected}}`)
      }
    }
    expect(mismatched).toEqual([])
  })

  it('no message is empty', () => {
    const empty = LANGUAGES.flatMap((lang) =>
      Object.entries(catalogues[lang])
        .filter(([, message]) => message.trim() === '')
        .map(([key]) => `${lang} ${key}`),
    )
    expect(empty).toEqual([])
  })

  it('every key the server names is in the catalogues, and every key is named by the server', () => {
    expect(usedKeys.has('export.pageFooter')).toBe(true)
    expect([...usedKeys].filter(([key]) => !(key in catalogues.nb)).map(([key, file]) => `${key} (${file})`)).toEqual([])
    expect(Object.keys(catalogues.nb).filter((key) => !usedKeys.has(key))).toEqual([])
  })

  it('nynorsk says the words a nynorsk council expects', () => {
    expect(Object.values(catalogues.nn)).toEqual(expect.arrayContaining(['Til stades', 'Ikkje til stades', 'Aksjonspunkt', 'Innspel']))
    expect(catalogues.nn['export.vedtak.proposal']).toMatch(/^Framlegg til vedtak/)
  })
})
