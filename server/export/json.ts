import type { SealInfo } from '../../shared/record'
import type { ReferatModel } from './model'
import type { RenderOptions } from './record'

/** The format tag of the JSON export; bump it on any incompatible change (docs/EXPORT_FORMAT.md). */
export const REFERAT_JSON_FORMAT = 'referat/1'

/** The saved version an export is of (the approved one, in a sealed export): inside the sealed content. */
export interface ReferatVersion {
  readonly id: string
  readonly name: string
}

/** The JSON export: `{ format: "referat/1", meeting, ...model }` (docs/EXPORT_FORMAT.md). */
export interface ReferatJson extends ReferatModel {
  readonly format: typeof REFERAT_JSON_FORMAT
  /** The meeting's id and ISO date, when known (null for a document exported on its own). */
  readonly meeting: { readonly id: string; readonly date: string } | null
  /** The approved version, in the export of a sealed version only (its approval is the model's `approval`). */
  readonly version?: ReferatVersion
  /** The seal of an approved version: not part of the sealed content (shared/record/seal.ts). */
  readonly seal?: SealInfo
}

/** The JSON export as an object (what `toJson` writes and the seal covers, without `seal`). */
export function toJsonObject(model: ReferatModel, meeting?: { id: string; date: string } | null, version?: ReferatVersion): ReferatJson {
  return {
    format: REFERAT_JSON_FORMAT,
    meeting: meeting ? { id: meeting.id, date: meeting.date } : null,
    ...model,
    ...(version ? { version: { id: version.id, name: version.name } } : {}),
  }
}

/**
 * Serialises the model as the documented `referat/1` JSON (pretty-printed, UTF-8 text). An
 * approved version's JSON is its sealed content (server/record: sealedExportOf), never re-made
 * here; `options.seal` only appends the seal to what is given.
 */
export function toJson(model: ReferatModel, meeting?: { id: string; date: string } | null, options?: RenderOptions): string {
  const out: ReferatJson = { ...toJsonObject(model, meeting), ...(options?.seal ? { seal: options.seal as SealInfo } : {}) }
  return `${JSON.stringify(out, null, 2)}\n`
}
