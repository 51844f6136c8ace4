import { lazy } from 'react'
import { withNamespaces } from '../i18n'

// Each page is a chunk of its own, fetched when its route is first shown: a reader of one meeting
// does not download the meeting list (admin, innkalling import), nor the list the editor
// (Tiptap, ProseMirror, Yjs). Named exports become the module's default for React.lazy. A page's
// words come with it: the `common` catalogue is there from the start, `admin` with the pages that
// use it, `editor` with the editor (editorStage.tsx).

/** `/m/<id>`: the meeting (EditorPage.tsx), loaded on demand. */
export const EditorPage = lazy(() => import('./EditorPage').then((m) => ({ default: m.EditorPage })))
/** `/`: the meeting list and the admin's tools (MeetingListPage.tsx), loaded on demand. */
export const MeetingListPage = lazy(withNamespaces(['admin'], () => import('./MeetingListPage').then((m) => ({ default: m.MeetingListPage }))))
/** `/sok`: search across referater (SearchPage.tsx), loaded on demand. */
export const SearchPage = lazy(withNamespaces(['admin'], () => import('./SearchPage').then((m) => ({ default: m.SearchPage }))))
/** `/o/<organ>/oppfolging`: an organ's aksjonspunkter (FollowUpPage.tsx), loaded on demand. */
export const FollowUpPage = lazy(withNamespaces(['admin'], () => import('./FollowUpPage').then((m) => ({ default: m.FollowUpPage }))))
/** `/verify`: the public check of a file (VerifyPage.tsx), loaded on demand. */
export const VerifyPage = lazy(withNamespaces(['admin'], () => import('./VerifyPage').then((m) => ({ default: m.VerifyPage }))))
