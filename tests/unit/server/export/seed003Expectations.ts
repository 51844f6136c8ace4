import type { JSONContent } from '../../../../shared'
import { seed003 } from '../../../fixtures/seed003'

const textOf = (json: JSONContent): string =>
  json.text ?? (json.content ?? []).map(textOf).join(json.type === 'decision' ? '\n\n' : '')

/**
 * What a reader must find in an export of seed 003, in reading order: each sak's "number title",
 * then each of its innspill, then its vedtak.
 */
export function seed003ReadingOrder(): string[] {
  const out: string[] = []
  for (const sak of seed003.content!.slice(2)) {
    const attrs = sak.attrs as { number: string }
    out.push(`${attrs.number} ${textOf(sak.content![0])}`)
    for (const section of sak.content!.slice(1)) {
      if (section.type === 'memberInputs') {
        for (const entry of section.content ?? []) if (entry.type === 'memberInput') out.push(textOf(entry))
      }
      if (section.type === 'decision') out.push(textOf(section))
    }
  }
  return out
}

const squeeze = (s: string) => s.replace(/\s+/g, '')

/**
 * The first of `expected` that is not found in `text` after the one before it (whitespace
 * ignored on both sides: PDF and Word lines break anywhere), or null when all are in order.
 * Searching starts at `from` (a string in the text, e.g. the end of the agenda table).
 */
export function firstMissingInOrder(text: string, expected: readonly string[], from?: string): string | null {
  const haystack = squeeze(text)
  let at = from ? haystack.indexOf(squeeze(from)) : 0
  if (at < 0) return `(start marker) ${from}`
  for (const item of expected) {
    const found = haystack.indexOf(squeeze(item), at)
    if (found < 0) return item
    at = found + squeeze(item).length
  }
  return null
}
