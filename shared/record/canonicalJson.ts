import { digest } from 'lib0/hash/sha256'

/**
 * Canonical JSON after RFC 8785 (JSON Canonicalization Scheme, JCS): the one text a JSON value
 * has, so that its hash can be recomputed by anyone from any copy of it, however it was
 * formatted. No whitespace; object members sorted by their names compared as UTF-16 code
 * units (JavaScript's default string order); numbers as ECMAScript writes them
 * (`Number.prototype.toString`: 4.50 → 4.5, 1E30 → 1e+30, -0 → 0); strings as `JSON.stringify`
 * writes them (only `"`, `\` and U+0000–U+001F escaped, with \b \t \n \f \r or lower-case
 * \u00xx). docs/EXPORT_FORMAT.md, "Seal and verification", has the algorithm for archivists.
 */

/** How deep arrays and objects may nest in a value to canonicalise (far above any referat). */
export const MAX_CANONICAL_DEPTH = 64

/** A value that has no canonical JSON form: `path` names where (`$.saker[2].title`). */
export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError'
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`)
  }
}

// A lone surrogate is not a Unicode character: I-JSON (RFC 7493), and so JCS, refuses it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

function stringOf(text: string, path: string): string {
  if (LONE_SURROGATE.test(text)) throw new CanonicalJsonError(path, 'the text holds a lone surrogate (not Unicode)')
  return JSON.stringify(text)
}

function write(value: unknown, path: string, depth: number, out: string[]): void {
  if (value === null) return void out.push('null')
  switch (typeof value) {
    case 'boolean':
      return void out.push(value ? 'true' : 'false')
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a JSON number`)
      // ECMAScript's Number-to-String is JCS's number format; -0 is written "0".
      return void out.push(Object.is(value, -0) ? '0' : String(value))
    case 'string':
      return void out.push(stringOf(value, path))
    case 'object':
      break
    default:
      throw new CanonicalJsonError(path, `a ${typeof value} is not JSON`)
  }
  if (depth >= MAX_CANONICAL_DEPTH) throw new CanonicalJsonError(path, `nested deeper than ${MAX_CANONICAL_DEPTH} levels`)
  if (Array.isArray(value)) {
    out.push('[')
    value.forEach((item, i) => {
      if (i > 0) out.push(',')
      write(item, `${path}[${i}]`, depth + 1, out)
    })
    return void out.push(']')
  }
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError(path, 'only plain objects and arrays are JSON')
  // Members whose value is undefined are left out, as JSON.stringify does.
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
  out.push('{')
  keys.forEach((key, i) => {
    if (i > 0) out.push(',')
    out.push(stringOf(key, path), ':')
    write((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1, out)
  })
  out.push('}')
}

/**
 * The RFC 8785 canonical JSON text of `value` (null, booleans, finite numbers, strings, arrays
 * and plain objects; object members that are undefined are left out). Throws CanonicalJsonError
 * for anything else: NaN or Infinity, a lone surrogate, a class instance, nesting deeper than
 * MAX_CANONICAL_DEPTH.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = []
  write(value, '$', 0, out)
  return out.join('')
}

/** SHA-256 of `data` (a string is hashed as its UTF-8 bytes), lower-case hex. Node and browser. */
export function sha256Hex(data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  let hex = ''
  for (const byte of digest(bytes)) hex += byte.toString(16).padStart(2, '0')
  return hex
}
