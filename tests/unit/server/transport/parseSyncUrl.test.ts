import { describe, expect, it } from 'vitest'
import { parseSyncUrl } from '../../../../server/transport'

describe('parseSyncUrl', () => {
  it('reads the docName, the schema version and the saved flag', () => {
    expect(parseSyncUrl('/sync/abc_DEF-123?v=2&saved=1&token=a.b')).toEqual({
      kind: 'sync',
      docName: 'abc_DEF-123',
      meetingId: 'abc_DEF-123',
      token: 'a.b',
      clientVersion: 2,
      wantsSaved: true,
    })
    expect(parseSyncUrl('/sync/abc')).toEqual({
      kind: 'sync',
      docName: 'abc',
      meetingId: 'abc',
      token: null,
      clientVersion: null,
      wantsSaved: false,
    })
  })

  it('reads the register of a meeting', () => {
    expect(parseSyncUrl('/sync/abc/register?token=x')).toMatchObject({ kind: 'sync', docName: 'abc/register', meetingId: 'abc', token: 'x' })
    expect(parseSyncUrl('/sync/abc/register?token=')).toMatchObject({ token: null })
  })

  it('ignores a version that is not a number', () => {
    expect(parseSyncUrl('/sync/abc?v=x')).toMatchObject({ clientVersion: null })
    expect(parseSyncUrl('/sync/abc?v=')).toMatchObject({ clientVersion: null })
  })

  it('tells bad document names from other paths', () => {
    for (const url of ['/sync/', '/sync/a/b', '/sync//register', '/sync/a/register/x', '/sync/a.b/register', '/sync/a.b', '/sync/%41', `/sync/${'a'.repeat(65)}`]) {
      expect(parseSyncUrl(url), url).toEqual({ kind: 'badDocName' })
    }
    expect(parseSyncUrl('/other/abc')).toEqual({ kind: 'notSync' })
    expect(parseSyncUrl(undefined)).toEqual({ kind: 'notSync' })
  })
})
