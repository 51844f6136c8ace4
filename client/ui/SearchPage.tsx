import { useEffect, useRef, useState, type FormEvent } from 'react'
import {
  KNOWN_CASE_TYPES,
  MAX_SEARCH_FILTER_CHARS,
  MAX_SEARCH_QUERY_CHARS,
  type SearchHit,
  type SearchHitField,
} from '../../shared'
import { useT } from '../i18n'
import { loadMeetingToken, saveMeetingToken } from '../sync'
import { loadAdminKey } from './adminKey'
import { ApiError } from './api'
import { createToken, fetchMeetings, fetchMyMeetings } from './adminApi'
import { LanguagePicker } from './LanguagePicker'
import { formatDate } from './localFormat'
import { Link, navigate } from './navigation'
import { searchFormOf, searchQueryString, searchReferater, type SearchForm } from './searchApi'
import { SESSION_CREDENTIAL, fetchMe, signInUrl, type Me } from './signIn'
import { SkipLink } from './SkipLink'
import './search.css'

/** Where in the sak a hit is, as the results list says it (catalogue keys). */
const FIELD_LABELS: Record<SearchHitField, string> = {
  sak: 'admin.search.field.sak',
  vedtak: 'admin.search.field.vedtak',
  innspill: 'admin.search.field.innspill',
  aksjonspunkt: 'admin.search.field.aksjonspunkt',
}

type Results =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'done'; form: SearchForm; total: number; hits: SearchHit[]; more: boolean }
  | { kind: 'error'; message: string; field: string | null }

/** The admin key, else the signed-in session; null when there is neither (undefined while asking). */
function useSearchCredential(): { credential: string | null | undefined; me: Me | null } {
  const [adminKey] = useState(() => loadAdminKey())
  const [me, setMe] = useState<Me | null>(null)
  useEffect(() => {
    let live = true
    void fetchMe().then((answer) => live && setMe(answer))
    return () => {
      live = false
    }
  }, [])
  if (adminKey) return { credential: adminKey, me }
  if (!me) return { credential: undefined, me }
  return { credential: me.signedIn ? SESSION_CREDENTIAL : null, me }
}

/**
 * The organs of the meetings the user can see, for the organ field's suggestions: every meeting's
 * for the admin, the invited ones' for a signed-in person. Empty when they cannot be fetched.
 */
function useKnownOrgans(credential: string | null | undefined, me: Me | null): string[] {
  const [organs, setOrgans] = useState<string[]>([])
  useEffect(() => {
    if (!credential) return
    let live = true
    const admin = credential !== SESSION_CREDENTIAL || (me?.signedIn === true && me.isAdmin)
    const meetings = admin ? fetchMeetings(credential) : fetchMyMeetings().then((mine) => mine.map((m) => m.meeting))
    meetings.then(
      (list) => live && setOrgans([...new Set(list.map((m) => m.organ).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'nb'))),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [credential, me])
  return organs
}

/** The snippet with the matched words in <mark>: React escapes the text. */
function Snippet({ snippet }: { snippet: SearchHit['snippet'] }) {
  const parts: (string | { mark: string })[] = []
  let at = 0
  for (const [start, end] of snippet.matches) {
    if (start < at || end > snippet.text.length) continue
    parts.push(snippet.text.slice(at, start), { mark: snippet.text.slice(start, end) })
    at = end
  }
  parts.push(snippet.text.slice(at))
  return (
    <p className="search-snippet">
      {snippet.cutBefore && '… '}
      {parts.map((p, i) => (typeof p === 'string' ? p : <mark key={i}>{p.mark}</mark>))}
      {snippet.cutAfter && ' …'}
    </p>
  )
}

/**
 * Opens the hit's sak. The admin key opens no meeting by itself: without a link of its own for
 * the meeting, a one-day observer link is made first (as "Åpne som sekretær" does for its role).
 */
async function openHit(hit: SearchHit, credential: string): Promise<void> {
  if (credential !== SESSION_CREDENTIAL && !loadMeetingToken(hit.meeting.id)) {
    const invitation = await createToken(credential, hit.meeting.id, { role: 'observatør', expiresInDays: 1 })
    saveMeetingToken(hit.meeting.id, invitation.token)
  }
  navigate(hit.href)
}

function HitItem({ hit, credential, onError }: { hit: SearchHit; credential: string; onError: (message: string) => void }) {
  const t = useT()
  const heading = [hit.sak.number, hit.sak.title || t('admin.search.untitled')].filter(Boolean).join(' ')
  const meeting = [hit.meeting.organ, hit.meeting.number && t('admin.search.meetingNumber', { number: hit.meeting.number }), hit.meeting.date && formatDate(hit.meeting.date)]
    .filter(Boolean)
    .join(', ')
  return (
    <li className="search-hit">
      <h2>
        <a
          href={hit.href}
          onClick={(event) => {
            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
            event.preventDefault()
            openHit(hit, credential).catch((err: unknown) => onError(err instanceof ApiError ? err.message : t('admin.search.openFailed')))
          }}
        >
          {heading}
        </a>
      </h2>
      <p className="search-meta">
        {meeting}
        {hit.sak.caseType && ` · ${hit.sak.caseType}`} · <strong>{t(FIELD_LABELS[hit.field])}</strong>
      </p>
      <Snippet snippet={hit.snippet} />
    </li>
  )
}

function Field({ id, label, hint, ...input }: { id: keyof SearchForm; label: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={`search-${id}`}>{label}</label>
      <input id={`search-${id}`} name={id} aria-describedby={hint ? `search-${id}-hint` : undefined} {...input} />
      {hint && (
        <p id={`search-${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  )
}

/** `/sok`: full-text search over the saker, vedtak, innspill and aksjonspunkter of the meetings the user may read. */
export function SearchPage() {
  const t = useT()
  const { credential, me } = useSearchCredential()
  const [form, setForm] = useState<SearchForm>(() => searchFormOf(location.search))
  const [results, setResults] = useState<Results>({ kind: 'idle' })
  const started = useRef(false)
  const organs = useKnownOrgans(credential, me)

  const run = async (asked: SearchForm, offset = 0) => {
    if (!credential) return
    if (offset === 0) setResults({ kind: 'searching' })
    try {
      const answer = await searchReferater(credential, asked, offset)
      setResults((before) => {
        const earlier = offset > 0 && before.kind === 'done' ? before.hits : []
        const hits = [...earlier, ...answer.hits]
        return { kind: 'done', form: asked, total: answer.total, hits, more: hits.length < answer.total && answer.hits.length > 0 }
      })
    } catch (err) {
      const apiError = err instanceof ApiError ? err : null
      setResults({ kind: 'error', message: apiError?.message ?? t('admin.search.failed'), field: apiError?.field ?? null })
    }
  }

  const pageTitle = t('admin.search.title')
  useEffect(() => {
    document.title = pageTitle
  }, [pageTitle])
  // An address with ?q= (a shared link, the back button) searches at once.
  useEffect(() => {
    if (started.current || !credential || !form.q.trim()) return
    started.current = true
    void run(form)
  })

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    if (!form.q.trim()) return setResults({ kind: 'error', message: t('admin.search.queryMissing'), field: 'q' })
    history.replaceState(null, '', `/sok?${searchQueryString(form)}`)
    void run(form)
  }
  const set = (key: keyof SearchForm) => (event: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: event.target.value })
  const invalid = (key: keyof SearchForm) => (results.kind === 'error' && results.field === key ? true : undefined)

  return (
    <>
      <SkipLink />
      <header className="app-header">
        <span className="brand">Referat</span>
        <LanguagePicker className="header-language" />
      </header>
      <main id="main" className="list-page search-page">
        <h1 tabIndex={-1}>{t('admin.search.heading')}</h1>
        <p>
          <Link href="/">{t('common.page.toMeetingList')}</Link>
        </p>
        {credential === null && (
          <div className="search-login">
            <p>{t('admin.search.signInPrompt')}</p>
            {me?.oidc ? (
              <a className="button primary" href={signInUrl('/sok')}>
                {t('admin.signIn.withAccount')}
              </a>
            ) : (
              <p>{t('admin.search.adminHint')}</p>
            )}
          </div>
        )}
        {credential && (
          <form role="search" aria-label={t('admin.search.heading')} className="search-form" onSubmit={handleSubmit} noValidate>
            <Field
              id="q"
              label={t('admin.search.query')}
              type="search"
              value={form.q}
              onChange={set('q')}
              maxLength={MAX_SEARCH_QUERY_CHARS}
              hint={t('admin.search.queryHint')}
              aria-invalid={invalid('q')}
            />
            <div className="search-filters">
              <Field
                id="organ"
                label={t('admin.search.organ')}
                list="search-organs"
                value={form.organ}
                onChange={set('organ')}
                maxLength={MAX_SEARCH_FILTER_CHARS}
                aria-invalid={invalid('organ')}
              />
              <datalist id="search-organs">
                {organs.map((organ) => (
                  <option key={organ} value={organ} />
                ))}
              </datalist>
              <Field id="year" label={t('admin.search.year')} inputMode="numeric" value={form.year} onChange={set('year')} maxLength={4} aria-invalid={invalid('year')} />
              <Field
                id="caseType"
                label={t('admin.search.caseType')}
                list="search-case-types"
                value={form.caseType}
                onChange={set('caseType')}
                maxLength={MAX_SEARCH_FILTER_CHARS}
                aria-invalid={invalid('caseType')}
              />
              <datalist id="search-case-types">
                {KNOWN_CASE_TYPES.map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
            </div>
            <button type="submit" className="primary" disabled={results.kind === 'searching'}>
              {t('admin.search.submit')}
            </button>
          </form>
        )}
        <div role="status" aria-live="polite" aria-atomic="true" className="search-status">
          {results.kind === 'searching' && <p>{t('admin.search.searching')}</p>}
          {results.kind === 'done' && results.total > 0 && <p>{t('admin.search.found', { count: results.total })}</p>}
          {results.kind === 'done' && results.total === 0 && <p className="search-empty">{t('admin.search.none', { query: results.form.q })}</p>}
        </div>
        {results.kind === 'error' && (
          <p className="form-error" role="alert">
            {results.message}
          </p>
        )}
        {results.kind === 'done' && results.hits.length > 0 && credential && (
          <>
            <ol className="search-results" aria-label={t('admin.search.hits')}>
              {results.hits.map((hit) => (
                <HitItem
                  key={`${hit.meeting.id}/${hit.sak.id}/${hit.field}`}
                  hit={hit}
                  credential={credential}
                  onError={(message) => setResults({ kind: 'error', message, field: null })}
                />
              ))}
            </ol>
            {results.more && (
              <button type="button" onClick={() => void run(results.form, results.hits.length)}>
                {t('admin.search.more')}
              </button>
            )}
          </>
        )}
      </main>
    </>
  )
}
