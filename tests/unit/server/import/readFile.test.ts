import { zipSync, strToU8 } from 'fflate'
import PDFDocument from 'pdfkit'
import { describe, expect, it } from 'vitest'
import { draftOfSource, ImportFileError, readInnkallingFile, sniff } from '../../../../server/import'
import { MAX_IMPORT_UNZIPPED_BYTES } from '../../../../shared/import'
import { expectedItems, fileFixtures, itemsAsExpected } from '../../../helpers/innkallingCorpus'
import { writeInnkallingFile, writeDocx } from '../../../helpers/innkallingFiles'

/** The ImportFileError `promise` rejects with (fails the test when it resolves). */
async function refusal(promise: Promise<unknown>): Promise<ImportFileError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(err instanceof ImportFileError)) throw new Error(`expected an ImportFileError, got ${String(err)}`)
  return err
}

function pdfBytes(options: PDFKit.PDFDocumentOptions, draw: (pdf: PDFKit.PDFDocument) => void): Promise<Uint8Array> {
  const pdf = new PDFDocument(options)
  const chunks: Buffer[] = []
  pdf.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Uint8Array>((resolve) => pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))))
  draw(pdf)
  pdf.end()
  return done
}

describe('readInnkallingFile over the .docx and .pdf fixtures', () => {
  const fixtures = fileFixtures()

  it('has at least four of each format', () => {
    expect(fixtures.filter((f) => f.spec.format === 'docx').length).toBeGreaterThanOrEqual(4)
    expect(fixtures.filter((f) => f.spec.format === 'pdf').length).toBeGreaterThanOrEqual(4)
  })

  for (const fixture of fixtures) {
    it(`${fixture.name}: every table row comes back as one line with its cells, and every sak, title, type, time and proposal is found`, async () => {
      const doc = await readInnkallingFile(await writeInnkallingFile(fixture.spec))
      expect(doc.format).toBe(fixture.spec.format)
      for (const block of fixture.spec.blocks) {
        if (!('table' in block) || block.table[0].length < 2) continue
        for (const row of block.table) {
          const cells = row.map((c) => c.replace(/\n/g, ' '))
          // Word keeps empty cells (columns line up); a PDF has no text to place for them.
          const want = doc.format === 'docx' ? cells : cells.filter((c) => c !== '')
          expect(doc.lines.map((l) => l.cells)).toContainEqual(want)
        }
      }
      const draft = draftOfSource(doc)
      expect(itemsAsExpected(draft, fixture.expected)).toEqual(expectedItems(draft, fixture.expected))
      expect(draft.info).toMatchObject(fixture.expected.info)
    })
  }

  it('gives PDF lines their page and position, and headings by font size', async () => {
    const fixture = fixtures.find((f) => f.name === 'files-styre-sider')!
    const doc = await readInnkallingFile(await writeInnkallingFile(fixture.spec))
    const risk = doc.lines.find((l) => l.text === '42/24 Risikorapport')!
    expect(risk).toMatchObject({ page: 2, heading: 2 })
    expect(risk.x).toBeCloseTo(56, 0)
    expect(doc.lines.find((l) => l.text === 'Side 2 av 2')).toMatchObject({ page: 2 })
  })
})

describe('readInnkallingFile refuses what it cannot read, by content', () => {
  it('an empty file (400)', async () => {
    expect(await refusal(readInnkallingFile(new Uint8Array(0), { fileName: 'innkalling.docx' }))).toMatchObject({ status: 400, code: 'empty', message: '«innkalling.docx» er tom.' })
  })

  it('a PNG named .pdf, an old .doc, RTF and a spreadsheet (415), naming the file', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])
    const png415 = await refusal(readInnkallingFile(png, { fileName: 'innkalling.pdf' }))
    expect(png415).toMatchObject({ status: 415, code: 'unsupported' })
    expect(png415.message).toMatch(/^«innkalling\.pdf» er et bilde/)
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])
    expect((await refusal(readInnkallingFile(ole))).message).toMatch(/eldre Word-dokument \(\.doc\)/)
    expect((await refusal(readInnkallingFile(strToU8('{\\rtf1 hei}')))).message).toMatch(/RTF/)
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') })
    expect((await refusal(readInnkallingFile(xlsx))).message).toMatch(/regneark/)
  })

  it('reads a Word file named .pdf as Word, and text in Windows-1252', async () => {
    const docx = await writeDocx({ format: 'docx', blocks: [{ p: 'Sak 1 Godkjenning' }] })
    expect(sniff(docx)).toBe('zip')
    expect((await readInnkallingFile(docx, { fileName: 'innkalling.pdf', contentType: 'application/pdf' })).format).toBe('docx')
    const latin = new Uint8Array([...Buffer.from('M', 'latin1'), 0xf8, ...Buffer.from('te i r', 'latin1'), 0xe5, ...Buffer.from('det', 'latin1')])
    expect((await readInnkallingFile(latin)).lines[0].text).toBe('Møte i rådet')
  })

  it('a .docx whose document inflates past the limit (ZIP bomb), even when its directory lies about the size (413)', async () => {
    const bomb = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(MAX_IMPORT_UNZIPPED_BYTES + 1) }, { level: 9 })
    expect(bomb.length).toBeLessThan(1024 * 1024)
    expect(await refusal(readInnkallingFile(bomb))).toMatchObject({ status: 413, code: 'unzipped-too-large' })
    // The central directory says the document is 100 bytes: the inflater's limit, not the directory, stops it.
    const liar = new Uint8Array(bomb)
    const view = new DataView(liar.buffer)
    for (let i = liar.length - 22; i > 0; i--) {
      if (view.getUint32(i, true) !== 0x02014b50) continue
      const name = new TextDecoder().decode(liar.subarray(i + 46, i + 46 + view.getUint16(i + 28, true)))
      if (name === 'word/document.xml') view.setUint32(i + 24, 100, true)
    }
    expect(await refusal(readInnkallingFile(liar))).toMatchObject({ status: 413, code: 'unzipped-too-large' })
  })

  it('an encrypted PDF (422) and a PDF without text, as a scan is ("Ingen tekst i PDF-en: er den skannet?")', async () => {
    const encrypted = await pdfBytes({ userPassword: 'hemmelig', ownerPassword: 'eier' }, (pdf) => pdf.text('Sak 1/24 Budsjett'))
    expect(await refusal(readInnkallingFile(encrypted))).toMatchObject({ status: 422, code: 'encrypted' })
    const scan = await pdfBytes({}, (pdf) => pdf.rect(50, 50, 300, 400).fill('#333333'))
    const noText = await refusal(readInnkallingFile(scan))
    expect(noText).toMatchObject({ status: 422, code: 'no-text' })
    expect(noText.message).toMatch(/^Ingen tekst i PDF-en: er den skannet\?/)
    expect(await refusal(readInnkallingFile(strToU8('%PDF-1.7\nikke noe mer')))).toMatchObject({ status: 422, code: 'damaged' })
  })
})

describe('readInnkallingFile reads .odt, HTML and Markdown', () => {
  it('an OpenDocument text: headings with their level, paragraphs and table rows with cells', async () => {
    const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="tb"><office:body><office:text>
      <text:h text:outline-level="1">Innkalling til møte i Rådet</text:h><text:p>Dato: 1. mars 2024</text:p>
      <table:table><table:table-row><table:table-cell><text:p>Sak</text:p></table:table-cell><table:table-cell><text:p>Tema</text:p></table:table-cell><table:table-cell><text:p>Sakstype</text:p></table:table-cell></table:table-row>
      <table:table-row><table:table-cell><text:p>4/24</text:p></table:table-cell><table:table-cell><text:p>Budsjett<text:s text:c="2"/>2025</text:p></table:table-cell><table:table-cell><text:p>Beslutning</text:p></table:table-cell></table:table-row></table:table>
      <text:h text:outline-level="2">4/24 Budsjett 2025</text:h><text:p>Forslag til vedtak: Rådet vedtar budsjettet.<office:annotation><text:p>kommentar</text:p></office:annotation></text:p>
      </office:text></office:body></office:document-content>`
    const odt = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8(content) })
    const doc = await readInnkallingFile(odt)
    expect(doc.format).toBe('odt')
    expect(doc.lines).toEqual([
      { text: 'Innkalling til møte i Rådet', heading: 1 },
      { text: 'Dato: 1. mars 2024' },
      { text: 'Sak Tema Sakstype', cells: ['Sak', 'Tema', 'Sakstype'] },
      { text: '4/24 Budsjett 2025 Beslutning', cells: ['4/24', 'Budsjett 2025', 'Beslutning'] },
      { text: '4/24 Budsjett 2025', heading: 2 },
      { text: 'Forslag til vedtak: Rådet vedtar budsjettet.' },
    ])
    expect(draftOfSource(doc).items).toMatchObject([{ number: '4/24', title: 'Budsjett 2025', caseType: 'Beslutning', proposal: 'Rådet vedtar budsjettet.' }])
  })

  it('HTML by its content or type, Markdown by its shape or name, else plain text', async () => {
    expect((await readInnkallingFile(strToU8('<!DOCTYPE html><p>Hei</p>'))).format).toBe('html')
    expect((await readInnkallingFile(strToU8('<p>Hei</p>'), { contentType: 'text/html' })).format).toBe('html')
    expect((await readInnkallingFile(strToU8('| Sak | Tema |\n|---|---|\n| 1/24 | X |'))).format).toBe('markdown')
    expect((await readInnkallingFile(strToU8('Hei'), { fileName: 'agenda.md' })).format).toBe('markdown')
    expect((await readInnkallingFile(strToU8('Sak 1/24\tHei'))).format).toBe('text')
  })
})
