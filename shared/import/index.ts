export { textToSource, type SourceDocument, type SourceFormat, type SourceLine } from './source'
export { htmlToSource } from './htmlSource'
export { markdownToSource } from './markdownSource'
export { sourceLineText, sourceToText } from './sourceText'
export {
  IMPORT_FILE_ACCEPT,
  MAX_IMPORT_FILE_BYTES,
  MAX_IMPORT_PDF_PAGES,
  MAX_IMPORT_UNZIPPED_BYTES,
  MAX_IMPORT_ZIP_ENTRIES,
  MAX_SOURCE_LINES,
} from './limits'
export { draftItem, type AgendaDraft, type AgendaDraftItem, type DraftField, type UnreadLine, type UnsureNote } from './draft'
export { parseNorwegianDate } from './header'
export { parseAgenda, type ParseAgendaOptions } from './parseAgenda'
export { joinParagraphs, joinWrapped, knownCaseType } from './rules'
