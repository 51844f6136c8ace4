import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { EditorPage, Link, MeetingListPage, meetingIdFromPath, usePathname } from './ui'
import './styles.css'
import './editor/minutes.css'

/** The router: `/` is the meeting list, `/m/<id>` the editor of one meeting. */
function App() {
  const path = usePathname()
  const meetingId = meetingIdFromPath(path)
  if (meetingId) return <EditorPage key={meetingId} meetingId={meetingId} />
  if (path === '/' || path === '/index.html') return <MeetingListPage />
  return (
    <main id="main" className="list-page">
      <h1 tabIndex={-1}>Fant ikke siden</h1>
      <p>
        <Link href="/">Til møtelisten</Link>
      </p>
    </main>
  )
}

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
