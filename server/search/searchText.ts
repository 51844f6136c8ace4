import { norwegianStem } from './norwegianStem'

/** Most words of a query that are searched for (the rest is ignored). */
export const MAX_QUERY_TERMS = 8
/** Words longer than this are cut (no Norwegian word is; a run of letters is no word to search). */
const MAX_WORD_CHARS = 64

/** A word of the text: letters and digits (any script), as FTS5's unicode61 tokenizer splits. */
const WORD = /[\p{L}\p{N}]+/gu

/** A word of a text, lower case, with where it stands in the text (UTF-16 offsets). */
export interface Token {
  readonly word: string
  readonly start: number
  readonly end: number
}

/** The words of `text`, lower case, in order. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  for (const match of text.matchAll(WORD)) {
    tokens.push({ word: match[0].toLowerCase().slice(0, MAX_WORD_CHARS), start: match.index, end: match.index + match[0].length })
  }
  return tokens
}

/** `text` as the stems of its words, separated by spaces: what SQLite's FTS5 table indexes. */
export function stemmedText(text: string): string {
  return tokenize(text)
    .map((t) => norwegianStem(t.word))
    .join(' ')
}

/** A parsed query: its words (lower case) and their stems, each at most once, in order. */
export interface ParsedQuery {
  readonly words: readonly string[]
  readonly stems: readonly string[]
}

/**
 * The words of a user's query. Everything that is not a letter or a digit separates words, so
 * search syntax (`"`, `*`, `:`, `(`, `-`, NEAR, AND, OR, NOT) is never interpreted: NEAR and OR
 * are searched for as words. At most MAX_QUERY_TERMS words; empty when the query has none.
 */
export function parseQuery(q: string): ParsedQuery {
  const words: string[] = []
  const stems: string[] = []
  for (const { word } of tokenize(q)) {
    const stem = norwegianStem(word)
    if (stems.includes(stem)) continue
    words.push(word)
    stems.push(stem)
    if (stems.length === MAX_QUERY_TERMS) break
  }
  return { words, stems }
}

/**
 * An FTS5 MATCH expression for the stems: each a quoted string (a quote inside doubled), all
 * required. Stems hold only letters and digits, so the quoting is a second guard.
 */
export function fts5Match(stems: readonly string[]): string {
  return stems.map((s) => `"${s.replaceAll('"', '""')}"`).join(' ')
}

/** A piece of text to show with a hit, and where in it the query's words are. */
export interface Snippet {
  readonly text: string
  /** [start, end) offsets into `text` (UTF-16), in order, not overlapping. */
  readonly matches: readonly (readonly [number, number])[]
  /** True when text was left out before or after. */
  readonly cutBefore: boolean
  readonly cutAfter: boolean
}

/**
 * A window of about `maxChars` of `text` around the first word whose stem is one of `stems`,
 * cut at word boundaries, with every such word marked. Plain text: the client escapes it.
 */
export function snippetOf(text: string, stems: readonly string[], maxChars = 200): Snippet {
  const wanted = new Set(stems)
  const tokens = tokenize(text)
  const hits = tokens.filter((t) => wanted.has(norwegianStem(t.word)))
  const first = hits[0]?.start ?? 0
  let start = Math.max(0, first - Math.floor(maxChars / 3))
  let end = Math.min(text.length, start + maxChars)
  start = Math.max(0, Math.min(start, end - maxChars))
  // Whole words only: move the cuts to the nearest word boundary inside the window.
  const startToken = tokens.find((t) => t.end > start)
  if (start > 0 && startToken && startToken.start < start) start = tokens.find((t) => t.start >= start)?.start ?? start
  const endToken = [...tokens].reverse().find((t) => t.start < end)
  if (end < text.length && endToken && endToken.end > end) end = endToken.start
  const slice = text.slice(start, end)
  const lead = slice.length - slice.trimStart().length
  const body = slice.trim()
  const offset = start + lead
  const matches = hits
    .filter((h) => h.start >= offset && h.end <= offset + body.length)
    .map((h) => [h.start - offset, h.end - offset] as const)
  return { text: body, matches, cutBefore: offset > 0, cutAfter: offset + body.length < text.length }
}
