import { describe, expect, it } from 'vitest'
import { searchFormOf, searchQueryString } from '../../../../client/ui/searchApi'
import { sakFromFragment } from '../../../../client/ui/sakFragment'

describe('sakFromFragment', () => {
  it('reads the sak a link names, beside an invitation token or alone', () => {
    expect(sakFromFragment('#sak=abc_123')).toBe('abc_123')
    expect(sakFromFragment('#token=x.y&sak=abc')).toBe('abc')
    expect(sakFromFragment('#token=x.y')).toBeNull()
    expect(sakFromFragment('#sak=')).toBeNull()
    expect(sakFromFragment('')).toBeNull()
  })
})

describe('the search form in the address', () => {
  it('leaves empty fields out and reads back what it wrote, Norwegian letters and all', () => {
    const form = { q: ' vedtak om årsmøtet ', organ: 'Brukerrådet', year: '', caseType: 'Drøfting' }
    const query = searchQueryString(form, 20)
    expect(query).toBe('q=vedtak+om+%C3%A5rsm%C3%B8tet&organ=Brukerr%C3%A5det&caseType=Dr%C3%B8fting&offset=20')
    expect(searchFormOf(query)).toEqual({ q: 'vedtak om årsmøtet', organ: 'Brukerrådet', year: '', caseType: 'Drøfting' })
  })
})
