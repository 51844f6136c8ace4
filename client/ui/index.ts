export { EditorPage, MeetingListPage, VerifyPage } from './pages'
export { Link, meetingIdFromPath, navigate, usePathname } from './navigation'
