import { describe, expect, it } from 'vitest'
import { norwegianStem } from '../../../../server/search'

describe('norwegianStem', () => {
  it.each([
    ['vedtaket', 'vedtak'],
    ['vedtakene', 'vedtak'],
    ['vedtak', 'vedtak'],
    ['saken', 'sak'],
    ['sakene', 'sak'],
    ['saker', 'sak'],
    ['innspillene', 'innspill'],
    ['aksjonspunktet', 'aksjonspunkt'],
    ['budsjettet', 'budsjett'],
    ['styret', 'styr'],
    ['styrets', 'styr'],
  ])('reduces %s to %s, as PostgreSQL\'s norwegian configuration does', (word, stem) => {
    expect(norwegianStem(word)).toBe(stem)
  })

  it('keeps short words and numbers as they are', () => {
    expect(norwegianStem('og')).toBe('og')
    expect(norwegianStem('sak')).toBe('sak')
    expect(norwegianStem('2024')).toBe('2024')
  })

  it('removes an s only after a valid s-ending', () => {
    // "hus" has no R1 suffix to remove; "møtets" loses -ets.
    expect(norwegianStem('hus')).toBe('hus')
    expect(norwegianStem('møtets')).toBe('møt')
  })

  it('replaces -erte with -er and drops t after d or v', () => {
    expect(norwegianStem('opererte')).toBe('operer')
    expect(norwegianStem('operer')).toBe('oper')
    expect(norwegianStem('behandlet')).toBe('behandl')
  })
})
