import { describe, expect, it } from 'vitest'
import { AccessChanges, parseAccessChange, type AccessChange } from '../../../../server/auth'

describe('AccessChanges', () => {
  it('applies a change here and publishes it; a remote change is applied and not published again', () => {
    const applied: AccessChange[] = []
    const published: AccessChange[] = []
    const access = new AccessChanges((change) => {
      applied.push(change)
      return 2
    })
    expect(access.announce({ kind: 'token', tokenId: 't1' })).toBe(2) // before a relay: only here
    access.publishWith((change) => published.push(change))
    access.announce({ kind: 'session', sessionId: 'a'.repeat(64) })
    access.applyRemote({ kind: 'links', meetingId: 'm1', roles: ['møteleder'] })
    expect(applied.map((c) => c.kind)).toEqual(['token', 'session', 'links'])
    expect(published).toEqual([{ kind: 'session', sessionId: 'a'.repeat(64) }])
  })
})

describe('parseAccessChange', () => {
  it('reads the three kinds, ignoring extra fields (the sender node)', () => {
    expect(parseAccessChange('{"kind":"token","tokenId":"abc_-1","from":"node-1"}')).toEqual({ kind: 'token', tokenId: 'abc_-1' })
    expect(parseAccessChange(JSON.stringify({ kind: 'session', sessionId: 'f'.repeat(64) }))).toEqual({ kind: 'session', sessionId: 'f'.repeat(64) })
    expect(parseAccessChange(JSON.stringify({ kind: 'links', meetingId: 'm-1', roles: ['møteleder', 'sekretær'] }))).toEqual({
      kind: 'links',
      meetingId: 'm-1',
      roles: ['møteleder', 'sekretær'],
    })
  })

  it('refuses anything else', () => {
    for (const text of [
      'not json',
      'null',
      '[]',
      '{"kind":"token"}',
      '{"kind":"token","tokenId":""}',
      '{"kind":"token","tokenId":"a b"}',
      `{"kind":"session","sessionId":"${'a'.repeat(129)}"}`,
      '{"kind":"links","meetingId":"m1","roles":["konge"]}',
      '{"kind":"links","meetingId":"../x","roles":[]}',
      '{"kind":"everything"}',
    ]) {
      expect(parseAccessChange(text), text).toBeNull()
    }
  })
})
