import type { SourceLine } from './source'
import { CLOSING_PHRASE, PAGE_NUMBER } from './rules'

/** A line's text with digits masked, so "Side 3" and "Side 4" of a footer compare equal. */
const shape = (text: string) => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim()

/** The line starts a new page: a form feed (pdftotext), or its `page` differs from the line before. */
function startsPage(lines: readonly SourceLine[], i: number): boolean {
  const page = lines[i].page
  if (lines[i].text.includes('\f')) return true
  return page !== undefined && i > 0 && lines[i - 1].page !== undefined && lines[i - 1].page !== page
}

/**
 * Rule "repeated header and footer": the indices of lines that repeat (digits masked) on at
 * least three pages as one of the first or last two lines of a page, or next to a page number.
 * Page breaks are form feeds, `page` changes, or page-number lines. Sak lines never repeat this
 * way (a sak is listed twice at most), a sentence is never one, and proposal labels are excluded
 * by the caller.
 */
export function repeatedFurniture(lines: readonly SourceLine[]): Set<number> {
  const nonBlank = lines.flatMap((l, i) => (l.text.replace(/\f/g, '').trim() ? [i] : []))
  const nearBreak = new Set<number>()
  nonBlank.forEach((lineIndex, k) => {
    const isBreak = (j: number) => {
      if (j < 0 || j >= nonBlank.length) return true
      const at = nonBlank[j]
      return PAGE_NUMBER.test(lines[at].text.replace(/\f/g, '').trim()) || startsPage(lines, at)
    }
    // Within two lines after a page start or before a page number / the next page's start.
    if (startsPage(lines, lineIndex) || isBreak(k - 1) || isBreak(k - 2) || isBreak(k + 1) || isBreak(k + 2)) nearBreak.add(lineIndex)
  })
  const byShape = new Map<string, number[]>()
  for (const i of nearBreak) {
    const key = shape(lines[i].text.replace(/\f/g, ''))
    // A sentence (it ends with a full stop) is text, even when a body repeats it; headers and footers are not sentences.
    if (key.length < 4 || /[.!?]$/.test(key) || PAGE_NUMBER.test(key.replace(/#/g, '1'))) continue
    byShape.set(key, [...(byShape.get(key) ?? []), i])
  }
  const out = new Set<number>()
  for (const [key, indices] of byShape) {
    if (indices.length < 3) continue
    // Every occurrence of the shape goes, also one that is not next to a break.
    nonBlank.forEach((i) => {
      if (shape(lines[i].text.replace(/\f/g, '')) === key) out.add(i)
    })
  }
  return out
}

/** Rule "page furniture": a page number, a form feed alone, or the closing slide's greeting. */
export function isFurnitureText(text: string): boolean {
  return PAGE_NUMBER.test(text) || CLOSING_PHRASE.test(text)
}
