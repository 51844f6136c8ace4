import { useEffect, useState } from 'react'
import * as Y from 'yjs'

/** One top-level block of the minutes (the header, the attendance, a sak) and how often it changed. */
export interface MinutesBlock {
  readonly element: Y.XmlElement
  /** Stable per element for React's key. */
  readonly key: number
  /** Bumped on every change inside the block: a memoised block renders again only then. */
  readonly version: number
}

/** The top-level element `target` sits in (an event's target, a caret's text), or null for the fragment itself. */
export function topLevelOf(fragment: Y.XmlFragment, target: Y.AbstractType<unknown>): Y.XmlElement | null {
  let at: Y.AbstractType<unknown> | null = target
  while (at && at.parent !== fragment) at = at.parent as Y.AbstractType<unknown> | null
  return at instanceof Y.XmlElement ? at : null
}

/**
 * Keys and versions of a fragment's top-level blocks: `noteChanges` (with `observeDeep`'s
 * events) bumps the version of each block a change happened in, `blocks` lists them now.
 */
export class BlockTracker {
  private readonly keys = new WeakMap<Y.XmlElement, number>()
  private readonly versions = new WeakMap<Y.XmlElement, number>()
  private nextKey = 0

  constructor(private readonly fragment: Y.XmlFragment) {}

  noteChanges(events: readonly Y.YEvent<Y.AbstractType<unknown>>[]): void {
    for (const event of events) {
      const block = event.target === this.fragment ? null : topLevelOf(this.fragment, event.target)
      if (block) this.versions.set(block, (this.versions.get(block) ?? 0) + 1)
    }
  }

  blocks(): MinutesBlock[] {
    const out: MinutesBlock[] = []
    for (const child of this.fragment.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      let key = this.keys.get(child)
      if (key === undefined) {
        key = this.nextKey++
        this.keys.set(child, key)
      }
      out.push({ element: child, key, version: this.versions.get(child) ?? 0 })
    }
    return out
  }
}

/**
 * The minutes' top-level blocks, kept current from `observeDeep`: a keystroke of the secretary
 * bumps the version of the one block it changed, so only that block renders again.
 */
export function useMinutesBlocks(fragment: Y.XmlFragment): readonly MinutesBlock[] {
  const [tracker] = useState(() => new BlockTracker(fragment))
  const [blocks, setBlocks] = useState(() => tracker.blocks())
  useEffect(() => {
    const handleChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      tracker.noteChanges(events)
      setBlocks(tracker.blocks())
    }
    // What arrived between the first render and this effect.
    setBlocks(tracker.blocks())
    fragment.observeDeep(handleChange)
    return () => fragment.unobserveDeep(handleChange)
  }, [fragment, tracker])
  return blocks
}
