import type { ReferatModel } from './model'
import type { RenderOptions, SealInfo } from './record'

/** The format tag of the JSON export; bump it on any incompatible change (docs/EXPORT_FORMAT.md). */
export const REFERAT_JSON_FORMAT = 'referat/1'

/** The JSON export: `{ format: "referat/1", meeting, ...model, seal? }` (docs/EXPORT_FORMAT.md). */
export interface ReferatJson extends ReferatModel {
  readonly format: typeof REFERAT_JSON_FORMAT
  /** The meeting's id and ISO date, when known (null for a document exported on its own). */
  readonly meeting: { readonly id: string; readonly date: string } | null
  /** The seal of the approved version, when the export is of it; absent otherwise. */
  readonly seal?: SealInfo
}

/** Serialises the model as the documented `referat/1` JSON (pretty-printed, UTF-8 text). */
export function toJson(model: ReferatModel, meeting?: { id: string; date: string } | null, options?: RenderOptions): string {
  const out: ReferatJson = {
    format: REFERAT_JSON_FORMAT,
    meeting: meeting ? { id: meeting.id, date: meeting.date } : null,
    ...model,
    ...(options?.seal ? { status: 'Godkjent' as const, seal: { ...options.seal } } : {}),
  }
  return `${JSON.stringify(out, null, 2)}\n`
}
