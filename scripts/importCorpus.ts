import { readFileSync, readdirSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAgenda, textToSource, type AgendaDraft, type SourceDocument } from '../shared/import'

/**
 * The innkalling corpus (tests/fixtures/innkalling/): each fixture is a document and a JSON file
 * of the same name with what a secretary reads in it. Used by the corpus test and by
 * `npm run import:report`. Node only.
 */

/** Where the corpus lives. */
export const CORPUS_DIR = fileURLToPath(new URL('../tests/fixtures/innkalling/', import.meta.url))

/** The fields of a sak the corpus checks, in report order. */
export const ITEM_FIELDS = ['number', 'prefix', 'title', 'caseType', 'plannedStart', 'plannedEnd', 'proposal'] as const
type ItemField = (typeof ITEM_FIELDS)[number]

/** What a fixture's JSON says. */
export interface Expected {
  /** One line describing the layout (Norwegian). */
  readonly layout: string
  /** Meeting details that must be found (a subset). */
  readonly info: Record<string, string>
  /** Lines that are page furniture: none may be listed as unread. */
  readonly notUnread?: readonly string[]
  readonly items: readonly Record<ItemField, string | null>[]
}

/** One fixture: its file, its expectation and how to read it. */
export interface CorpusCase {
  readonly name: string
  readonly file: string
  readonly expected: Expected
  readonly read: () => SourceDocument
}

/** A reader of a file format into a SourceDocument; text and Markdown are built in. */
export type CorpusReader = (bytes: Buffer) => SourceDocument

const TEXT_READERS: Record<string, CorpusReader> = {
  '.txt': (bytes) => textToSource(bytes.toString('utf8')),
  '.md': (bytes) => textToSource(bytes.toString('utf8'), 'markdown'),
}

/**
 * Every fixture with an expected JSON and a document in a format there is a reader for (`.txt`
 * and `.md` always; pass others, e.g. `.docx`, in `readers`). Sorted by name. Throws when a JSON
 * file is not valid JSON.
 */
export function loadCorpus(readers: Record<string, CorpusReader> = {}): CorpusCase[] {
  const all = { ...TEXT_READERS, ...readers }
  const files = readdirSync(CORPUS_DIR).sort()
  return files.flatMap((file) => {
    const ext = extname(file)
    const read = all[ext]
    const json = file.slice(0, -ext.length) + '.json'
    if (!read || !files.includes(json)) return []
    const expected = JSON.parse(readFileSync(join(CORPUS_DIR, json), 'utf8')) as Expected
    return [{ name: file.slice(0, -ext.length), file, expected, read: () => read(readFileSync(join(CORPUS_DIR, file))) }]
  })
}

/** One difference between what was expected and what was found. */
export interface Mismatch {
  /** "items[2].proposal", "info.date", "items" (a sak missing or extra). */
  readonly at: string
  readonly expected: unknown
  readonly found: unknown
}

/** How a fixture was read: the checked fields found right out of all checked, and what differed. */
export interface CaseResult {
  readonly found: number
  readonly total: number
  readonly mismatches: Mismatch[]
}

/** Compares a draft with a fixture's expectation, field by field. */
export function compareCase(expected: Expected, draft: AgendaDraft): CaseResult {
  const mismatches: Mismatch[] = []
  let total = 0
  for (const [key, value] of Object.entries(expected.info)) {
    total++
    const found = (draft.info as Record<string, unknown>)[key]
    if (found !== value) mismatches.push({ at: `info.${key}`, expected: value, found: found ?? null })
  }
  expected.items.forEach((want, i) => {
    const got = draft.items[i] as unknown as Record<ItemField, string | null> | undefined
    for (const field of ITEM_FIELDS) {
      total++
      const found = got ? got[field] : undefined
      if (found !== want[field]) mismatches.push({ at: `items[${i}].${field}`, expected: want[field], found: found ?? null })
    }
  })
  for (const text of expected.notUnread ?? []) {
    total++
    const listed = draft.unread.find((u) => u.text === text)
    if (listed) mismatches.push({ at: `unread[line ${listed.line}]`, expected: 'ikke listet (sidemøbel)', found: text })
  }
  if (draft.items.length !== expected.items.length) {
    total++
    mismatches.push({ at: 'items', expected: expected.items.length, found: draft.items.length })
  }
  return { found: total - mismatches.length, total, mismatches }
}

/** Reads a fixture and compares it. */
export function runCase(c: CorpusCase): CaseResult & { draft: AgendaDraft } {
  const draft = parseAgenda(c.read())
  return { ...compareCase(c.expected, draft), draft }
}
