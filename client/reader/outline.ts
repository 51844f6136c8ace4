import { useLingui } from '@lingui/react'
import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { t } from '../i18n'
import { nodeDef } from '../../shared/schema'
import type { AgendaListItem } from '../ui/AgendaList'

/** The meeting's heading and its saker as the reader's header and Saksliste show them. */
export interface MinutesOutline {
  readonly title: string
  readonly subtitle: string
  readonly items: readonly AgendaListItem[]
}

/** The text of a textblock (its runs joined; marks and hard breaks add nothing). */
export function plainText(element: Y.XmlElement): string {
  let out = ''
  for (const child of element.toArray()) {
    if (!(child instanceof Y.XmlText)) continue
    for (const op of child.toDelta() as { insert: unknown }[]) if (typeof op.insert === 'string') out += op.insert
  }
  return out
}

/** An attribute as stored when its validator accepts it and it is a non-empty string, else null. */
function attr(element: Y.XmlElement, key: string): string | null {
  const def = nodeDef(element.nodeName)?.attrs?.[key]
  const value = element.getAttribute(key) as unknown
  return def && typeof value === 'string' && value !== '' && def.validate(value) ? value : null
}

function headingOf(header: Y.XmlElement | undefined): Pick<MinutesOutline, 'title' | 'subtitle'> {
  const field = (name: string) => {
    const found = header?.toArray().find((f) => f instanceof Y.XmlElement && f.nodeName === name)
    return found instanceof Y.XmlElement ? plainText(found).trim() : ''
  }
  if (!header || header.nodeName !== 'meetingHeader') return { title: t('common.document.title'), subtitle: '' }
  const number = field('meetingNumber')
  return {
    title: field('meetingTitle') || t('common.document.title'),
    subtitle: [number && t('common.reader.meetingNumber', { number }), field('meetingDate')].filter(Boolean).join(', '),
  }
}

/** Heading and Saksliste of the minutes (as MeetingView and AgendaNav read them from the editor), in the interface language. */
export function outlineOf(fragment: Y.XmlFragment): MinutesOutline {
  const blocks = fragment.toArray().filter((b): b is Y.XmlElement => b instanceof Y.XmlElement)
  const items: AgendaListItem[] = []
  for (const block of blocks) {
    if (block.nodeName !== 'agendaItem' && block.nodeName !== 'otherBusiness') continue
    const title = block.toArray()[0]
    items.push({
      id: attr(block, 'id'),
      number: attr(block, 'number'),
      prefix: attr(block, 'prefix'),
      title: title instanceof Y.XmlElement ? plainText(title) : '',
      caseType: attr(block, 'caseType'),
      timing: {
        plannedStart: attr(block, 'plannedStart'),
        plannedEnd: attr(block, 'plannedEnd'),
        startedAt: attr(block, 'startedAt'),
        endedAt: attr(block, 'endedAt'),
      },
    })
  }
  return { ...headingOf(blocks[0]), items }
}

/** The outline, kept current (and read again in a new interface language); a change that leaves it as it was does not render again. */
export function useOutline(fragment: Y.XmlFragment): MinutesOutline {
  const locale = useLingui().i18n.locale
  const [outline, setOutline] = useState(() => ({ value: outlineOf(fragment), json: '' }))
  useEffect(() => {
    const update = () => {
      const value = outlineOf(fragment)
      const json = JSON.stringify(value)
      setOutline((prev) => (prev.json === json ? prev : { value, json }))
    }
    update()
    fragment.observeDeep(update)
    return () => fragment.unobserveDeep(update)
  }, [fragment, locale])
  return outline.value
}
