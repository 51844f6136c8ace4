export { EditorPage, FollowUpPage, MeetingListPage, VerifyPage } from './pages'
export { organFromPath, followUpPath } from './followUpPath'
export { Link, meetingIdFromPath, navigate, usePathname } from './navigation'
