import { describe, expect, it } from 'vitest'
import { minutesSchema, type JSONContent } from '../../../../shared'
import { escapeMarkdown, toDocx, toHtml, toMarkdown, toReferatModel } from '../../../../server/export'
import { seed003 } from '../../../fixtures/seed003'
import { firstMissingInOrder, seed003ReadingOrder } from './seed003Expectations'

const EVIL = '<script>alert(1)</script>'

/** Seed 003 with hostile text in the header, a sak title, an attendee, an innspill and a vedtak. */
function hostileModel() {
  const json: JSONContent = structuredClone(seed003)
  const header = json.content![0].content!
  header[1] = { type: 'meetingTitle', content: [{ type: 'text', text: EVIL }] }
  json.content![1].content![0].content![0] = { type: 'attendee', content: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] }
  const sak = json.content![2]
  sak.content![0] = { type: 'agendaTitle', content: [{ type: 'text', text: EVIL }] }
  sak.content!.splice(2, 0, {
    type: 'memberInputs',
    content: [{ type: 'memberInput', content: [{ type: 'text', text: '"><a href="javascript:alert(1)">x</a> & [lenke](javascript:alert(1))' }] }],
  })
  sak.content![3] = { type: 'decision', content: [{ type: 'paragraph', content: [{ type: 'text', text: '# *ikke* _fet_ `kode` | 1. <b>' }] }] }
  return toReferatModel(minutesSchema.nodeFromJSON(json))
}

describe('toHtml', () => {
  it('is a standalone UTF-8 page in the house layout, holding seed 003 in order', () => {
    const html = toHtml(toReferatModel(minutesSchema.nodeFromJSON(seed003)))
    expect(html).toMatch(/^<!doctype html>\n<html lang="nb">/)
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).toContain('@media print')
    expect(html).toContain('<th scope="col">Sak</th><th scope="col">Tema</th><th scope="col">Sakstype</th>')
    const text = html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&')
    expect(firstMissingInOrder(text, seed003ReadingOrder(), '27/23 Eventuelt')).toBeNull()
  })

  it('escapes every typed text: a <script> title and hostile attendees, innspill and vedtak are inert', () => {
    const html = toHtml(hostileModel())
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<img/i)
    expect(html).not.toMatch(/<a\s/i)
    expect(html).not.toMatch(/<b>/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&quot;&gt;&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt; &amp; [lenke]')
    // Even so, the page forbids scripts itself.
    expect(html).toContain("default-src 'none'")
  })
})

describe('toMarkdown', () => {
  it('writes the house layout: header table, Medlemmer, the agenda table, then each sak', () => {
    const md = toMarkdown(toReferatModel(minutesSchema.nodeFromJSON(seed003)))
    expect(md.startsWith('# Referat fra møte i Nasjonalt e-helseråd\n')).toBe(true)
    expect(md).toContain('| **Møte** | 3/2023 |')
    expect(md).toContain('## Medlemmer')
    expect(md).toContain('| Sak | Tema | Sakstype |')
    expect(md).toContain('| 20/23 | Tiltak for 2024 for å nå mål i veikart for nasjonal e-helsestrategi | Anbefaling |')
    expect(firstMissingInOrder(md, ['## 19/23 Orientering fra Direktoratet for e-helse', '**Innspill:**', '- Det bør tas utgangspunkt', '**Aksjonspunkter:**', '(Ansvarlig: Direktoratet for e-helse)', '**Vedtak:**', 'Nasjonalt e-helseråd tar saken til orientering.'])).toBeNull()
    expect(md).toContain('## 27/23 Eventuelt')
  })

  it('escapes markdown and HTML in typed text', () => {
    const md = toMarkdown(hostileModel())
    // Every "<" typed is backslash-escaped: no raw HTML tag is left.
    expect(md).not.toMatch(/(^|[^\\])<(?!br>)[a-z/]/im)
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>')
    expect(md).toContain('\\[lenke\\](javascript:alert(1))')
    expect(md).toContain('\\# \\*ikke\\* \\_fet\\_ \\`kode\\` \\| 1. \\<b\\>')
  })

  it('escapes block starts at the beginning of a line and keeps line breaks as hard breaks', () => {
    expect(escapeMarkdown('- ikke en liste')).toBe('\\- ikke en liste')
    expect(escapeMarkdown('12. ikke nummerert')).toBe('12\\. ikke nummerert')
    expect(escapeMarkdown('> sitat\n# overskrift')).toBe('\\> sitat\\\n\\# overskrift')
    expect(escapeMarkdown('æøå ÆØÅ')).toBe('æøå ÆØÅ')
  })
})

describe('toDocx', () => {
  it('writes hostile text as text (escaped XML), never as markup', async () => {
    const { unzipSync, strFromU8 } = await import('fflate')
    const xml = strFromU8(unzipSync(await toDocx(hostileModel()))['word/document.xml'])
    expect(xml).not.toContain('<script')
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})
