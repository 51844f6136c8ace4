/**
 * Noark 5 metadata of the archive packages (export.noark5.zip): who created the archive
 * (arkivskaper) and which archive part (arkivdel) the meetings belong to. Set by environment
 * (README, "Configuration"), overridable per organ.
 */
export interface ArchiveFields {
  /** arkivskaperID: the creator's id, e.g. its organisation number. */
  readonly arkivskaperId: string
  /** arkivskaperNavn; null: the meeting's organ. */
  readonly arkivskaperNavn: string | null
  /** arkiv/tittel. */
  readonly arkivTittel: string
  /** arkivdel/tittel. */
  readonly arkivdelTittel: string
  /** administrativEnhet of each moeteregistrering; null: the meeting's organ. */
  readonly administrativEnhet: string | null
  /** saksbehandler of each moeteregistrering; null: who approved the referat ("Sekretariatet" when unnamed). */
  readonly saksbehandler: string | null
}

/** The archive metadata: defaults for every organ and what differs per organ (by its exact name). */
export interface ArchiveMetadata extends ArchiveFields {
  readonly perOrgan: Readonly<Record<string, Partial<ArchiveFields>>>
}

export const DEFAULT_ARCHIVE_METADATA: ArchiveMetadata = {
  arkivskaperId: 'referat',
  arkivskaperNavn: null,
  arkivTittel: 'Referater',
  arkivdelTittel: 'Møtebøker',
  administrativEnhet: null,
  saksbehandler: null,
  perOrgan: {},
}

/** Longest value of a NOARK_* setting, in characters. */
const MAX_FIELD_CHARS = 200

const FIELD_ENV: Record<keyof ArchiveFields, string> = {
  arkivskaperId: 'NOARK_ARKIVSKAPER_ID',
  arkivskaperNavn: 'NOARK_ARKIVSKAPER_NAVN',
  arkivTittel: 'NOARK_ARKIV_TITTEL',
  arkivdelTittel: 'NOARK_ARKIVDEL_TITTEL',
  administrativEnhet: 'NOARK_ADMINISTRATIV_ENHET',
  saksbehandler: 'NOARK_SAKSBEHANDLER',
}

function fieldValue(raw: unknown, where: string, fail: (message: string) => Error): string {
  // eslint-disable-next-line no-control-regex
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > MAX_FIELD_CHARS || /[\u0000-\u001f\u007f]/.test(raw)) {
    throw fail(`${where} must be text of 1 to ${MAX_FIELD_CHARS} characters without control characters`)
  }
  return raw.trim()
}

function perOrganOf(raw: string | undefined, fail: (message: string) => Error): Record<string, Partial<ArchiveFields>> {
  if (raw === undefined || raw.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw fail('NOARK_ORGANS must be a JSON object: {"<organ>": {"arkivskaperId": "...", ...}}')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('NOARK_ORGANS must be a JSON object keyed by organ')
  const out: Record<string, Partial<ArchiveFields>> = {}
  for (const [organ, fields] of Object.entries(parsed)) {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw fail(`NOARK_ORGANS["${organ}"] must be an object`)
    const entry: Partial<Record<keyof ArchiveFields, string>> = {}
    for (const [key, value] of Object.entries(fields)) {
      if (!(key in FIELD_ENV)) throw fail(`NOARK_ORGANS["${organ}"].${key} is not one of ${Object.keys(FIELD_ENV).join(', ')}`)
      entry[key as keyof ArchiveFields] = fieldValue(value, `NOARK_ORGANS["${organ}"].${key}`, fail)
    }
    out[organ] = entry
  }
  return out
}

/**
 * Reads NOARK_ARKIVSKAPER_ID, NOARK_ARKIVSKAPER_NAVN, NOARK_ARKIV_TITTEL, NOARK_ARKIVDEL_TITTEL,
 * NOARK_ADMINISTRATIV_ENHET, NOARK_SAKSBEHANDLER and NOARK_ORGANS (JSON: organ → some of these
 * fields by their camelCase names). Throws `fail(message)` for a bad value.
 */
export function archiveMetadataFromEnv(env: NodeJS.ProcessEnv, fail: (message: string) => Error): ArchiveMetadata {
  const out: Record<string, unknown> = { ...DEFAULT_ARCHIVE_METADATA }
  for (const [field, name] of Object.entries(FIELD_ENV)) {
    const raw = env[name]
    if (raw !== undefined && raw.trim() !== '') out[field] = fieldValue(raw, name, fail)
  }
  out.perOrgan = perOrganOf(env.NOARK_ORGANS, fail)
  return out as unknown as ArchiveMetadata
}

/** The fields that apply to `organ`: its own where NOARK_ORGANS names it, else the defaults. */
export function archiveFieldsFor(metadata: ArchiveMetadata, organ: string): ArchiveFields {
  const { perOrgan, ...defaults } = metadata
  return { ...defaults, ...(perOrgan[organ] ?? {}) }
}
