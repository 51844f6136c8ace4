export { EditorPage } from './EditorPage'
export { MeetingListPage } from './MeetingListPage'
export { VerifyPage } from './VerifyPage'
export { Link, meetingIdFromPath, navigate, usePathname } from './navigation'
