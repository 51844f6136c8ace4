export { EditorPage, MeetingListPage, SearchPage, VerifyPage } from './pages'
export { Link, meetingIdFromPath, navigate, usePathname } from './navigation'
