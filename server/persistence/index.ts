export {
  compareMeetings,
  MAX_LISTED_SESSIONS,
  MAX_HISTORY_PAGE,
  type HistoryStore,
  type AppendEntry,
  type DocStorage,
  type IssuedFileRecord,
  type SealRecord,
  type SealStore,
  type MeetingStore,
  type PersonIdentity,
  type PersonKey,
  type PersonPreferenceStore,
  type SessionRecord,
  type SessionStore,
  type SignInRolesStore,
  type RosterMember,
  type RosterStore,
  type Storage,
  type StorageTestHooks,
  type StoredDoc,
  type TokenRecord,
  type TokenStore,
  type VersionMeta,
  type VersionRecord,
  type VersionStore,
} from './DocStorage'
export { MemoryStorage } from './MemoryStorage'
export {
  MAX_ORGAN_ACTIONS,
  type ActionActorRole,
  type ActionEvent,
  type ActionItemRecord,
  type ActionStatus,
  type ActionStatusChange,
  type ActionStore,
} from './ActionStore'
export { SqliteStorage, DATABASE_FILE, MAIN_THREAD_BUSY_MS, isDataDirWritable, type SqliteOptions } from './SqliteStorage'
export { StorageBusyError, StorageReadOnlyError, busyBackoffMs, isBusyError, retryWhileBusy, sleep } from './storageErrors'
export { PostgresStorage } from './PostgresStorage'
export { SqliteActionStore } from './SqliteActionStore'
export { decodeStored, emptyDocument, loadDocument, StorageCorruptError, type LoadedDocument } from './loadDocument'
export { MemoryWebhookStore } from './MemoryWebhookStore'
export {
  MAX_LOGGED_ATTEMPTS,
  type ClaimedDelivery,
  type DeliveryOutcome,
  type WebhookEndpointRecord,
  type WebhookEventRecord,
  type WebhookStore,
} from './WebhookStore'
