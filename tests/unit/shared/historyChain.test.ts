import { describe, expect, it } from 'vitest'
import {
  CHAIN_BREAKS,
  ChainVerifier,
  GENESIS_HASH,
  canonicalEventJson,
  chainEvent,
  historyEventHash,
  verifyHistoryChain,
  type HistoryDraft,
  type HistoryEvent,
} from '../../../shared/record'

const MEETING = 'mote-2023-3'
const chair = { role: 'møteleder', name: 'Áile Čoarvi', verified: true, tokenId: 't1', issuer: 'https://idp.example', subject: 's-1' } as const

function draft(i: number): HistoryDraft {
  return { meetingId: MEETING, at: `2023-10-04T09:0${i}:00.000Z`, actor: chair, kind: 'decision-confirmed', details: { sakId: `sak-${i}`, textSha256: 'ab'.repeat(32) } }
}

/** A valid chain of `n` events. */
function chain(n: number): HistoryEvent[] {
  const events: HistoryEvent[] = []
  for (let i = 1; i <= n; i++) events.push(chainEvent(draft(i), events.at(-1) ?? null))
  return events
}

const head = (events: HistoryEvent[]) => ({ seq: events.at(-1)!.seq, hash: events.at(-1)!.hash })

describe('canonicalEventJson', () => {
  it('sorts keys by code unit, leaves out undefined members and writes no white space', () => {
    expect(canonicalEventJson({ b: 1, a: [true, null, 'ø'], c: undefined, B: { z: 'x', y: -2 } })).toBe('{"B":{"y":-2,"z":"x"},"a":[true,null,"ø"],"b":1}')
  })

  it('refuses numbers that are not safe integers', () => {
    expect(() => canonicalEventJson({ a: 1.5 })).toThrow(TypeError)
  })
})

describe('chainEvent and historyEventHash', () => {
  it('numbers events from 1 and links each to the previous hash', () => {
    const events = chain(3)
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3])
    expect(events[0].prevHash).toBe(GENESIS_HASH)
    expect(events[1].prevHash).toBe(events[0].hash)
    expect(events[2].prevHash).toBe(events[1].hash)
    expect(events[0].hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('is the documented SHA-256 over the canonical JSON (a known answer)', () => {
    const event = chainEvent(
      { meetingId: 'm1', at: '2024-01-01T00:00:00.000Z', actor: { role: 'admin', name: null, verified: false }, kind: 'token-minted', details: { tokenId: 'abc', role: 'medlem' } },
      null,
    )
    // Computed independently: printf '%s' '<canonical>' | sha256sum
    expect(canonicalEventJson({ ...event, hash: undefined } as never)).toBe(
      '{"actor":{"name":null,"role":"admin","verified":false},"at":"2024-01-01T00:00:00.000Z","details":{"role":"medlem","tokenId":"abc"},"kind":"token-minted","meetingId":"m1","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","seq":1}',
    )
    expect(event.hash).toBe('70f826fcc013d35491cf9b9d12bf70c11636611f5050f1154bb4fca1ec173b43')
  })

  it('does not depend on the order of keys in the event', () => {
    const [event] = chain(1)
    const reordered = { hash: event.hash, details: { textSha256: event.details.textSha256, sakId: event.details.sakId }, kind: event.kind, prevHash: event.prevHash, seq: 1, actor: event.actor, at: event.at, meetingId: MEETING }
    expect(historyEventHash(reordered)).toBe(event.hash)
  })
})

describe('verifyHistoryChain', () => {
  it('accepts an intact chain and an empty one', () => {
    const events = chain(4)
    expect(verifyHistoryChain(MEETING, events, head(events))).toEqual({ ok: true, events: 4, head: head(events) })
    expect(verifyHistoryChain(MEETING, [], null)).toEqual({ ok: true, events: 0, head: null })
  })

  it('finds a changed event', () => {
    const events = chain(4)
    events[1] = { ...events[1], details: { ...events[1].details, textSha256: 'cd'.repeat(32) } }
    expect(verifyHistoryChain(MEETING, events, head(events))).toMatchObject({ ok: false, brokenAt: 2, code: CHAIN_BREAKS.changed })
  })

  it('finds a changed actor (a verified mark added afterwards)', () => {
    const events = chain(2)
    events[0] = { ...events[0], actor: { ...events[0].actor, name: 'Noen andre' } }
    expect(verifyHistoryChain(MEETING, events)).toMatchObject({ ok: false, brokenAt: 1, code: CHAIN_BREAKS.changed })
  })

  it('finds a deleted event in the middle', () => {
    const events = chain(4)
    events.splice(1, 1)
    expect(verifyHistoryChain(MEETING, events, head(chain(4)))).toMatchObject({ ok: false, brokenAt: 2, code: CHAIN_BREAKS.missing })
  })

  it('finds a deleted event renumbered to close the gap (its successor no longer links)', () => {
    const events = chain(4)
    events.splice(1, 1)
    const renumbered = events.map((e, i) => ({ ...e, seq: i + 1 }))
    // Renumbering changes what seq 2 hashes to; re-hashing it as well still breaks the link.
    renumbered[1] = { ...renumbered[1], hash: historyEventHash(renumbered[1]) }
    expect(verifyHistoryChain(MEETING, renumbered)).toMatchObject({ ok: false, brokenAt: 2, code: CHAIN_BREAKS.link })
  })

  it('finds the last event deleted, against the recorded head', () => {
    const events = chain(3)
    expect(verifyHistoryChain(MEETING, events.slice(0, 2), head(events))).toMatchObject({ ok: false, brokenAt: 3, code: CHAIN_BREAKS.missing })
    expect(verifyHistoryChain(MEETING, [], head(events))).toMatchObject({ ok: false, brokenAt: 1, code: CHAIN_BREAKS.missing })
  })

  it('finds two events swapped', () => {
    const events = chain(3)
    const swapped = [events[0], { ...events[2], seq: 2 }, { ...events[1], seq: 3 }]
    expect(verifyHistoryChain(MEETING, swapped)).toMatchObject({ ok: false, brokenAt: 2, code: CHAIN_BREAKS.changed })
    expect(verifyHistoryChain(MEETING, [events[0], events[2], events[1]])).toMatchObject({ ok: false, brokenAt: 2, code: CHAIN_BREAKS.missing })
  })

  it('finds an inserted event, even one hashed correctly, by the link after it', () => {
    const events = chain(3)
    const forged = chainEvent({ ...draft(9), kind: 'flag-raised', details: { flagId: 'x' } }, head(events.slice(0, 1)))
    const shifted = [events[0], forged, ...events.slice(1).map((e) => ({ ...e, seq: e.seq + 1 }))]
    const check = verifyHistoryChain(MEETING, shifted)
    expect(check).toMatchObject({ ok: false, brokenAt: 3 })
  })

  it('finds a duplicated event and one of another meeting', () => {
    const events = chain(2)
    expect(verifyHistoryChain(MEETING, [events[0], events[0], events[1]])).toMatchObject({ ok: false, brokenAt: 2, code: CHAIN_BREAKS.order })
    expect(verifyHistoryChain('annet-mote', events)).toMatchObject({ ok: false, brokenAt: 1, code: CHAIN_BREAKS.meeting })
  })

  it('finds a head that does not match the last event', () => {
    const events = chain(2)
    expect(verifyHistoryChain(MEETING, events, { seq: 2, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, brokenAt: 2, code: CHAIN_BREAKS.head })
  })

  it('reads in pages: the verifier keeps its place between calls and stops at the first break', () => {
    const events = chain(5)
    const verifier = new ChainVerifier(MEETING)
    for (const e of events.slice(0, 2)) expect(verifier.add(e)).toBeNull()
    expect(verifier.add({ ...events[2], hash: '0'.repeat(64) })).toMatchObject({ brokenAt: 3 })
    expect(verifier.add(events[3])).toMatchObject({ brokenAt: 3 })
    expect(verifier.finish(head(events))).toMatchObject({ ok: false, brokenAt: 3 })
  })
})
