import type { Mark, Node as PMNode } from '@tiptap/pm/model'
import { updateYFragment } from '@tiptap/y-tiptap'
import { createElement, Fragment, type ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { hashDecisionText, type Confirmation } from '../../../../shared'
import { MINUTES_FRAGMENT, NODE_DEFS, minutesSchema } from '../../../../shared/schema'
import { displayAttributes } from '../../../../client/editor'
import { BlockTracker, MAX_READER_DEPTH, outlineOf, remoteCarets, renderNode, type CaretsByText, type ReaderContext, type RemoteCaret } from '../../../../client/reader'
import { activateForTest } from '../i18n/activate'

// The words come from the catalogues: bokmål, as the expectations below.
beforeAll(() => activateForTest('nb'))

const NO_REGISTER: ReaderContext = { confirmations: new Map(), carets: new Map() }
const ID_1 = 'sak-aaaa-0001'
const ID_2 = 'sak-aaaa-0002'

const t = (text: string, marks: string[] = []) => ({ type: 'text', text, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) })
const p = (...content: object[]) => ({ type: 'paragraph', content })
const field = (type: string, text: string) => ({ type, content: text ? [t(text)] : [] })
const attendee = (text: string, attrs: Record<string, unknown> = {}) => ({ type: 'attendee', attrs, content: [t(text)] })

/** A referat using every node of the schema, every attribute, both marks and a hard break. */
function everyNodeDoc(): PMNode {
  return minutesSchema.nodeFromJSON({
    type: 'minutes',
    content: [
      {
        type: 'meetingHeader',
        content: [
          field('organ', 'Nasjonalt e-helseråd'),
          field('meetingTitle', 'Referat'),
          field('meetingNumber', '3/2023'),
          field('meetingDate', '4. oktober 2023'),
          field('meetingTime', 'Kl. 09.00 – 15.00'),
          field('meetingPlace', 'Webinar'),
        ],
      },
      {
        type: 'attendance',
        content: [
          { type: 'presentList', content: [attendee('Kari Nordmann (KS)', { remote: true, arrivedAt: '10.10' })] },
          { type: 'absentList', content: [attendee('Ola Nordmann (NSF)')] },
          { type: 'substituteList', content: [attendee('Kai Brenden (NSF)', { substituteFor: 'Lill Larsen' })] },
          { type: 'observerList', content: [attendee('Åse Ødegård')] },
          { type: 'secretariatList', content: [attendee('Lucie Aunan')] },
        ],
      },
      {
        type: 'agendaItem',
        attrs: { id: ID_1, number: '17/23', prefix: 'PS', plannedStart: '09.00', plannedEnd: '09.20', startedAt: '2023-10-04T07:01:00.000Z', endedAt: '2023-10-04T07:19:00.000Z', caseType: 'Orientering' },
        content: [
          { type: 'agendaTitle', content: [t('Godkjenning av innkalling')] },
          {
            type: 'narrative',
            content: [
              p(t('Siv '), t('presenterte ', ['bold']), t('saken', ['bold', 'italic']), t(' kort.', ['italic']), { type: 'hardBreak' }, t('Ny linje.')),
              { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('Punkt')), { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('Underpunkt'))] }] }] }] },
              { type: 'subheading', content: [t('Diskusjon')] },
            ],
          },
          { type: 'memberInputs', content: [{ type: 'memberInput', attrs: { namedBy: 'KS' }, content: [t('Innspill')] }, p(t('Merknad')), { type: 'subheading', content: [t('Mer')] }] },
          { type: 'actionItems', content: [{ type: 'actionItem', attrs: { owner: 'Direktoratet', dueDate: '2023-11-01' }, content: [t('Sende rapport')] }] },
          { type: 'decision', attrs: { proposedTextHash: hashDecisionText('Rådet tar saken til orientering.') }, content: [p(t('Rådet tar saken til orientering.'))] },
        ],
      },
      { type: 'otherBusiness', attrs: { id: ID_2, number: '18/23' }, content: [{ type: 'agendaTitle', content: [t('Eventuelt')] }, { type: 'narrative', content: [p(t('Ingen saker.'))] }] },
    ],
  })
}

/** A Y.Doc whose minutes were written the way the editor writes them (y-tiptap). */
function ydocOf(doc: PMNode): Y.Doc {
  const ydoc = new Y.Doc()
  const fragment = ydoc.getXmlFragment(MINUTES_FRAGMENT)
  ydoc.transact(() => updateYFragment(ydoc, fragment, doc, { mapping: new Map(), isOMark: new Map() }))
  return ydoc
}

const escapeHTML = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Start tags with their attributes sorted, so two renderers' attribute orders compare equal. */
function normalise(html: string): string {
  return html.replace(/<([a-z0-9]+)((?:\s+[a-z-]+="[^"]*")*)(\/?)>/g, (_all, tag: string, attrs: string, slash: string) => {
    const sorted = (attrs.match(/[a-z-]+="[^"]*"/g) ?? []).sort().join(' ')
    return `<${tag}${sorted ? ' ' + sorted : ''}${slash}>`
  })
}

const markTag = (mark: Mark) => (mark.type.spec.toDOM!(mark, true) as [string])[0]

/**
 * The reference: the schema's own toDOM specs (what ProseMirror renders the nodes to), with the
 * editor's display attributes, marks kept open over runs that share them, as HTML.
 */
function schemaHTML(node: PMNode): string {
  if (node.isText) return escapeHTML(node.text ?? '')
  const [tag, attrs] = node.type.spec.toDOM!(node) as [string, Record<string, string>]
  const all = { ...attrs, ...displayAttributes(node.type.name, node.attrs) }
  const attrText = Object.entries(all).map(([k, v]) => ` ${k}="${escapeHTML(v)}"`).join('')
  if (node.isLeaf) return `<${tag}${attrText}/>`
  let inner = ''
  let open: readonly Mark[] = []
  node.forEach((child) => {
    const marks = child.marks
    let keep = 0
    while (keep < open.length && keep < marks.length && open[keep].eq(marks[keep])) keep++
    for (let i = open.length - 1; i >= keep; i--) inner += `</${markTag(open[i])}>`
    for (let i = keep; i < marks.length; i++) inner += `<${markTag(marks[i])}>`
    open = marks
    inner += schemaHTML(child)
  })
  for (let i = open.length - 1; i >= 0; i--) inner += `</${markTag(open[i])}>`
  return `<${tag}${attrText}>${inner}</${tag}>`
}

function readerHTML(fragment: Y.XmlFragment, register: ReaderContext = NO_REGISTER): string {
  const nodes: ReactNode[] = fragment.toArray().map((child, i) => (child instanceof Y.XmlElement ? renderNode(child, fragment, register, i) : null))
  return renderToStaticMarkup(createElement(Fragment, null, ...nodes))
}

function names(doc: PMNode): Set<string> {
  const out = new Set<string>([doc.type.name])
  doc.descendants((node) => {
    out.add(node.type.name)
  })
  return out
}

describe('renderNode (the light reader)', () => {
  it('renders every node of the schema as the schema does: tags, classes, labels, data-* attributes, marks', () => {
    const doc = everyNodeDoc()
    expect([...names(doc)].sort()).toEqual(NODE_DEFS.map((def) => def.name).sort())
    const fragment = ydocOf(doc).getXmlFragment(MINUTES_FRAGMENT)
    // The editor decorates vedtak with their confirmation state and its words; the schema does not.
    const html = readerHTML(fragment).replace(/ data-confirmation="unconfirmed"| data-proposal="true"| data-(?:confirmation|proposal)-label="[^"]*"/g, '')
    let expected = ''
    doc.forEach((block) => (expected += schemaHTML(block)))
    expect(normalise(html)).toBe(normalise(expected))
    expect(html).toContain('<strong>presenterte <em>saken</em></strong><em> kort.</em><br/>Ny linje.')
    expect(html).toContain('data-due-text="1. november 2023"')
  })

  it('marks empty textblocks with their hint and keeps their height with the trailing break', () => {
    const doc = minutesSchema.nodeFromJSON({
      type: 'minutes',
      content: [
        { type: 'meetingHeader', content: ['organ', 'meetingTitle', 'meetingNumber', 'meetingDate', 'meetingTime', 'meetingPlace'].map((n) => field(n, '')) },
        { type: 'attendance', content: ['presentList', 'absentList', 'substituteList', 'observerList', 'secretariatList'].map((type) => ({ type, content: [{ type: 'attendee' }] })) },
        {
          type: 'agendaItem',
          attrs: { id: ID_1 },
          content: [{ type: 'agendaTitle' }, { type: 'narrative', content: [p()] }, { type: 'decision', content: [p()] }],
        },
        { type: 'agendaItem', attrs: { id: ID_2 }, content: [{ type: 'agendaTitle', content: [t('Sak')] }, { type: 'narrative', content: [p(t('Linje')), p(t('Slutt'), { type: 'hardBreak' })] }] },
      ],
    })
    const html = readerHTML(ydocOf(doc).getXmlFragment(MINUTES_FRAGMENT))
    expect(html).toContain('<h2 class="agenda-title is-empty" data-placeholder="Sakstittel"><br class="ProseMirror-trailingBreak"/></h2>')
    expect(html).toContain('<div class="narrative"><p class="is-empty" data-placeholder="Hvem innledet, hva ble sagt …"><br class="ProseMirror-trailingBreak"/></p></div>')
    expect(html).toContain('data-placeholder="Vedtakstekst …"')
    expect(html).toContain('<li class="attendee is-empty" data-placeholder="Navn (organisasjon)"><br class="ProseMirror-trailingBreak"/></li>')
    // A header field has no hint, but keeps its height; a paragraph among two gets no hint.
    expect(html).toContain('<p class="field-organ" data-label="Organ"><br class="ProseMirror-trailingBreak"/></p>')
    expect(html).toContain('<p>Linje</p><p>Slutt<br/><br class="ProseMirror-trailingBreak"/></p>')
  })

  it('shows each vedtak with its confirmation state and the innkalling proposal as the editor does', () => {
    const doc = everyNodeDoc()
    const fragment = ydocOf(doc).getXmlFragment(MINUTES_FRAGMENT)
    const confirmed = (text: string): ReaderContext => ({
      carets: new Map(),
      confirmations: new Map<string, Confirmation>([[ID_1, { textHash: hashDecisionText(text) } as Confirmation]]),
    })
    expect(readerHTML(fragment)).toContain('<section class="decision" data-label="Vedtak" data-proposed-text-hash')
    expect(readerHTML(fragment)).toContain('data-confirmation-label="○ Ikke bekreftet" data-proposal="true" data-proposal-label="Forslag til vedtak (fra innkallingen):"')
    expect(readerHTML(fragment)).toMatch(/data-confirmation="unconfirmed" data-confirmation-label="[^"]*" data-proposal="true"/)
    expect(readerHTML(fragment, confirmed('Rådet tar saken til orientering.'))).toMatch(/data-confirmation="confirmed" data-confirmation-label="[^"]*">/)
    expect(readerHTML(fragment, confirmed('Rådet tar saken til orientering.'))).toContain('data-confirmation-label="✓ Bekreftet av møteleder"')
    expect(readerHTML(fragment, confirmed('Noe annet.'))).toMatch(/data-confirmation="changed" data-confirmation-label="[^"]*" data-proposal="true"/)
  })

  it('never turns text into markup, and skips unknown elements, attributes and marks', () => {
    const ydoc = ydocOf(everyNodeDoc())
    const fragment = ydoc.getXmlFragment(MINUTES_FRAGMENT)
    const sak = fragment.get(2) as Y.XmlElement
    const narrative = sak.get(1) as Y.XmlElement
    const paragraph = narrative.get(0) as Y.XmlElement
    ydoc.transact(() => {
      const script = new Y.XmlElement('script')
      script.insert(0, [new Y.XmlText('alert(1)')])
      const img = new Y.XmlElement('img')
      img.setAttribute('src', 'x')
      img.setAttribute('onerror', 'alert(2)')
      fragment.insert(0, [script, img])
      narrative.insert(0, [new Y.XmlElement('iframe')])
      const hostile = new Y.XmlText()
      hostile.insert(0, '<img src=x onerror=alert(3)>&amp;', { link: { href: 'javascript:alert(4)' }, bold: {} })
      paragraph.insert(0, [hostile])
      // An attribute the schema does not define, and one its validator refuses.
      sak.setAttribute('onclick' as never, 'alert(5)')
      sak.setAttribute('number', '17/23" onmouseover="alert(6)')
      paragraph.insert(0, [new Y.XmlElement('hardBreakX')])
    })
    const html = readerHTML(fragment)
    expect(html).not.toMatch(/<(script|img|iframe|a)\b/)
    expect(html).not.toContain('onclick')
    expect(html).not.toContain('onmouseover')
    expect(html).not.toContain('javascript:')
    expect(html).toContain('<strong>&lt;img src=x onerror=alert(3)&gt;&amp;amp;')
    // The refused number is left out (its default, null), the other attributes stay.
    expect(html).toContain('<section class="agenda-item" data-id="sak-aaaa-0001" data-prefix="PS" data-planned-start="09.00"')
    // The rest of the sak is still there.
    expect(html).toContain('Godkjenning av innkalling')
  })

  it('skips nesting deeper than MAX_READER_DEPTH instead of recursing without end', () => {
    const ydoc = new Y.Doc()
    const fragment = ydoc.getXmlFragment(MINUTES_FRAGMENT)
    const top = new Y.XmlElement('bulletList')
    let at = top
    for (let i = 0; i < MAX_READER_DEPTH + 10; i++) {
      const item = new Y.XmlElement('listItem')
      const list = new Y.XmlElement('bulletList')
      item.insert(0, [list])
      at.insert(0, [item])
      at = list
    }
    fragment.insert(0, [top])
    const html = readerHTML(fragment)
    expect(html.match(/<ul>/g)?.length).toBeLessThanOrEqual(MAX_READER_DEPTH / 2 + 1)
    expect(html.startsWith('<ul><li><ul>')).toBe(true)
  })
})

describe('remote carets in the light reader', () => {
  /** An awareness state as y-tiptap writes it and the wire delivers it (JSON). */
  const stateAt = (text: Y.XmlText, index: number, user: Record<string, unknown>) => ({
    user,
    cursor: JSON.parse(JSON.stringify({ anchor: Y.createRelativePositionFromTypeIndex(text, index), head: Y.createRelativePositionFromTypeIndex(text, index) })) as unknown,
  })

  it('draws another person’s caret where their cursor is, splitting marked text as the editor does', () => {
    const ydoc = ydocOf(everyNodeDoc())
    const fragment = ydoc.getXmlFragment(MINUTES_FRAGMENT)
    const narrative = (fragment.get(2) as Y.XmlElement).get(1) as Y.XmlElement
    const text = (narrative.get(0) as Y.XmlElement).get(0) as Y.XmlText
    const title = ((fragment.get(3) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText
    const states = new Map<number, Record<string, unknown>>([
      // Inside "presenterte " (bold), after "Siv pres".
      [7, stateAt(text, 8, { name: 'Lucie Aunan', role: 'sekretær', color: 'red; background: url(x)' })],
      // At the end of a title: after the text, so the block keeps its last line.
      [8, stateAt(title, title.length, { name: '<b>Erik</b>', role: 'møteleder' })],
      // Our own state, a state without a user, and a cursor that is not a position.
      [ydoc.clientID, stateAt(text, 0, { name: 'Meg', role: 'medlem' })],
      [9, { cursor: stateAt(text, 1, {}).cursor }],
      [10, { user: { name: 'Ola', role: 'medlem' }, cursor: { head: { type: 'x', item: 'nope' } } }],
    ])
    const carets = remoteCarets(ydoc, states, ydoc.clientID)
    expect(carets.map((c) => [c.clientId, c.name, c.index])).toEqual([
      [7, 'Lucie Aunan', 8],
      [8, '<b>Erik</b>', 9],
    ])
    const byText = new Map<Y.XmlText, RemoteCaret[]>()
    for (const caret of carets) byText.set(caret.text, [caret])
    const html = readerHTML(fragment, { confirmations: new Map(), carets: byText as CaretsByText })
    const caret = (name: string, color: string) =>
      `<span class="collaboration-carets__caret" style="border-color:${color}" aria-hidden="true"><span class="collaboration-carets__label" style="background-color:${color}">${name}</span></span>`
    // The role's colour, never the one the client claims.
    expect(html).toContain(`<p>Siv <strong>pres</strong>${caret('Lucie Aunan', '#1d4ed8')}<strong>enterte <em>saken</em></strong>`)
    expect(html).toContain(`<h2 class="agenda-title">Eventuelt${caret('&lt;b&gt;Erik&lt;/b&gt;', '#b91c1c')}<br class="ProseMirror-trailingBreak"/></h2>`)
  })
})

describe('BlockTracker', () => {
  it('bumps only the version of the sak a change happened in, and keeps keys stable', () => {
    const ydoc = ydocOf(everyNodeDoc())
    const fragment = ydoc.getXmlFragment(MINUTES_FRAGMENT)
    const tracker = new BlockTracker(fragment)
    fragment.observeDeep((events) => tracker.noteChanges(events))
    const before = tracker.blocks()
    const decision = ((fragment.get(2) as Y.XmlElement).get(4) as Y.XmlElement).get(0) as Y.XmlElement
    ;(decision.get(0) as Y.XmlText).insert(5, 'x')
    const after = tracker.blocks()
    expect(after.map((b) => b.key)).toEqual(before.map((b) => b.key))
    expect(after.map((b) => b.version)).toEqual([0, 0, 1, 0])

    fragment.insert(3, [new Y.XmlElement('agendaItem')])
    const inserted = tracker.blocks()
    expect(inserted).toHaveLength(5)
    expect(inserted.map((b) => b.version)).toEqual([0, 0, 1, 0, 0])
    expect(inserted[4].key).toBe(before[3].key)
    expect(new Set(inserted.map((b) => b.key)).size).toBe(5)
  })
})

describe('outlineOf', () => {
  it('reads the heading and the Saksliste from the fragment', () => {
    const outline = outlineOf(ydocOf(everyNodeDoc()).getXmlFragment(MINUTES_FRAGMENT))
    expect(outline.title).toBe('Referat')
    expect(outline.subtitle).toBe('Møte 3/2023, 4. oktober 2023')
    expect(outline.items).toEqual([
      {
        id: ID_1,
        number: '17/23',
        prefix: 'PS',
        title: 'Godkjenning av innkalling',
        caseType: 'Orientering',
        timing: { plannedStart: '09.00', plannedEnd: '09.20', startedAt: '2023-10-04T07:01:00.000Z', endedAt: '2023-10-04T07:19:00.000Z' },
      },
      { id: ID_2, number: '18/23', prefix: null, title: 'Eventuelt', caseType: null, timing: { plannedStart: null, plannedEnd: null, startedAt: null, endedAt: null } },
    ])
  })
})
