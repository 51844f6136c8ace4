import { describe, expect, it } from 'vitest'
import { filenameFrom } from '../../../../client/ui/ExportPanel'

describe('filenameFrom', () => {
  it('prefers the UTF-8 filename* of the server\'s Content-Disposition', () => {
    expect(filenameFrom(`attachment; filename="referat-Mote-4.md"; filename*=UTF-8''referat-M%C3%B8te-4.md`, 'referat.md')).toBe('referat-Møte-4.md')
  })
  it('falls back to the ASCII filename, then to the default', () => {
    expect(filenameFrom('attachment; filename="referat-3-2023.pdf"', 'referat.pdf')).toBe('referat-3-2023.pdf')
    expect(filenameFrom(`attachment; filename="a.pdf"; filename*=UTF-8''%E0%A4%A`, 'referat.pdf')).toBe('a.pdf')
    expect(filenameFrom(null, 'referat.pdf')).toBe('referat.pdf')
  })
  it('never returns a path', () => {
    expect(filenameFrom(`attachment; filename*=UTF-8''..%2Fetc%2Fpasswd`, 'x')).toBe('..-etc-passwd')
  })
})
