export { useLocalUser, useMeetingSession, usePresence, usePublishUser, useSyncStatus } from './hooks'
export {
  MAX_USER_NAME_CHARS,
  ROLES,
  parseLocalUser,
  presenceUser,
  roleColor,
  roleLabel,
  type LocalUser,
  type PresenceUser,
  type Role,
} from './identity'
export type { MeetingSession, PresenceEntry } from './MeetingSession'
export {
  NOTHING_CONFIRMED,
  confirmRelayedUpdate,
  confirmSnapshot,
  hasPendingChanges,
  isContainedIn,
  type ConfirmedState,
} from './savedState'
export {
  INITIAL_SYNC_STATUS,
  PENDING_HINT,
  STATUS_TEXT,
  describeProblem,
  describeStatus,
  type Connection,
  type StatusDescription,
  type StatusKind,
  type SyncProblem,
  type SyncStatus,
} from './statusText'
