export { buildSeal, checkSeal, fileSha256, minutesOfState, sealInfoOf, sealedExportOf, type Approval, type RecordStore, type SealProblem } from './sealing'
export { archiveFieldsFor, archiveMetadataFromEnv, DEFAULT_ARCHIVE_METADATA, type ArchiveFields, type ArchiveMetadata } from './archiveMetadata'
export { MAX_VERIFY_BYTES, VerifyInputError, verifyFile, type DeclaredFile, type NotVerified, type Verified } from './verifyFile'
export { arkivstrukturXml, noark5Package, stableUuid, xmlText, type PackagedPdf } from './noark5'
