export { textToSource, type SourceDocument, type SourceFormat, type SourceLine } from './source'
