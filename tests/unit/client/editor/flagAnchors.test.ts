import { EditorState } from '@tiptap/pm/state'
import { initProseMirrorDoc, prosemirrorToYXmlFragment } from '@tiptap/y-tiptap'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  anchorFor,
  decodeRelativePosition,
  encodeRelativePosition,
  mapRange,
  passageAt,
  passageText,
  replacePassage,
  resolveAnchor,
  type YContext,
} from '../../../../client/editor/flagAnchors'
import { MINUTES_FRAGMENT, minutesSchema } from '../../../../shared'
import { findNode, meetingDoc, rangeOf } from './fixtures'

/** A Y.Doc holding the minutes, and a fresh y-tiptap rendering of it (doc + mapping). */
function render(ydoc: Y.Doc): { ctx: YContext; doc: ReturnType<typeof initProseMirrorDoc>['doc'] } {
  const type = ydoc.getXmlFragment(MINUTES_FRAGMENT)
  const { doc, mapping } = initProseMirrorDoc(type, minutesSchema)
  return { ctx: { doc: ydoc, type, mapping: mapping as YContext['mapping'] }, doc }
}

function minutesYDoc(): Y.Doc {
  const ydoc = new Y.Doc()
  prosemirrorToYXmlFragment(meetingDoc(), ydoc.getXmlFragment(MINUTES_FRAGMENT))
  return ydoc
}

/** The Y.XmlText of the `nth` decision paragraph. */
function decisionText(ydoc: Y.Doc, nth = 0): Y.XmlText {
  const decisions = ydoc
    .getXmlFragment(MINUTES_FRAGMENT)
    .createTreeWalker((el) => el instanceof Y.XmlElement && el.nodeName === 'decision')
  const decision = [...decisions][nth] as Y.XmlElement
  const paragraph = decision.get(0) as Y.XmlElement
  return paragraph.get(0) as Y.XmlText
}

/** Words that occur only in the first vedtak ("Nasjonalt e-helseråd godkjenner innkalling og dagsorden."). */
const WORDS = 'godkjenner innkalling'

describe('relative position encoding', () => {
  it('round-trips through base64', () => {
    const ydoc = minutesYDoc()
    const rp = Y.createRelativePositionFromTypeIndex(decisionText(ydoc), 3)
    const back = decodeRelativePosition(encodeRelativePosition(rp))
    expect(back?.item).toEqual(rp.item)
    expect(back?.assoc).toBe(rp.assoc)
    expect(decodeRelativePosition('not base64 at all!')).toBeNull()
  })
})

describe('flag anchors', () => {
  it('stay on the flagged words while text is typed before them', () => {
    const ydoc = minutesYDoc()
    const { ctx, doc } = render(ydoc)
    const quote = passageText(doc, rangeOf(doc, WORDS))
    const anchor = anchorFor(ctx, rangeOf(doc, WORDS))

    // The secretary types at the start of the same paragraph, somewhere else in the doc.
    decisionText(ydoc).insert(0, 'Etter diskusjon: ')
    const later = render(ydoc)
    const range = resolveAnchor(later.ctx, anchor, later.doc.content.size)
    expect(range).not.toBeNull()
    expect(passageText(later.doc, range!)).toBe(quote)
  })

  it('keeps text typed at either edge outside the passage', () => {
    const ydoc = minutesYDoc()
    const { ctx, doc } = render(ydoc)
    const range = rangeOf(doc, WORDS)
    const anchor = anchorFor(ctx, range)
    const text = decisionText(ydoc)
    const at = text.toString().indexOf(WORDS)
    text.insert(at + WORDS.length, 'XX')
    const later = render(ydoc)
    expect(passageText(later.doc, resolveAnchor(later.ctx, anchor, later.doc.content.size)!)).toBe(WORDS)
  })

  it('resolve to null once the passage is deleted', () => {
    const ydoc = minutesYDoc()
    const { ctx, doc } = render(ydoc)
    const anchor = anchorFor(ctx, rangeOf(doc, WORDS))
    const text = decisionText(ydoc)
    text.delete(text.toString().indexOf(WORDS), WORDS.length)
    const later = render(ydoc)
    expect(resolveAnchor(later.ctx, anchor, later.doc.content.size)).toBeNull()
  })
})

describe('passageAt', () => {
  it('quotes the selection, names its sak and tells a single paragraph', () => {
    const doc = meetingDoc()
    const passage = passageAt(doc, rangeOf(doc, WORDS))!
    expect(passage.quote).toBe(WORDS)
    expect(passage.agendaItemId).toBe(findNode(doc, 'agendaItem', 0).node.attrs.id)
    expect(passage.singleBlock).toBe(true)
  })

  it('has no sak in the header, and spans blocks when the selection does', () => {
    const doc = meetingDoc()
    const organ = findNode(doc, 'organ')
    const title = findNode(doc, 'meetingTitle')
    const passage = passageAt(doc, { from: organ.pos + 1, to: title.pos + 4 })!
    expect(passage.agendaItemId).toBeNull()
    expect(passage.singleBlock).toBe(false)
    expect(passage.quote).toContain('\n')
  })

  it('is null for a selection without text', () => {
    const doc = meetingDoc()
    const narrative = findNode(doc, 'narrative')
    expect(passageAt(doc, { from: narrative.pos + 1, to: narrative.pos + 3 })).toBeNull()
  })
})

describe('replacePassage and mapRange', () => {
  it('replaces the passage in one transaction (Godta forslaget)', () => {
    const doc = meetingDoc()
    const state = EditorState.create({ doc })
    const range = rangeOf(doc, WORDS)
    const tr = replacePassage(state, range, 'etterretning')!
    const next = state.apply(tr)
    next.doc.check()
    expect(findNode(next.doc, 'decision').node.textContent).toBe('Nasjonalt e-helseråd etterretning og dagsorden.')
  })

  it('refuses a range across blocks', () => {
    const doc = meetingDoc()
    const organ = findNode(doc, 'organ')
    const title = findNode(doc, 'meetingTitle')
    expect(replacePassage(EditorState.create({ doc }), { from: organ.pos + 1, to: title.pos + 3 }, 'x')).toBeNull()
  })

  it('maps a range through local typing, edges excluded, and drops it when deleted', () => {
    const doc = meetingDoc()
    const state = EditorState.create({ doc })
    const range = rangeOf(doc, WORDS)
    const typedAtStart = state.tr.insertText('ZZ', range.from)
    expect(mapRange(range, typedAtStart)).toEqual({ from: range.from + 2, to: range.to + 2 })
    expect(mapRange(range, state.tr.delete(range.from, range.to))).toBeNull()
  })
})
