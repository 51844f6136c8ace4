#!/usr/bin/env node
// Re-checks the seal of a Referat JSON export on its own, with nothing but Node (>= 18):
//   node scripts/verify-seal.mjs referat-4-2024.json
// Prints the SHA-256 of the export's content (RFC 8785 canonical JSON without the top-level
// "seal" member) and whether it equals the seal's sha256. Exit code 0 when it does, 1 when not,
// 2 for a file that cannot be read. The algorithm is docs/EXPORT_FORMAT.md, "Seal and verification".
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

/** RFC 8785: sorted member names (UTF-16 code units), ECMAScript numbers, JSON.stringify strings, no whitespace. */
function canonical(value) {
  if (value === null || typeof value === 'boolean') return String(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('not a JSON number')
    return Object.is(value, -0) ? '0' : String(value)
  }
  if (typeof value === 'string') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
    .join(',')}}`
}

const file = process.argv[2]
if (!file) {
  console.error('usage: node scripts/verify-seal.mjs <referat.json>')
  process.exit(2)
}
let exported
try {
  exported = JSON.parse(readFileSync(file, 'utf8'))
} catch (err) {
  console.error(`cannot read ${file} as JSON: ${err.message}`)
  process.exit(2)
}
const { seal, ...content } = exported
const sha256 = createHash('sha256').update(canonical(content), 'utf8').digest('hex')
console.log(`content sha256: ${sha256}`)
if (!seal || typeof seal.sha256 !== 'string') {
  console.log('the file carries no seal (not an approved version)')
  process.exit(1)
}
console.log(`seal sha256:    ${seal.sha256}`)
console.log(sha256 === seal.sha256 ? 'ok: the content is what was sealed' : 'NOT the sealed content')
process.exit(sha256 === seal.sha256 ? 0 : 1)
