import { memo, type Ref } from 'react'
import type * as Y from 'yjs'
import { EDITOR_LABEL } from '../editor'
import { renderNode, type ReaderRegister } from './renderMinutes'
import { useMinutesBlocks } from './useMinutesBlocks'

const Block = memo(
  function Block({ element, fragment, register }: { element: Y.XmlElement; fragment: Y.XmlFragment; register: ReaderRegister; version: number }) {
    return <>{renderNode(element, fragment, register)}</>
  },
  (a, b) => a.element === b.element && a.version === b.version && a.register === b.register,
)

/**
 * The minutes for reading, rendered from the Y.XmlFragment without ProseMirror, in the element
 * the editor uses (same classes and accessible name, read-only), so the page looks the same
 * before and after the editor takes over (client/reader/ReaderView.tsx).
 */
export function ReaderMinutes({
  fragment,
  register,
  rootRef,
  onFocus,
}: {
  fragment: Y.XmlFragment
  /** The vedtak confirmations: pass the same object until they change (every block renders again then). */
  register: ReaderRegister
  rootRef?: Ref<HTMLDivElement>
  onFocus?: () => void
}) {
  const blocks = useMinutesBlocks(fragment)
  return (
    <div className="minutes-paper">
      <div
        ref={rootRef}
        className="tiptap ProseMirror minutes-editor"
        role="textbox"
        aria-label={EDITOR_LABEL}
        aria-multiline="true"
        aria-readonly="true"
        data-readonly="true"
        lang="nb"
        tabIndex={0}
        translate="no"
        onFocus={onFocus}
      >
        {blocks.map((block) => (
          <Block key={block.key} element={block.element} fragment={fragment} register={register} version={block.version} />
        ))}
      </div>
    </div>
  )
}
