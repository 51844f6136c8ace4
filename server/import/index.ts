export { ImportFileError, type ImportFileErrorCode } from './ImportFileError'
export { decodeText, readInnkallingFile, sniff, type FileHints, type SniffedKind } from './readFile'
export { BoundedUnzip, listZip, type ZipEntry } from './zip'
export { draftOfSource } from './draftOfSource'
