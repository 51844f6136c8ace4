export { EditorPage, FollowUpPage, MeetingListPage, SearchPage, VerifyPage } from './pages'
export { organFromPath, followUpPath } from './followUpPath'
export { Link, meetingIdFromPath, navigate, usePathname } from './navigation'
