import v8 from 'node:v8'
import vm from 'node:vm'
import { log } from '../log'

/** Unloaded rooms after which a release is considered (fewer hold too little to matter). */
export const RELEASE_MIN_UNLOADED_ROOMS = 100
/** Quiet time after the last unload of a wave before the release runs, in milliseconds. */
export const RELEASE_QUIET_MS = 2000
/**
 * Time between the release's two collections, in milliseconds: the first frees the rooms' objects
 * (and so the native memory their finalizers release afterwards), the second compacts the heap
 * that is left, so that V8 can hand its emptied pages back.
 */
export const RELEASE_SECOND_PASS_MS = 1000

/**
 * Gives the memory of unloaded rooms back to the operating system after a wave of unloads (the
 * end of a day of meetings on a server that held hundreds): one full garbage collection once at
 * least RELEASE_MIN_UNLOADED_ROOMS rooms were unloaded and at most half of the most loaded since
 * the last release remain, RELEASE_QUIET_MS after the wave's last unload (and a second one
 * RELEASE_SECOND_PASS_MS later). Without it an idle
 * process keeps the garbage (V8 collects when JavaScript allocates, and an idle server does not)
 * and with it the pages of the heap.
 */
export class MemoryRelease {
  private peakRooms = 0
  private unloaded = 0
  private timer: NodeJS.Timeout | null = null

  /** `collect`: runs a full collection (default: V8's, see fullGarbageCollection). */
  constructor(private readonly collect: () => void = fullGarbageCollection) {}

  /** A room was loaded; `rooms` are loaded now. */
  loaded(rooms: number): void {
    this.peakRooms = Math.max(this.peakRooms, rooms)
  }

  /** A room was unloaded; `rooms` are loaded now. */
  unloadedOne(rooms: number): void {
    this.unloaded++
    if (this.unloaded < RELEASE_MIN_UNLOADED_ROOMS || rooms > this.peakRooms / 2) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.release(rooms), RELEASE_QUIET_MS)
    this.timer.unref()
  }

  /** Cancels a release that waits (shutdown). */
  destroy(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private release(rooms: number): void {
    this.timer = null
    const unloaded = this.unloaded
    this.unloaded = 0
    this.peakRooms = rooms
    const before = process.memoryUsage().rss
    this.collect()
    this.timer = setTimeout(() => {
      this.timer = null
      this.collect()
      log.info('released the memory of unloaded rooms', { unloaded, rssBeforeMiB: mib(before), rssAfterMiB: mib(process.memoryUsage().rss) })
    }, RELEASE_SECOND_PASS_MS)
    this.timer.unref()
  }
}

const mib = (bytes: number) => Math.round(bytes / 1048576)

/**
 * V8's `gc` function (the gc extension). Called without options: a full, synchronous collection.
 * (With an options object asking for a major synchronous one, Node 20's did not free an
 * unreferenced object in tests/unit/server/rooms/MemoryRelease.test.ts.)
 */
type GcFunction = () => void

let gc: GcFunction | null | undefined

/**
 * A full garbage collection: `global.gc` when node runs with --expose-gc, else the same function obtained by setting
 * V8's flag at run time (it only adds `gc` to contexts created afterwards). Does nothing when
 * neither works.
 */
export function fullGarbageCollection(): void {
  if (gc === undefined) gc = findGc()
  gc?.()
}

function findGc(): GcFunction | null {
  const global = (globalThis as { gc?: GcFunction }).gc
  if (typeof global === 'function') return global
  try {
    v8.setFlagsFromString('--expose-gc')
    const fn: unknown = vm.runInNewContext('gc')
    return typeof fn === 'function' ? (fn as GcFunction) : null
  } catch (err) {
    log.warn('no garbage collection on demand', { err })
    return null
  }
}
