import { useState } from 'react'

/**
 * `fn` remembering its last call: called again with the same arguments (by identity) it returns
 * the same result without running. The editor's state selectors run on every transaction, remote
 * carets included; keyed on `state.doc` (immutable, the same object while the document did not
 * change) they cost nothing for those, and the equality check sees the same object.
 */
export function lastCall<A extends readonly unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | null = null
  let lastResult: R
  return (...args: A): R => {
    if (lastArgs && lastArgs.length === args.length && lastArgs.every((a, i) => a === args[i])) return lastResult
    lastResult = fn(...args)
    lastArgs = args
    return lastResult
  }
}

/** `lastCall(fn)`, one per component instance. */
export function useLastCall<A extends readonly unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const [memo] = useState(() => lastCall(fn))
  return memo
}
