export { EditorPage } from './EditorPage'
export { MeetingListPage } from './MeetingListPage'
export { Link, meetingIdFromPath, navigate, usePathname } from './navigation'
