import { memo, useEffect, useMemo, useState, type Ref } from 'react'
import type * as Y from 'yjs'
import type { Confirmation } from '../../shared'
import { useT, type Language } from '../i18n'
import { caretsOfBlock, type CaretsByText } from './remoteCarets'
import { renderNode } from './renderMinutes'
import { useMinutesBlocks } from './useMinutesBlocks'

interface BlockProps {
  readonly element: Y.XmlElement
  readonly fragment: Y.XmlFragment
  readonly confirmations: ReadonlyMap<string, Confirmation>
  readonly carets: CaretsByText
  readonly version: number
}

/** One top-level block: rendered again only when it changed, a caret in it moved, or the confirmations changed. */
const Block = memo(
  function Block({ element, fragment, confirmations, carets }: BlockProps) {
    const context = useMemo(() => ({ confirmations, carets }), [confirmations, carets])
    return <>{renderNode(element, fragment, context)}</>
  },
  (a, b) => a.element === b.element && a.version === b.version && a.confirmations === b.confirmations && a.carets === b.carets,
)

/**
 * True two frames after `ready` first held: the saker have been laid out once, so skipping those
 * out of view (`skip-offscreen`, minutes.css) keeps their heights, as the editor does it
 * (client/editor/skipOffscreen.ts).
 */
function useLaidOutOnce(ready: boolean): boolean {
  const [done, setDone] = useState(false)
  useEffect(() => {
    if (!ready || done) return undefined
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => setDone(true))
    })
    return () => cancelAnimationFrame(frame)
  }, [ready, done])
  return done
}

/**
 * The minutes for reading, rendered from the Y.XmlFragment without ProseMirror, in the element
 * the editor uses (same classes and accessible name, read-only), so the page looks the same
 * before and after the editor takes over (client/reader/ReaderView.tsx).
 */
export function ReaderMinutes({
  lang,
  fragment,
  confirmations,
  carets,
  rootRef,
  onFocus,
}: {
  /** The language the minutes are written in (the meeting's). */
  lang: Language
  fragment: Y.XmlFragment
  /** The vedtak confirmations: pass the same map until they change (every block renders again then). */
  confirmations: ReadonlyMap<string, Confirmation>
  /** Others' carets by block (useRemoteCarets). */
  carets: ReadonlyMap<Y.XmlElement, CaretsByText>
  rootRef?: Ref<HTMLDivElement>
  onFocus?: () => void
}) {
  const t = useT()
  const blocks = useMinutesBlocks(fragment)
  const skipOffscreen = useLaidOutOnce(blocks.length >= 3)
  return (
    <div className="minutes-paper">
      <div
        ref={rootRef}
        className={skipOffscreen ? 'tiptap ProseMirror minutes-editor skip-offscreen' : 'tiptap ProseMirror minutes-editor'}
        role="textbox"
        aria-label={t('common.reader.minutesLabel')}
        aria-multiline="true"
        aria-readonly="true"
        data-readonly="true"
        lang={lang}
        tabIndex={0}
        translate="no"
        onFocus={onFocus}
      >
        {blocks.map((block) => (
          <Block
            key={block.key}
            element={block.element}
            fragment={fragment}
            confirmations={confirmations}
            carets={caretsOfBlock(carets, block.element)}
            version={block.version}
          />
        ))}
      </div>
    </div>
  )
}
