import { ITEM_FIELDS, loadCorpus, runCase } from './importCorpus'

/**
 * `npm run import:report`: reads every innkalling in tests/fixtures/innkalling/ and prints, per
 * layout, what the parser found against what the fixture expects: saker, and each checked field
 * (number, prefix, title, sakstype, times, proposal), then every difference. Exits 1 when any
 * field differs.
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
const perField = ITEM_FIELDS.join(', ')
console.log(`\n${cases.length} innkallinger; felt som sjekkes per sak: ${perField}. ${failed ? `${failed} avvik.` : 'Ingen avvik.'}`)
process.exitCode = failed ? 1 : 0
