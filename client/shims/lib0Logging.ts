/**
 * The part of lib0/logging that Yjs uses (print, warn and the style markers), straight to the
 * console: lib0's own module brings its environment detection, JSON and styling helpers (~0.6 KB
 * gzip on every meeting page's first render) for a handful of developer warnings. Aliased in
 * vite.config.ts; the style markers are dropped.
 */

export const BOLD = Symbol('bold')
export const UNBOLD = Symbol('unbold')
export const BLUE = Symbol('blue')
export const GREY = Symbol('grey')
export const GREEN = Symbol('green')
export const RED = Symbol('red')
export const PURPLE = Symbol('purple')
export const ORANGE = Symbol('orange')
export const UNCOLOR = Symbol('uncolor')

const text = (args: readonly unknown[]) => args.filter((arg) => typeof arg !== 'symbol')

export function print(...args: unknown[]): void {
  console.log(...text(args))
}

export function warn(...args: unknown[]): void {
  console.warn(...text(args))
}
