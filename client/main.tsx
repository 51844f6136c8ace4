import { StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nProvider } from '@lingui/react'
import { activateLanguage, i18n, initialLanguage, useT } from './i18n'
import { captureInvitationToken } from './sync'
import { EditorPage, FollowUpPage, Link, MeetingListPage, SearchPage, VerifyPage, meetingIdFromPath, organFromPath, usePathname } from './ui'
import './styles.css'
import './editor/minutes.css'
// Last, where Tiptap used to inject it (appended to <head>): it wins ties as before.
import './editor/tiptapBase.css'
// Last: the reduced-motion overrides win over every sheet above.
import './ui/motion.css'

/** While a page's chunk is fetched (each route is loaded on demand: ui/pages.tsx). */
function PageLoading() {
  const t = useT()
  return (
    <main id="main" className="list-page">
      <p role="status">{t('common.page.loading')}</p>
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
  const t = useT()
  const meetingId = meetingIdFromPath(path)
  if (meetingId) return <EditorPage key={meetingId} meetingId={meetingId} />
  if (path === '/' || path === '/index.html') return <MeetingListPage />
  if (path === '/verify' || path === '/verify/') return <VerifyPage />
  if (path === '/sok' || path === '/sok/') return <SearchPage />
  const organ = organFromPath(path)
  if (organ) return <FollowUpPage key={organ} organ={organ} />
  return (
    <main id="main" className="list-page">
      <h1 tabIndex={-1}>{t('common.page.notFound')}</h1>
      <p>
        <Link href="/">{t('common.page.toMeetingList')}</Link>
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
const rootElement = root
// The words come first (the `common` catalogue of one language, a few KB); the page's own chunk is
// fetched meanwhile by the first render's Suspense.
void activateLanguage(initialLanguage()).finally(() => {
  createRoot(rootElement).render(
    <StrictMode>
      <I18nProvider i18n={i18n}>
        <App />
      </I18nProvider>
    </StrictMode>,
  )
})
