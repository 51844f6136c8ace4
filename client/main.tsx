import { StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { captureInvitationToken } from './sync'
import { EditorPage, FollowUpPage, Link, MeetingListPage, SearchPage, VerifyPage, meetingIdFromPath, organFromPath, usePathname } from './ui'
import './styles.css'
import './editor/minutes.css'
// Last, where Tiptap used to inject it (appended to <head>): it wins ties as before.
import './editor/tiptapBase.css'

/** While a page's chunk is fetched (each route is loaded on demand: ui/pages.tsx). */
function PageLoading() {
  return (
    <main id="main" className="list-page">
      <p role="status">Laster …</p>
    </main>
  )
}

/** The router: `/` is the meeting list, `/m/<id>` the editor of one meeting, `/sok` the search, `/verify` the public check of a file. */
function App() {
  const path = usePathname()
  return (
    <Suspense fallback={<PageLoading />}>
      <Route path={path} />
    </Suspense>
  )
}

function Route({ path }: { path: string }) {
  const meetingId = meetingIdFromPath(path)
  if (meetingId) return <EditorPage key={meetingId} meetingId={meetingId} />
  if (path === '/' || path === '/index.html') return <MeetingListPage />
  if (path === '/verify' || path === '/verify/') return <VerifyPage />
  if (path === '/sok' || path === '/sok/') return <SearchPage />
  const organ = organFromPath(path)
  if (organ) return <FollowUpPage key={organ} organ={organ} />
  return (
    <main id="main" className="list-page">
      <h1 tabIndex={-1}>Fant ikke siden</h1>
      <p>
        <Link href="/">Til møtelisten</Link>
      </p>
    </main>
  )
}

// Before anything renders or connects: the token leaves the address bar (and the history).
captureInvitationToken(meetingIdFromPath(location.pathname))
window.addEventListener('hashchange', () => {
  // A new invitation link pasted into the same tab changes only the fragment: no reload by itself.
  if (captureInvitationToken(meetingIdFromPath(location.pathname))) location.reload()
})

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
