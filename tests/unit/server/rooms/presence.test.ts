import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { ROLE_INFO } from '../../../../shared/auth'
import { MAX_PRESENCE_NAME_CHARS, bindEntryToActor, decodeAwarenessUpdate, encodeAwarenessUpdate } from '../../../../server/rooms'

describe('awareness update codec', () => {
  it('decodes and re-encodes y-protocols updates byte for byte', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc())
    awareness.setLocalState({ user: { name: 'Åse' }, cursor: { anchor: 1 } })
    const bytes = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID])
    const entries = decodeAwarenessUpdate(bytes)
    expect(entries).toEqual([{ clientID: awareness.clientID, clock: 1, state: { user: { name: 'Åse' }, cursor: { anchor: 1 } } }])
    expect(encodeAwarenessUpdate(entries)).toEqual(bytes)
    awareness.destroy()
  })

  it('encodes count, then clientID, clock and JSON state per entry', () => {
    const bytes = encodeAwarenessUpdate([
      { clientID: 5, clock: 2, state: null },
      { clientID: 300, clock: 1, state: { a: 1 } },
    ])
    // 2 entries; 5, 2, "null"; 300 = 0xac 0x02, 1, '{"a":1}'
    expect([...bytes]).toEqual([2, 5, 2, 4, ...Buffer.from('null'), 0xac, 0x02, 1, 7, ...Buffer.from('{"a":1}')])
    expect(decodeAwarenessUpdate(bytes)).toEqual([
      { clientID: 5, clock: 2, state: null },
      { clientID: 300, clock: 1, state: { a: 1 } },
    ])
  })

  it('throws for truncated bytes, bad JSON, non-object states and trailing bytes', () => {
    const good = encodeAwarenessUpdate([{ clientID: 1, clock: 1, state: { a: 1 } }])
    expect(() => decodeAwarenessUpdate(good.slice(0, -2))).toThrow()
    expect(() => decodeAwarenessUpdate(new Uint8Array([1, 1, 1, 3, ...Buffer.from('{x}')]))).toThrow()
    expect(() => decodeAwarenessUpdate(new Uint8Array([1, 1, 1, 2, ...Buffer.from('42')]))).toThrow()
    expect(() => decodeAwarenessUpdate(new Uint8Array([1, 1, 1, 2, ...Buffer.from('[]')]))).toThrow()
    expect(() => decodeAwarenessUpdate(new Uint8Array([...good, 0]))).toThrow()
  })
})

describe('bindEntryToActor', () => {
  const spoof = { user: { name: 'Møteleder X', role: 'møteleder', color: '#000000', verified: true }, cursor: null }

  it('gives a personal token its own name, role and colour, verified', () => {
    const actor = { tokenId: 't', role: 'medlem', name: 'Kari Medlem', org: 'KS' } as const
    expect(bindEntryToActor({ clientID: 1, clock: 1, state: spoof }, actor).state).toEqual({
      user: { name: 'Kari Medlem', role: 'medlem', color: ROLE_INFO.medlem.color, verified: true },
      cursor: null,
    })
  })

  it('lets a role invitation choose its name (trimmed, bounded, no control characters), unverified', () => {
    const actor = { tokenId: 't', role: 'observatør', name: null, org: null } as const
    const bind = (user: unknown) => bindEntryToActor({ clientID: 1, clock: 1, state: { user } }, actor).state!.user
    expect(bind(spoof.user)).toEqual({ name: 'Møteleder X', role: 'observatør', color: ROLE_INFO.observatør.color, verified: false })
    expect(bind({ name: '  Ola\n\u0000Nordmann  ' })).toMatchObject({ name: 'Ola  Nordmann' })
    expect((bind({ name: 'x'.repeat(500) }) as { name: string }).name).toHaveLength(MAX_PRESENCE_NAME_CHARS)
    expect(bind(undefined)).toMatchObject({ name: ROLE_INFO.observatør.label })
    expect(bind({ name: '   ' })).toMatchObject({ name: ROLE_INFO.observatør.label })
    expect(bind({ name: 42 })).toMatchObject({ name: ROLE_INFO.observatør.label })
  })

  it('leaves a removal (null state) alone', () => {
    const entry = { clientID: 1, clock: 3, state: null }
    expect(bindEntryToActor(entry, { tokenId: 't', role: 'medlem', name: null, org: null })).toBe(entry)
  })
})
