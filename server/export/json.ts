import type { SealInfo } from '../../shared/record'
import type { ReferatModel } from './model'

/** The format tag of the JSON export; bump it on any incompatible change (docs/EXPORT_FORMAT.md). */
export const REFERAT_JSON_FORMAT = 'referat/1'

/** The approval of a sealed version, inside the sealed content (so the seal's hash covers it). */
export interface ReferatApproval {
  /** ISO timestamp. */
  readonly approvedAt: string
  readonly approvedIn: string | null
  readonly version: { readonly id: string; readonly name: string }
}

/** The JSON export: `{ format: "referat/1", meeting, ...model }` (docs/EXPORT_FORMAT.md). */
export interface ReferatJson extends ReferatModel {
  readonly format: typeof REFERAT_JSON_FORMAT
  /** The meeting's id and ISO date, when known (null for a document exported on its own). */
  readonly meeting: { readonly id: string; readonly date: string } | null
  /** Present in the export of an approved (sealed) version only. */
  readonly approval?: ReferatApproval
  /** The seal of an approved version: not part of the sealed content (shared/record/seal.ts). */
  readonly seal?: SealInfo
}

/** The JSON export as an object (what `toJson` writes and the seal covers, without `seal`). */
export function toJsonObject(model: ReferatModel, meeting?: { id: string; date: string } | null, approval?: ReferatApproval): ReferatJson {
  return {
    format: REFERAT_JSON_FORMAT,
    meeting: meeting ? { id: meeting.id, date: meeting.date } : null,
    ...model,
    ...(approval ? { approval } : {}),
  }
}

/** Serialises the model as the documented `referat/1` JSON (pretty-printed, UTF-8 text). */
export function toJson(model: ReferatModel, meeting?: { id: string; date: string } | null): string {
  return `${JSON.stringify(toJsonObject(model, meeting), null, 2)}\n`
}
