import { readFileSync, readdirSync } from 'node:fs'
import type { AgendaDraft } from '../../shared/minutes'
import type { FileSpec } from './innkallingFiles'

const DIR = new URL('../fixtures/innkalling/', import.meta.url)

/** A .docx or .pdf fixture: its description (tests/fixtures/innkalling/files-*.spec.json) and what must be found. */
export interface FileFixture {
  readonly name: string
  readonly spec: FileSpec
  readonly expected: { readonly info: Record<string, string>; readonly items: readonly Record<string, unknown>[] }
}

/** Every files-*.spec.json with its files-*.expected.json. */
export function fileFixtures(): FileFixture[] {
  return readdirSync(DIR)
    .filter((f) => /^files-.*\.spec\.json$/.test(f))
    .sort()
    .map((f) => ({
      name: f.replace(/\.spec\.json$/, ''),
      spec: JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as FileSpec,
      expected: JSON.parse(readFileSync(new URL(f.replace('.spec.', '.expected.'), DIR), 'utf8')) as FileFixture['expected'],
    }))
}

/**
 * A draft's saker as the fixture's expected JSON writes them: only the fields the parser gives
 * (the expected files also carry `prefix` and `plannedEnd`, which the layout-aware parser adds).
 */
export function itemsAsExpected(draft: AgendaDraft, expected: FileFixture['expected']): Record<string, unknown>[] {
  return draft.items.map((item, i) => {
    const keys = Object.keys(expected.items[i] ?? expected.items[0] ?? {}).filter((k) => k in item)
    return Object.fromEntries(keys.map((k) => [k, (item as unknown as Record<string, unknown>)[k]]))
  })
}

/** The expected saker restricted to the fields the parser gives. */
export function expectedItems(draft: AgendaDraft, expected: FileFixture['expected']): Record<string, unknown>[] {
  const sample = (draft.items[0] ?? {}) as object
  return expected.items.map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => k in sample)))
}
