import * as Y from 'yjs'

/**
 * Pure bookkeeping of what the server has durably stored, compared with the local document.
 *
 * "Lagret" is a promise to the secretary, so it is computed from facts only: the `saved`
 * snapshots the server sends (state vector + delete set of its stored document) and the updates
 * it relays to us (relay happens after store, so anything we received from the server is stored).
 */

/** Delete ranges per client: sorted, non-overlapping `[clock, len]` pairs. */
type Ranges = ReadonlyArray<readonly [number, number]>

/** What we know the server has stored. Immutable. */
export interface ConfirmedState {
  /** Highest stored clock + 1 per client (a Yjs state vector). */
  readonly sv: ReadonlyMap<number, number>
  /** Stored deletions per client. */
  readonly ds: ReadonlyMap<number, Ranges>
}

/** Nothing is known to be stored yet. */
export const NOTHING_CONFIRMED: ConfirmedState = { sv: new Map(), ds: new Map() }

function rangesOf(ds: Y.Snapshot['ds']): Map<number, Ranges> {
  const out = new Map<number, Ranges>()
  for (const [client, items] of ds.clients) {
    out.set(client, normalize(items.map((item) => [item.clock, item.len] as const)))
  }
  return out
}

/** Sorts ranges and merges overlapping or adjacent ones. */
function normalize(ranges: Ranges): Ranges {
  const sorted = ranges.filter(([, len]) => len > 0).sort((a, b) => a[0] - b[0])
  const out: [number, number][] = []
  for (const [clock, len] of sorted) {
    const last = out[out.length - 1]
    if (last && clock <= last[0] + last[1]) {
      last[1] = Math.max(last[1], clock + len - last[0])
    } else {
      out.push([clock, len])
    }
  }
  return out
}

/** True when the range `[clock, clock + len)` lies inside one of the normalized `ranges`. */
function rangeCovered(ranges: Ranges | undefined, clock: number, len: number): boolean {
  if (!ranges) return false
  return ranges.some(([c, l]) => c <= clock && clock + len <= c + l)
}

/**
 * True when everything in `local` is contained in `stored`: every client's clock in the local
 * state vector is ≤ the stored one, and every local deletion range is covered by a stored one.
 * A deletion-only edit therefore counts as not stored until the server's delete set has it.
 */
export function isContainedIn(local: Y.Snapshot, stored: ConfirmedState): boolean {
  for (const [client, clock] of local.sv) {
    if (clock > (stored.sv.get(client) ?? 0)) return false
  }
  for (const [client, items] of local.ds.clients) {
    const storedRanges = stored.ds.get(client)
    for (const item of items) {
      if (item.len > 0 && !rangeCovered(storedRanges, item.clock, item.len)) return false
    }
  }
  return true
}

function mergeDs(a: ReadonlyMap<number, Ranges>, b: ReadonlyMap<number, Ranges>): Map<number, Ranges> {
  const out = new Map(a)
  for (const [client, ranges] of b) out.set(client, normalize([...(out.get(client) ?? []), ...ranges]))
  return out
}

/**
 * Adds a server `saved` snapshot to what we know is stored. Stored state only grows, so this is a
 * union (a snapshot that arrives late never makes us forget a newer one).
 */
export function confirmSnapshot(confirmed: ConfirmedState, snapshot: Y.Snapshot): ConfirmedState {
  const sv = new Map(confirmed.sv)
  for (const [client, clock] of snapshot.sv) sv.set(client, Math.max(clock, sv.get(client) ?? 0))
  return { sv, ds: mergeDs(confirmed.ds, rangesOf(snapshot.ds)) }
}

/**
 * Adds an update the server relayed to us (it stores before it relays). Its structs extend a
 * client's confirmed clock only where they connect to it: a gap would claim that structs we
 * have never seen confirmed are stored.
 */
export function confirmRelayedUpdate(confirmed: ConfirmedState, update: Uint8Array): ConfirmedState {
  const { from, to } = Y.parseUpdateMeta(update)
  const sv = new Map(confirmed.sv)
  for (const [client, end] of to) {
    const known = sv.get(client) ?? 0
    if ((from.get(client) ?? 0) <= known) sv.set(client, Math.max(end, known))
  }
  const { ds } = Y.decodeUpdate(update)
  return { sv, ds: mergeDs(confirmed.ds, rangesOf(ds)) }
}

/** True when the local document holds anything the server is not known to have stored. */
export function hasPendingChanges(doc: Y.Doc, confirmed: ConfirmedState): boolean {
  return !isContainedIn(Y.snapshot(doc), confirmed)
}
