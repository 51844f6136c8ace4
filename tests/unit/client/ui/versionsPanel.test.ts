import { i18n } from '@lingui/core'
import { I18nProvider } from '@lingui/react'
import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup as renderMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DiffView } from '../../../../client/ui/DiffView'
import { MeetingStatusNote } from '../../../../client/ui/VersionsPanel'
import type { MinutesDiff } from '../../../../shared'
// The components read their words through Lingui (bokmål, tests/unit/i18nSetup.ts).
const renderToStaticMarkup = (element: ReactElement) => renderMarkup(createElement(I18nProvider, { i18n }, element))

const DIFF: MinutesDiff = {
  header: [],
  attendance: [],
  unchanged: false,
  saker: [
    {
      agendaItemId: 'sak-0001',
      number: '1/24',
      title: 'Budsjett',
      status: 'changed',
      sections: [
        {
          key: 'decision',
          label: 'Vedtak',
          status: 'changed',
          parts: [
            { kind: 'same', text: 'Rammen er ' },
            { kind: 'removed', text: '3' },
            { kind: 'added', text: '4' },
            { kind: 'same', text: ' mill.' },
          ],
        },
      ],
    },
  ],
}

describe('DiffView', () => {
  it('marks added and removed text with ins/del, a visible sign and words for screen readers', () => {
    const html = renderToStaticMarkup(createElement(DiffView, { diff: DIFF }))
    expect(html).toContain('Sak 1/24 Budsjett')
    expect(html).toContain('Vedtak')
    expect(html).toMatch(/<del class="diff-removed"><span class="visually-hidden">\[fjernet: <\/span><span class="diff-sign" aria-hidden="true">−<\/span>3/)
    expect(html).toMatch(/<ins class="diff-added"><span class="visually-hidden">\[lagt til: <\/span><span class="diff-sign" aria-hidden="true">\+<\/span>4/)
  })

  it('says so when nothing differs', () => {
    const html = renderToStaticMarkup(createElement(DiffView, { diff: { header: [], attendance: [], saker: [], unchanged: true } }))
    expect(html).toContain('Ingen forskjeller.')
  })
})

describe('MeetingStatusNote', () => {
  const closed = { closedAt: '2024-01-01T15:00:00Z', closedBy: null, commentDeadline: '2024-01-03T15:00:00Z' }
  const render = (state: typeof closed & Record<string, unknown>, nowMs: number) =>
    renderToStaticMarkup(createElement(MeetingStatusNote, { state, nowMs }))

  it('shows the comment deadline, then that it has passed, then the approval', () => {
    expect(render(closed, Date.parse('2024-01-02T10:00:00Z'))).toContain('Merknadsfrist:')
    expect(render(closed, Date.parse('2024-01-04T10:00:00Z'))).toContain('Merknadsfristen er ute')
    const approved = render({ ...closed, approvedAt: '2024-02-01T10:00:00Z', approvedInMeeting: 'møte 2/2024' }, Date.parse('2024-02-02T10:00:00Z'))
    expect(approved).toContain('Godkjent')
    expect(approved).toContain('i møte 2/2024')
    expect(render({ closedAt: null, closedBy: null, commentDeadline: null } as never, 0)).toBe('')
  })
})
