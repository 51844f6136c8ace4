import type { Node as PMNode } from '@tiptap/pm/model'
import { digest } from 'lib0/hash/sha256'

/**
 * The exact text of a vedtak, as it is confirmed and hashed: each paragraph's text, paragraphs
 * separated by a blank line. Marks do not count (bold is not a different decision); every
 * character of the text does.
 */
export function decisionText(decision: PMNode): string {
  const paragraphs: string[] = []
  decision.forEach((child) => paragraphs.push(child.textContent))
  return paragraphs.join('\n\n')
}

/** SHA-256 of the text's UTF-8 bytes, lowercase hex. The same on server and client. */
export function hashDecisionText(text: string): string {
  let hex = ''
  for (const byte of digest(new TextEncoder().encode(text))) hex += byte.toString(16).padStart(2, '0')
  return hex
}

/**
 * True while a vedtak filled in from the innkalling's "Forslag til vedtak" is unchanged: its
 * text still hashes to the proposedTextHash it was created with.
 */
export function isUnchangedProposal(decision: PMNode): boolean {
  const hash = decision.attrs.proposedTextHash
  return typeof hash === 'string' && hash === hashDecisionText(decisionText(decision))
}

/** The vedtak of each agenda item that has an id and a vedtak, in document order. */
export function decisionsOf(minutes: PMNode): { agendaItemId: string; number: string | null; text: string }[] {
  const out: { agendaItemId: string; number: string | null; text: string }[] = []
  minutes.forEach((item) => {
    if (item.type.name !== 'agendaItem' || typeof item.attrs.id !== 'string') return
    item.forEach((section) => {
      if (section.type.name !== 'decision') return
      out.push({ agendaItemId: item.attrs.id, number: item.attrs.number ?? null, text: decisionText(section) })
    })
  })
  return out
}
