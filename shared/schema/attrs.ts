/**
 * Attribute definitions shared by the editor and the server.
 *
 * Every node attribute has a default and a validator. The server uses the validators on every
 * incoming update (y-prosemirror stores node attributes as Y.XmlElement attributes, so a
 * hand-written client could put anything there); the editor uses them before it sets a value.
 */

/** One attribute of a node: its default and a check that a stored value is acceptable. */
export interface AttrDef {
  readonly default: string | boolean | null
  /** True when `value` may be stored in this attribute. Never throws. */
  readonly validate: (value: unknown) => boolean
  /** Rendered into the DOM as this `data-*` attribute (for styling and parsing pasted HTML). */
  readonly dataAttribute?: string
}

/** The six sakstyper the product started with; the first suggestions, in this order. */
export const CASE_TYPES = [
  'Godkjenning',
  'Orientering',
  'Drøfting',
  'Anbefaling',
  'Tilslutning',
  'Beslutning',
] as const

/**
 * Sakstyper the editor suggests (bokmål and nynorsk words bodies use in their agendas). A sak's
 * type is the body's own word, kept as written: any single line of at most MAX_CASE_TYPE_CHARS
 * characters; this list is for suggestions and for recognising a type at the end of a line.
 */
export const KNOWN_CASE_TYPES: readonly string[] = [
  ...CASE_TYPES,
  'Vedtakssak',
  'Diskusjonssak',
  'Informasjonssak',
  'Orienteringssak',
  'Drøftingssak',
  'Drøftingsak',
  'Beslutningssak',
  'Godkjenningssak',
  'Referatsak',
  'Politisk sak',
  'Valg',
  'Høring',
  'Innspill',
]

/** A sakstype: the body's own word ("Orientering", "Vedtakssak"), see KNOWN_CASE_TYPES. */
export type CaseType = string

/** Longest sakstype, in characters. */
export const MAX_CASE_TYPE_CHARS = 40

/** Longest free-text attribute value we keep (a name with an organisation), in characters. */
export const MAX_ATTR_TEXT_CHARS = 200

/**
 * A sak number as the body writes it: "17/23" (running number / two-digit year), "12/2024",
 * "034-2024" (a health trust's styresak), or "1" for a body that numbers without a year.
 */
export const AGENDA_NUMBER_PATTERN = /^\d{1,4}(?:[/-](?:\d{2}|\d{4}))?$/
/** The series a municipal sak belongs to, printed before its number: "PS" (politisk sak), "RS" (referatsak). */
export const AGENDA_PREFIX_PATTERN = /^[A-ZÆØÅ]{1,4}$/
/** A clock time as the minutes write it: "10.10" or "10:10". */
export const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3])[.:][0-5]\d$/
/** An ISO calendar date: "2023-10-04". */
export const ISO_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
/** An ISO timestamp as `Date.toISOString()` writes it: "2023-10-04T09:12:00.000Z". */
export const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/
/** A SHA-256 digest in lowercase hex. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/
/** Ids we generate for agenda items: url-safe, 8 to 40 characters. */
export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{8,40}$/

const isNull = (v: unknown): v is null => v === null || v === undefined

/** Nullable string that matches `pattern` (empty string counts as null). */
export function patternAttr(pattern: RegExp, dataAttribute?: string): AttrDef {
  return {
    default: null,
    dataAttribute,
    validate: (v) => isNull(v) || v === '' || (typeof v === 'string' && pattern.test(v)),
  }
}

/** Nullable free text of at most MAX_ATTR_TEXT_CHARS characters, no line breaks. */
export function textAttr(dataAttribute?: string): AttrDef {
  return {
    default: null,
    dataAttribute,
    validate: (v) =>
      isNull(v) || (typeof v === 'string' && v.length <= MAX_ATTR_TEXT_CHARS && !/[\r\n]/.test(v)),
  }
}

/** Nullable sakstype: one line, 1 to MAX_CASE_TYPE_CHARS characters, not only spaces. */
export function caseTypeAttr(dataAttribute?: string): AttrDef {
  return {
    default: null,
    dataAttribute,
    validate: (v) =>
      isNull(v) || v === '' || (typeof v === 'string' && v.length <= MAX_CASE_TYPE_CHARS && v.trim() !== '' && !/[\r\n]/.test(v)),
  }
}

/** Boolean flag, false by default. */
export function flagAttr(dataAttribute?: string): AttrDef {
  return { default: false, dataAttribute, validate: (v) => isNull(v) || typeof v === 'boolean' }
}

/** Nullable value out of a fixed list. */
export function enumAttr(values: readonly string[], dataAttribute?: string): AttrDef {
  return {
    default: null,
    dataAttribute,
    validate: (v) => isNull(v) || v === '' || (typeof v === 'string' && values.includes(v)),
  }
}
