// A long referat for the browser scenario: seed 003's saker repeated until the minutes hold about
// `targetChars` characters of text (~3,000 characters per printed page), each copy of a sak with a
// fresh id and number (ids must stay unique: the editor's UniqueSakIds would otherwise rewrite
// them while we measure) and its title marked with the copy, so that the last sak's title is
// unique in the DOM.
import type { Node as PMNode } from '@tiptap/pm/model'
import type { JSONContent } from '../../shared'
import { minutesSchema } from '../../shared/schema'
import { seed003 } from '../../tests/fixtures/seed003'

/** Characters of text on one printed page (the estimate of the issue). */
export const CHARS_PER_PAGE = 3000

export interface LongReferat {
  /** The minutes as a checked ProseMirror node of the schema. */
  readonly node: PMNode
  readonly stats: { chars: number; pages_est: number; saker: number; nodes: number; copies: number }
  /** Number ("57/23") and title of every agendaItem, in document order. */
  readonly saker: readonly { number: string; title: string }[]
}

type Json = JSONContent & { attrs?: Record<string, unknown>; content?: Json[]; text?: string }

const textOf = (n: Json): string => (n.text ?? '') + (n.content ?? []).map(textOf).join('')

/** Builds the long referat (default ~60 pages: 180,000 characters). */
export function buildLongReferat(targetChars = 60 * CHARS_PER_PAGE): LongReferat {
  const seed = structuredClone(seed003) as Json
  const top = seed.content ?? []
  const head = top.filter((n) => n.type === 'meetingHeader' || n.type === 'attendance')
  const items = top.filter((n) => n.type === 'agendaItem')
  const other = top.filter((n) => n.type === 'otherBusiness')
  if (items.length === 0) throw new Error('seed 003 has no agendaItem')
  const fixedChars = [...head, ...other].reduce((s, n) => s + textOf(n).length, 0)
  const perCopy = items.reduce((s, n) => s + textOf(n).length, 0)
  const copies = Math.max(1, Math.round((targetChars - fixedChars) / perCopy))
  const year = '23'
  let number = 17
  const out: Json[] = [...head]
  for (let k = 0; k < copies; k++) {
    for (const item of items) {
      const copy = structuredClone(item)
      copy.attrs = { ...copy.attrs, id: `bench-sak-${number}-${year}`, number: `${number}/${year}` }
      if (k > 0) {
        const title = copy.content?.find((c) => c.type === 'agendaTitle')
        if (title) title.content = [{ type: 'text', text: `${textOf(title)} (kopi ${k + 1})` }]
      }
      out.push(copy)
      number++
    }
  }
  for (const item of other) {
    const copy = structuredClone(item)
    copy.attrs = { ...copy.attrs, id: `bench-sak-${number}-${year}`, number: `${number}/${year}` }
    out.push(copy)
    number++
  }
  const node = minutesSchema.nodeFromJSON({ ...seed, content: out })
  node.check()
  let nodes = 0
  const saker: { number: string; title: string }[] = []
  node.descendants((n) => {
    nodes++
    if (n.type.name === 'agendaItem') saker.push({ number: String(n.attrs.number), title: n.firstChild?.textContent ?? '' })
  })
  const chars = node.textContent.length
  return {
    node,
    saker,
    stats: { chars, pages_est: Math.round((chars / CHARS_PER_PAGE) * 10) / 10, saker: saker.length, nodes, copies },
  }
}
