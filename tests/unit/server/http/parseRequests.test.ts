import { describe, expect, it } from 'vitest'
import {
  ApiError,
  parseCloseMeetingRequest,
  parseConfirmDecisionRequest,
  parseCreateFlagRequest,
  parseCreateTokenRequest,
  parseDecideFlagRequest,
  refuseForeignIdentity,
  safeReturnTo,
} from '../../../../server/http'

const actor = { tokenId: 'tok-a', role: 'medlem', name: 'Kari Medlem', org: 'KS' } as const

function apiError(fn: () => unknown): ApiError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected an ApiError')
}

describe('refuseForeignIdentity', () => {
  it('refuses a body naming another author with 403 and the field', () => {
    for (const body of [
      { author: { tokenId: 'tok-b', name: 'Per Medlem' } },
      { author: 'Per Medlem' },
      { authorName: 'Per Medlem' },
      { authorTokenId: 'tok-b' },
      { by: { role: 'møteleder' } },
      { role: 'møteleder' },
      { name: null },
    ]) {
      const err = apiError(() => refuseForeignIdentity(body, actor))
      expect(err.status, JSON.stringify(body)).toBe(403)
      expect(err.field).toBe(Object.keys(body)[0])
    }
  })

  it('ignores claims equal to the token and bodies without claims', () => {
    refuseForeignIdentity({ author: { tokenId: 'tok-a', name: 'Kari Medlem' }, authorName: 'Kari Medlem', comment: 'x' }, actor)
    refuseForeignIdentity({ comment: 'x' }, actor)
    refuseForeignIdentity(null, actor)
  })
})

describe('request parsers', () => {
  it('reads a token request with defaults and names bad fields', () => {
    expect(parseCreateTokenRequest({ role: 'medlem', name: ' Kari ', org: '' })).toEqual({
      role: 'medlem',
      name: 'Kari',
      org: null,
      days: 30,
      personEmail: null,
      personSubject: null,
    })
    expect(apiError(() => parseCreateTokenRequest({ role: 'admin' })).field).toBe('role')
    expect(apiError(() => parseCreateTokenRequest({ role: 'medlem', expiresInDays: 400 })).field).toBe('expiresInDays')
    expect(apiError(() => parseCreateTokenRequest({ role: 'medlem', name: 'a\u0000b' })).field).toBe('name')
    expect(apiError(() => parseCreateTokenRequest([])).field).toBe('body')
  })

  it('reads a personal invitation: an e-mail (lower-cased) or a subject, not both', () => {
    expect(parseCreateTokenRequest({ role: 'medlem', email: ' Kari@Kommune.NO ' })).toMatchObject({ personEmail: 'kari@kommune.no', personSubject: null })
    expect(parseCreateTokenRequest({ role: 'medlem', subject: 'AbC-123' })).toMatchObject({ personEmail: null, personSubject: 'AbC-123' })
    expect(apiError(() => parseCreateTokenRequest({ role: 'medlem', email: 'kari' })).field).toBe('email')
    expect(apiError(() => parseCreateTokenRequest({ role: 'medlem', email: 'a@b c' })).field).toBe('email')
    expect(apiError(() => parseCreateTokenRequest({ role: 'medlem', email: 'a@b.no', subject: 's' })).field).toBe('subject')
    expect(apiError(() => parseCreateTokenRequest({ role: 'medlem', subject: 's'.repeat(255) })).field).toBe('subject')
  })

  it('accepts only a same-origin path as returnTo', () => {
    expect(safeReturnTo('/m/abc?x=1#y')).toBe('/m/abc?x=1#y')
    for (const bad of [null, '', 'm/abc', '//evil.example', '/\\evil.example', 'https://evil.example/', '/a\nb', '/a\\b', `/${'a'.repeat(2001)}`]) {
      expect(safeReturnTo(bad)).toBe('/')
    }
  })

  it('reads a flag request', () => {
    const flag = parseCreateFlagRequest({ agendaItemId: 'abc', anchor: { start: 'AQI=', end: 'AwQ=' }, quote: 'q', comment: ' Rett dette\n' })
    expect(flag).toEqual({ agendaItemId: 'abc', anchor: { start: 'AQI=', end: 'AwQ=' }, quote: 'q', comment: 'Rett dette', proposedText: null, nameMe: false })
    expect(apiError(() => parseCreateFlagRequest({ anchor: { start: 'AQI=', end: 'AwQ=' }, comment: '' })).field).toBe('comment')
    expect(apiError(() => parseCreateFlagRequest({ anchor: { start: '<', end: 'AwQ=' }, comment: 'x' })).field).toBe('anchor')
    expect(apiError(() => parseCreateFlagRequest({ anchor: { start: 'AQI=', end: 'AwQ=' }, comment: 'x'.repeat(4001) })).field).toBe('comment')
  })

  it('reads decisions, confirmations and closing', () => {
    expect(parseDecideFlagRequest({ status: 'accepted', reply: '' })).toEqual({ status: 'accepted', reply: null })
    expect(apiError(() => parseDecideFlagRequest({ status: 'open' })).field).toBe('status')
    expect(parseConfirmDecisionRequest({ agendaItemId: 'a1', textHash: 'a'.repeat(64) })).toEqual({ agendaItemId: 'a1', textHash: 'a'.repeat(64) })
    expect(apiError(() => parseConfirmDecisionRequest({ agendaItemId: 'a1', textHash: 'A'.repeat(64) })).field).toBe('textHash')
    const now = Date.UTC(2024, 0, 1)
    expect(parseCloseMeetingRequest({ commentDeadline: null }, now)).toEqual({ commentDeadline: null })
    expect(parseCloseMeetingRequest({ commentDeadline: '2024-01-08T12:00:00+01:00' }, now)).toEqual({ commentDeadline: '2024-01-08T11:00:00.000Z' })
    expect(apiError(() => parseCloseMeetingRequest({ commentDeadline: '2023-12-31T00:00:00Z' }, now)).field).toBe('commentDeadline')
    expect(apiError(() => parseCloseMeetingRequest({ commentDeadline: 'snart' }, now)).field).toBe('commentDeadline')
  })
})
