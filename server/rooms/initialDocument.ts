import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { minutesTemplate, type JSONContent, type MeetingInfo, type TemplateWords } from '../../shared/minutes'
import { MINUTES_FRAGMENT, minutesSchema } from '../../shared/schema'

/**
 * The first stored update of a new meeting's document: the minutes template (in `words`' language,
 * bokmål by default) as a Y.XmlFragment.
 * Only for a document no client holds yet (rebuilding an existing document from JSON would
 * duplicate its content on every client). Throws RangeError if the template breaks the schema.
 */
export function initialMinutesUpdate(info: MeetingInfo, words?: TemplateWords): Uint8Array {
  return minutesUpdateFromJSON(minutesTemplate(info, words))
}

/**
 * The first stored update of a new meeting's document made from minutes JSON (an imported
 * agenda, see draftToMinutes). Same restriction as initialMinutesUpdate. Throws RangeError when
 * the JSON breaks the schema.
 */
export function minutesUpdateFromJSON(json: JSONContent): Uint8Array {
  const node = minutesSchema.nodeFromJSON(json)
  node.check()
  const doc = new Y.Doc()
  prosemirrorJSONToYXmlFragment(minutesSchema, node.toJSON(), doc.getXmlFragment(MINUTES_FRAGMENT))
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}
