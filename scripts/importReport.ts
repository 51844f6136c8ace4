import { parseAgenda } from '../shared/import'
import { readInnkallingFile } from '../server/import'
import { fileFixtures } from '../tests/helpers/innkallingCorpus'
import { writeInnkallingFile } from '../tests/helpers/innkallingFiles'
import { ITEM_FIELDS, compareCase, loadCorpus, runCase, type Expected } from './importCorpus'

/**
 * `npm run import:report`: reads every innkalling in tests/fixtures/innkalling/ and prints, per
 * layout, what the parser found against what the fixture expects: saker, and each checked field
 * (number, prefix, title, sakstype, times, proposal), then every difference. The .docx and .pdf
 * fixtures (files-*.spec.json) are written with the project's own docx and pdfkit writers and read
 * back through the server's file readers, as an upload would be. Exits 1 when any field differs.
 */
const cases = loadCorpus()
let failed = 0
const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length))
console.log(`${pad('fixture', 44)} ${pad('saker', 9)} ${pad('felt', 11)} layout`)
for (const c of cases) {
  const result = runCase(c)
  const saker = `${result.draft.items.length}/${c.expected.items.length}`
  console.log(`${pad(c.file, 44)} ${pad(saker, 9)} ${pad(`${result.found}/${result.total}`, 11)} ${c.expected.layout}`)
  for (const m of result.mismatches) {
    failed++
    console.log(`    ${m.at}: forventet ${JSON.stringify(m.expected)}, fant ${JSON.stringify(m.found)}`)
  }
}
for (const fixture of fileFixtures()) {
  const bytes = await writeInnkallingFile(fixture.spec)
  const doc = await readInnkallingFile(Buffer.from(bytes), { fileName: `${fixture.name}.${fixture.spec.format}` })
  const expected: Expected = { layout: `${fixture.spec.format === 'docx' ? 'Word' : 'PDF'}-fil skrevet av testene`, info: fixture.expected.info, items: fixture.expected.items as Expected['items'] }
  const draft = parseAgenda(doc)
  const result = compareCase(expected, draft)
  const file = `${fixture.name}.${fixture.spec.format}`
  console.log(`${pad(file, 44)} ${pad(`${draft.items.length}/${expected.items.length}`, 9)} ${pad(`${result.found}/${result.total}`, 11)} ${expected.layout}`)
  for (const m of result.mismatches) {
    failed++
    console.log(`    ${m.at}: forventet ${JSON.stringify(m.expected)}, fant ${JSON.stringify(m.found)}`)
  }
}
const total = cases.length + fileFixtures().length
const perField = ITEM_FIELDS.join(', ')
console.log(`\n${total} innkallinger; felt som sjekkes per sak: ${perField}. ${failed ? `${failed} avvik.` : 'Ingen avvik.'}`)
process.exitCode = failed ? 1 : 0
