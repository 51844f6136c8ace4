import { describe, expect, it } from 'vitest'
import { htmlToSource, markdownToSource, sourceToText, textToSource } from '../../../../shared/import'

/** What Word 365 puts on the clipboard for a heading, a numbered paragraph, a tab-set line and a table (trimmed). */
const WORD_CLIPBOARD = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset=utf-8>
<style><!-- p.MsoNormal {margin:0cm;} --></style><!--[if gte mso 9]><xml><o:OfficeDocumentSettings>x</o:OfficeDocumentSettings></xml><![endif]--></head>
<body lang=NO-BOK><!--StartFragment-->
<h1>Innkalling til møte i Styret</h1>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp; </span></span><![endif]>Godkjenning av innkalling</p>
<p class=MsoNormal>12/24<span style='mso-tab-count:1'>&nbsp;&nbsp;&nbsp; </span>Budsjett<span style='mso-tab-count:2'>&nbsp; </span>Beslutning</p>
<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal><b>Sak<o:p></o:p></b></p></td><td><p><b>Tema</b></p></td><td><p><b>Sakstype</b></p></td></tr>
<tr><td><p>13/24</p></td><td><p>Årsplan</p><p>2025</p></td><td></td></tr></table>
<p class=MsoNormal><b>Forslag til vedtak</b></p><p style='display:none'>skjult</p><script>alert(1)</script>
<p>Styret vedtar &amp; godkjenner&nbsp;planen.</p><!--EndFragment--></body></html>`

describe('htmlToSource', () => {
  it("reads Word's clipboard: headings, Word's own list numbers, tab stops and tables as cells, bold labels; no styles, scripts or hidden text", () => {
    const { format, lines } = htmlToSource(WORD_CLIPBOARD)
    expect(format).toBe('html')
    expect(lines).toEqual([
      { text: 'Innkalling til møte i Styret', heading: 1 },
      { text: 'Godkjenning av innkalling', listMarker: '1.' },
      { text: '12/24 Budsjett Beslutning', cells: ['12/24', 'Budsjett', 'Beslutning'] },
      { text: 'Sak Tema Sakstype', cells: ['Sak', 'Tema', 'Sakstype'], bold: true },
      { text: '13/24 Årsplan 2025', cells: ['13/24', 'Årsplan 2025', ''] },
      { text: 'Forslag til vedtak', bold: true },
      { text: 'Styret vedtar & godkjenner planen.' },
    ])
  })

  it('numbers <ol> items from their start, marks <ul> items, and gives a one-cell layout table its paragraphs as lines', () => {
    const { lines } = htmlToSource('<table><tr><td><p>Agenda</p><ol start="4"><li>Fire</li><li><p>Fem</p></li></ol><ul><li>Punkt</li></ul></td></tr></table>')
    expect(lines).toEqual([{ text: 'Agenda' }, { text: 'Fire', listMarker: '4.' }, { text: 'Fem', listMarker: '5.' }, { text: 'Punkt', listMarker: '•' }])
  })

  it('survives broken markup (unclosed cells and rows, stray closing tags) without losing text', () => {
    const { lines } = htmlToSource('<p>Før</div><table><tr><td>1/24<td>Tittel<tr><td>2/24<td>Annen</table></span><p>Etter')
    expect(lines.map((l) => l.cells ?? l.text)).toEqual(['Før', ['1/24', 'Tittel'], ['2/24', 'Annen'], 'Etter'])
  })

  it('keeps tab characters as whitespace in HTML, and as cells only in mammoth output of a .docx', () => {
    expect(htmlToSource('<p>a\tb</p>').lines).toEqual([{ text: 'a b' }])
    expect(htmlToSource('<p>a\tb</p>', 'docx').lines).toEqual([{ text: 'a b', cells: ['a', 'b'] }])
  })
})

describe('markdownToSource', () => {
  it('reads headings, pipe tables without the separator row, list items and bold labels', () => {
    const md = '# Innkalling\n\n| Sak | Tema | Sakstype |\n|---|---|---|\n| 4/24 | Budsjett | Beslutning |\n\n**Forslag til vedtak**\n1. Styret vedtar budsjettet.'
    expect(markdownToSource(md).lines.filter((l) => l.text)).toEqual([
      { text: 'Innkalling', heading: 1 },
      { text: 'Sak Tema Sakstype', cells: ['Sak', 'Tema', 'Sakstype'] },
      { text: '4/24 Budsjett Beslutning', cells: ['4/24', 'Budsjett', 'Beslutning'] },
      { text: 'Forslag til vedtak', bold: true },
      { text: 'Styret vedtar budsjettet.', listMarker: '1.' },
    ])
  })
})

describe('sourceToText', () => {
  it('joins cells with tabs and keeps list numbers, so textToSource finds the cells again', () => {
    const doc = htmlToSource('<table><tr><td>4/24</td><td>Budsjett</td><td>Beslutning</td></tr></table><ol><li>Punkt</li></ol>')
    const text = sourceToText(doc)
    expect(text).toBe('4/24\tBudsjett\tBeslutning\n1. Punkt')
    expect(textToSource(text).lines[0].cells).toEqual(['4/24', 'Budsjett', 'Beslutning'])
  })
})
