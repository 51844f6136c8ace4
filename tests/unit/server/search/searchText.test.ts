import { describe, expect, it } from 'vitest'
import { fts5Match, parseQuery, snippetOf, stemmedText, tokenize } from '../../../../server/search'
import { MAX_QUERY_TERMS } from '../../../../server/search/searchText'

describe('parseQuery', () => {
  it('turns FTS5 syntax into plain words', () => {
    expect(parseQuery('"vedtak* NEAR(budsjett, 3) OR styre:navn - AND ^x').words).toEqual([
      'vedtak', 'near', 'budsjett', '3', 'or', 'styre', 'navn', 'and', 'x',
    ].slice(0, MAX_QUERY_TERMS))
  })

  it('is empty for a query of punctuation only', () => {
    expect(parseQuery('"*:()"').stems).toEqual([])
    expect(parseQuery('   ').stems).toEqual([])
  })

  it('stems each word once, lower case', () => {
    expect(parseQuery('Vedtaket VEDTAK vedtakene Økonomi')).toEqual({ words: ['vedtaket', 'økonomi'], stems: ['vedtak', 'økonomi'] })
  })

  it(`keeps at most ${MAX_QUERY_TERMS} words`, () => {
    expect(parseQuery(Array.from({ length: 20 }, (_, i) => `ord${i}`).join(' ')).stems).toHaveLength(MAX_QUERY_TERMS)
  })
})

describe('fts5Match', () => {
  it('quotes every stem and doubles a quote inside one', () => {
    expect(fts5Match(['vedtak', 'near'])).toBe('"vedtak" "near"')
    expect(fts5Match(['a"b'])).toBe('"a""b"')
  })
})

describe('stemmedText and tokenize', () => {
  it('splits on anything but letters and digits, keeping æ, ø and å', () => {
    expect(tokenize('Sak 12/24: Årsmøtet – økonomi').map((t) => t.word)).toEqual(['sak', '12', '24', 'årsmøtet', 'økonomi'])
    expect(stemmedText('Vedtaket i saken')).toBe('vedtak i sak')
  })
})

describe('snippetOf', () => {
  it('marks every word whose stem is searched for', () => {
    const snippet = snippetOf('Styret fattet vedtaket. Vedtak om budsjett.', ['vedtak'])
    expect(snippet.matches.map(([s, e]) => snippet.text.slice(s, e))).toEqual(['vedtaket', 'Vedtak'])
    expect(snippet.cutBefore).toBe(false)
    expect(snippet.cutAfter).toBe(false)
  })

  it('cuts a long text around the first match at word boundaries', () => {
    const text = `${'innledning '.repeat(60)}her står vedtaket midt i ${'avslutning '.repeat(60)}`
    const snippet = snippetOf(text, ['vedtak'], 120)
    expect(snippet.text.length).toBeLessThanOrEqual(120)
    expect(snippet.cutBefore && snippet.cutAfter).toBe(true)
    expect(snippet.text.split(' ').every((w) => ['innledning', 'her', 'står', 'vedtaket', 'midt', 'i', 'avslutning'].includes(w))).toBe(true)
    const [[s, e]] = snippet.matches
    expect(snippet.text.slice(s, e)).toBe('vedtaket')
  })

  it('starts at the beginning when nothing matches (a stem PostgreSQL found but ours did not)', () => {
    const snippet = snippetOf('Kort tekst', ['annet'])
    expect(snippet).toEqual({ text: 'Kort tekst', matches: [], cutBefore: false, cutAfter: false })
  })
})
