/**
 * Limits on an innkalling file read for import (issue 13). The server enforces them while it
 * reads; the browser uses them to refuse a file before sending it.
 */

/** Largest innkalling file accepted, in bytes (a larger upload is refused with 413 before it is read whole). */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024

/** Largest total uncompressed size of the entries read from a .docx or .odt, in bytes (a ZIP bomb stops here). */
export const MAX_IMPORT_UNZIPPED_BYTES = 64 * 1024 * 1024

/** Most entries a .docx or .odt may list in its ZIP directory. */
export const MAX_IMPORT_ZIP_ENTRIES = 2000

/** Most PDF pages read; an innkalling with its saksnotater is far shorter. */
export const MAX_IMPORT_PDF_PAGES = 300

/** Most lines a document is read into; later lines are dropped and reported. */
export const MAX_SOURCE_LINES = 20_000

/** File name endings the import understands, for the file picker's `accept`. */
export const IMPORT_FILE_ACCEPT = '.docx,.pdf,.odt,.txt,.md,.markdown,.htm,.html'
