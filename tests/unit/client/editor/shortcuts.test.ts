import { describe, expect, it } from 'vitest'
import { SHORTCUTS, ariaKeyShortcuts, formatKeys, keyParts, keysFor } from '../../../../client/editor/shortcuts'

describe('SHORTCUTS', () => {
  it('binds each key combination once', () => {
    const keys = SHORTCUTS.map((s) => s.keys.toLowerCase())
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('avoids Ctrl+Alt combinations (AltGr on a Norwegian keyboard) and browser-reserved keys', () => {
    for (const { keys } of SHORTCUTS) {
      const parts = keys.toLowerCase().split('-')
      const ctrl = parts.includes('mod') || parts.includes('ctrl')
      expect(ctrl && parts.includes('alt'), keys).toBe(false)
      if (ctrl && parts.includes('shift')) expect(['n', 't', 'w', 'i', 'j', 'c']).not.toContain(parts.at(-1))
    }
  })

  it('formats keys for people and for aria-keyshortcuts', () => {
    expect(formatKeys(keysFor('newAgendaItem'), false)).toBe('Ctrl+Shift+Enter')
    expect(keyParts('Mod-/', true)).toEqual(['⌘', '/'])
    expect(keyParts('Alt-PageDown', false)).toEqual(['Alt', 'Page Down'])
    expect(ariaKeyShortcuts('Alt-Shift-n', false)).toBe('Alt+Shift+N')
  })
})
