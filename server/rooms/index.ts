export type { PeerInfo, PeerSocket } from './PeerSocket'
export { DEFAULT_MAX_AWARENESS_BYTES, DEFAULT_PENDING_TIMEOUT_MS, Room, type RoomOptions } from './Room'
export { RoomRegistry, type RoomRegistryOptions } from './RoomRegistry'
export { initialMinutesUpdate, minutesUpdateFromJSON } from './initialDocument'
export { captureTransaction, type CapturedTransaction } from './captureTransaction'
export { parseRoomName, type RoomKind, type RoomName } from './docNames'
export {
  OPEN_MEETING_STATE,
  confirmationOf,
  confirmationsOf,
  flagOf,
  flagsOf,
  initialRegisterUpdate,
  meetingLanguageOf,
  meetingStateOf,
  writeRegister,
} from './registerDoc'
export { refuseChanges, updateWouldChange } from './wouldChange'
export {
  bindEntryToActor,
  bindPresence,
  decodeAwarenessUpdate,
  encodeAwarenessUpdate,
  presenceUserOf,
  MAX_PRESENCE_NAME_CHARS,
  type AwarenessEntry,
  type PresenceRoom,
  type PresenceUser,
} from './presence'
