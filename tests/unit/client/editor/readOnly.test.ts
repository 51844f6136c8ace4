import { describe, expect, it } from 'vitest'
import { blocksKeyWhenReadOnly } from '../../../../client/editor/readOnly'
import { keysFor, matchesShortcut } from '../../../../client/editor/shortcuts'

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
  key: k,
  code: /^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
})

describe('blocksKeyWhenReadOnly', () => {
  it('lets the caret move, the focus leave and text be copied', () => {
    for (const k of ['ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageDown', 'Tab', 'Escape', 'Shift', 'F6']) {
      expect(blocksKeyWhenReadOnly(key(k)), k).toBe(false)
    }
    expect(blocksKeyWhenReadOnly(key('c', { ctrlKey: true }))).toBe(false)
    expect(blocksKeyWhenReadOnly(key('a', { metaKey: true }))).toBe(false)
  })

  it('blocks typing, deleting, Enter, paste, cut, undo and formatting', () => {
    for (const k of ['a', 'Å', ' ', 'Enter', 'Backspace', 'Delete']) expect(blocksKeyWhenReadOnly(key(k)), k).toBe(true)
    for (const k of ['v', 'x', 'z', 'y', 'b', 'i']) expect(blocksKeyWhenReadOnly(key(k, { ctrlKey: true })), k).toBe(true)
    expect(blocksKeyWhenReadOnly(key('Enter', { ctrlKey: true, shiftKey: true }))).toBe(true)
  })
})

describe('matchesShortcut', () => {
  it('matches the flag shortcut by key or by physical key (Option changes the character on a Mac)', () => {
    const keys = keysFor('flagPassage')
    expect(matchesShortcut(key('F', { altKey: true, shiftKey: true }), keys, false)).toBe(true)
    expect(matchesShortcut({ ...key('Ï', { altKey: true, shiftKey: true }), code: 'KeyF' }, keys, true)).toBe(true)
    expect(matchesShortcut(key('f', { altKey: true }), keys, false)).toBe(false)
    expect(matchesShortcut(key('f', { altKey: true, shiftKey: true, ctrlKey: true }), keys, false)).toBe(false)
  })

  it('matches Mod-/ also when "/" needs Shift (Norwegian keyboard)', () => {
    expect(matchesShortcut(key('/', { ctrlKey: true, shiftKey: true }), 'Mod-/', false)).toBe(true)
    expect(matchesShortcut(key('/', { metaKey: true }), 'Mod-/', true)).toBe(true)
    expect(matchesShortcut(key('/', { metaKey: true }), 'Mod-/', false)).toBe(false)
  })
})
