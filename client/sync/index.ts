export { useContentStatus, useLocalUser, useMeetingLanguage, useMeetingSession, usePresence, usePublishUser, useRegister, useSyncStatus } from './hooks'
export {
  MAX_USER_NAME_CHARS,
  parseLocalUser,
  presenceUser,
  roleColor,
  roleLabel,
  type LocalUser,
  type PresenceUser,
} from './identity'
export type { MeetingSession, PresenceEntry, SessionOptions } from './MeetingSession'
export { EMPTY_REGISTER, readMeetingLanguage, readRegister, type RegisterSnapshot } from './MeetingRegister'
export { useOfflineCopy, type OfflineCopyState } from './readerCopyHooks'
export { forgetReaderCopy, loadStoredMeeting, touchReaderCopy } from './readerCopyStore'
export { chooseStaleCopies, READER_COPY_MAX_AGE_MS, type CopyAge } from './staleCopies'
export {
  NOTHING_CONFIRMED,
  confirmRelayedUpdate,
  confirmSnapshot,
  hasPendingChanges,
  isContainedIn,
  type ConfirmedState,
} from './savedState'
export {
  ACCESS_PROBLEMS,
  INITIAL_SYNC_STATUS,
  describeProblem,
  describeStatus,
  problemForClose,
  type Connection,
  type StatusDescription,
  type StatusKind,
  type SyncProblem,
  type SyncStatus,
} from './statusText'
export {
  captureInvitationToken,
  forgetMeetingToken,
  fragmentWithoutToken,
  loadMeetingToken,
  readTokenClaims,
  saveMeetingToken,
  tokenFromFragment,
  tokenLooksExpired,
} from './token'
