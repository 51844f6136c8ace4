import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CanonicalJsonError, MAX_CANONICAL_DEPTH, canonicalJson, sealHashOf, sealedContentOf, sha256Hex } from '../../../shared/record'

/** The IEEE 754 double whose bits are `hex` (RFC 8785 Appendix B lists numbers this way). */
function double(hex: string): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setBigUint64(0, BigInt(`0x${hex}`))
  return view.getFloat64(0)
}

describe('canonicalJson (RFC 8785)', () => {
  it('writes the example of RFC 8785 section 3.2.2 byte for byte', () => {
    // The input as JSON.parse reads the RFC's text (numbers and escapes as written there).
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    )
    const expected = '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    expect(canonicalJson(input)).toBe(expected)
    // The RFC gives the UTF-8 bytes of that output; their hash is what any sha256sum prints.
    expect(sha256Hex(expected)).toBe(createHash('sha256').update(expected, 'utf8').digest('hex'))
  })

  it('sorts members by UTF-16 code units, as in RFC 8785 section 3.2.3', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",' +
        ' "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    )
    const order = ['Carriage Return', 'One', 'Control', 'Latin Small Letter O With Diaeresis', 'Euro Sign', 'Emoji: Grinning Face', 'Hebrew Letter Dalet With Dagesh']
    const text = canonicalJson(input)
    const positions = order.map((name) => text.indexOf(name))
    expect(positions.every((p, i) => p > 0 && (i === 0 || p > positions[i - 1]))).toBe(true)
  })

  it('writes numbers as ECMAScript does (RFC 8785 Appendix B)', () => {
    const cases: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['41b3de4355555553', '333333333.3333332'],
    ]
    for (const [bits, text] of cases) expect(canonicalJson(double(bits))).toBe(text)
  })

  it('refuses what has no JSON form: NaN, Infinity, lone surrogates, class instances, undefined', () => {
    expect(() => canonicalJson(double('7ff0000000000000'))).toThrow(CanonicalJsonError)
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(/\$\.a\[1\]/)
    expect(() => canonicalJson({ name: 'Sámi \ud800' })).toThrow(/lone surrogate/)
    expect(() => canonicalJson({ ['\udc00']: 1 })).toThrow(/lone surrogate/)
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/plain objects/)
    expect(() => canonicalJson([undefined])).toThrow(CanonicalJsonError)
    expect(() => canonicalJson(10n)).toThrow(CanonicalJsonError)
  })

  it('keeps pairs of surrogates (emoji) and leaves out members that are undefined', () => {
    expect(canonicalJson({ b: '😀', a: undefined })).toBe('{"b":"😀"}')
  })

  it('refuses nesting deeper than MAX_CANONICAL_DEPTH instead of overflowing the stack', () => {
    let deep: unknown = 1
    for (let i = 0; i < MAX_CANONICAL_DEPTH + 1; i += 1) deep = [deep]
    expect(() => canonicalJson(deep)).toThrow(/nested deeper/)
    let fine: unknown = 1
    for (let i = 0; i < MAX_CANONICAL_DEPTH; i += 1) fine = [fine]
    expect(canonicalJson(fine)).toBe(`${'['.repeat(MAX_CANONICAL_DEPTH)}1${']'.repeat(MAX_CANONICAL_DEPTH)}`)
  })

  it('gives the same text for the same value however it was formatted', () => {
    const pretty = '{\n  "title": "Møte i Sámediggi: Čoahkkin",\n  "n": 4.50,\n  "list": [ 1, 2 ]\n}'
    const tight = '{"list":[1,2],"n":4.5,"title":"Møte i Sámediggi: Čoahkkin"}'
    expect(canonicalJson(JSON.parse(pretty))).toBe(tight)
    expect(canonicalJson(JSON.parse(tight))).toBe(tight)
  })
})

describe('sha256Hex', () => {
  it('hashes the UTF-8 bytes of a string, and bytes as they are', () => {
    const text = 'Áá Čč Đđ Ŋŋ Šš Ŧŧ Žž æøå'
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'))
    expect(sha256Hex(new Uint8Array([0, 255]))).toBe(createHash('sha256').update(Buffer.from([0, 255])).digest('hex'))
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})

describe('sealedContentOf / sealHashOf', () => {
  it('covers the export without its top-level seal, and nothing else', () => {
    const exported = { format: 'referat/1', title: 'Referat', seal: { sha256: 'x' }, saker: [{ seal: 'kept' }] }
    expect(sealedContentOf(exported)).toBe('{"format":"referat/1","saker":[{"seal":"kept"}],"title":"Referat"}')
    expect(sealHashOf(exported)).toBe(sealHashOf({ title: 'Referat', saker: [{ seal: 'kept' }], format: 'referat/1' }))
    expect(sealHashOf(exported)).not.toBe(sealHashOf({ ...exported, title: 'Referat.' }))
  })

  it('refuses what is not a JSON object', () => {
    expect(() => sealedContentOf([1])).toThrow(TypeError)
    expect(() => sealedContentOf(null)).toThrow(TypeError)
  })
})
