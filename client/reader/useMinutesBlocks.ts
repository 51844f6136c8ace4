import { useEffect, useRef, useState } from 'react'
import * as Y from 'yjs'

/** One top-level block of the minutes (the header, the attendance, a sak) and how often it changed. */
export interface MinutesBlock {
  readonly element: Y.XmlElement
  /** Stable per element for React's key. */
  readonly key: number
  /** Bumped on every change inside the block: a memoised block renders again only then. */
  readonly version: number
}

interface Tracking {
  readonly keys: WeakMap<Y.XmlElement, number>
  readonly versions: WeakMap<Y.XmlElement, number>
  nextKey: number
}

function blocksOf(fragment: Y.XmlFragment, tracking: Tracking): MinutesBlock[] {
  const out: MinutesBlock[] = []
  for (const child of fragment.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue
    let key = tracking.keys.get(child)
    if (key === undefined) {
      key = tracking.nextKey++
      tracking.keys.set(child, key)
    }
    out.push({ element: child, key, version: tracking.versions.get(child) ?? 0 })
  }
  return out
}

/** The top-level element an event happened in, or null for a change of the fragment's own list. */
function topLevelOf(fragment: Y.XmlFragment, target: Y.AbstractType<unknown>): Y.XmlElement | null {
  let at: Y.AbstractType<unknown> | null = target
  while (at && at.parent !== fragment) at = at.parent as Y.AbstractType<unknown> | null
  return at instanceof Y.XmlElement ? at : null
}

/**
 * The minutes' top-level blocks, kept current from `observeDeep`: a keystroke of the secretary
 * bumps the version of the one block it changed, so only that block renders again.
 */
export function useMinutesBlocks(fragment: Y.XmlFragment): readonly MinutesBlock[] {
  const tracking = useRef<Tracking>({ keys: new WeakMap(), versions: new WeakMap(), nextKey: 0 }).current
  const [blocks, setBlocks] = useState(() => blocksOf(fragment, tracking))
  useEffect(() => {
    const handleChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      for (const event of events) {
        const block = event.target === fragment ? null : topLevelOf(fragment, event.target)
        if (block) tracking.versions.set(block, (tracking.versions.get(block) ?? 0) + 1)
      }
      setBlocks(blocksOf(fragment, tracking))
    }
    // What arrived between the first render and this effect.
    setBlocks(blocksOf(fragment, tracking))
    fragment.observeDeep(handleChange)
    return () => fragment.unobserveDeep(handleChange)
  }, [fragment, tracking])
  return blocks
}
