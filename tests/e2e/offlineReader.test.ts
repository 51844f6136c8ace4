import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { Duplex } from 'node:stream'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createMeeting, mintToken, revokeToken } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'

const STATIC_DIR = path.resolve(import.meta.dirname, '../../dist/client')
const NOT_LIVE = /^Ikke direkte: du leser en lagret kopi fra kl\. \d{2}[:.]\d{2} — vi prøver å koble til igjen$/
const DECISION = 'Styret godkjenner innkalling og dagsorden.'
/** Reconnecting waits out the provider's backoff; a loaded machine is slow. */
const RECONNECT_TIMEOUT_MS = 45_000

/** The reader's "Ikke direkte" banner: visible text (the page's one live region announces the drop), never an alert. */
const notLiveBanner = (page: Page) => page.locator('[data-offline-copy]').filter({ hasText: 'Ikke direkte' })

/**
 * While the server is down: a bare static host on its port that serves the app shell (index.html
 * for every page, the built assets) from dist/client, answers every API call 502 and refuses the
 * sync upgrade, as a proxy or static host in front of a stopped server would. The server serves
 * the HTML with `no-cache` and there is no service worker, so with nothing on the port a reload
 * could not load the page at all. (Playwright's `page.route` cannot stand in: Chromium's local
 * network access check then blocks the page's WebSocket to 127.0.0.1 for good.)
 */
async function serveShellOnly(port: number): Promise<() => Promise<void>> {
  const host = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    if (pathname.startsWith('/api/') || pathname.startsWith('/auth/')) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway')
      return
    }
    const file = pathname.startsWith('/assets/') ? path.join(STATIC_DIR, pathname) : path.join(STATIC_DIR, 'index.html')
    if (!file.startsWith(STATIC_DIR + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : file.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream'
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' }).end(fs.readFileSync(file))
  })
  host.on('upgrade', (_req, socket: Duplex) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    host.once('error', reject)
    host.listen(port, '127.0.0.1', resolve)
  })
  return async () => {
    host.closeAllConnections()
    await new Promise<void>((resolve) => host.close(() => resolve()))
  }
}

/**
 * What `page` sends on its sync connections that could change a document: y-websocket sync
 * messages of type update (0, 2, …), and sync step 2 answers (0, 1, …) that carry more than the
 * empty update (two zero bytes). A reader must send none: loading its stored copy is not an edit.
 */
function recordChangesSent(page: Page): string[] {
  const sent: string[] = []
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/sync/')) return
    socket.on('framesent', ({ payload }) => {
      const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload
      if (bytes[0] !== 0) return
      const emptyStep2 = bytes[1] === 1 && bytes.length === 5 && bytes[2] === 2 && bytes[3] === 0 && bytes[4] === 0
      if (bytes[1] === 2 || (bytes[1] === 1 && !emptyStep2)) sent.push(`${socket.url().split('?')[0]}: ${bytes.toString('hex').slice(0, 40)}`)
    })
  })
  return sent
}

/** The meeting ids this browser profile keeps a reader's copy of (IndexedDB `referat-reader-copies`). */
function storedCopies(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('referat-reader-copies')
        let absent = false
        // Not created yet: do not create it here (the app creates its stores on first open).
        open.onupgradeneeded = () => {
          absent = true
          open.transaction?.abort()
        }
        open.onerror = () => (absent ? resolve([]) : reject(open.error ?? new Error('open failed')))
        open.onsuccess = () => {
          const keys = open.result.transaction('docs').objectStore('docs').getAllKeys()
          keys.onsuccess = () => {
            resolve(keys.result.map(String))
            open.result.close()
          }
          keys.onerror = () => reject(keys.error ?? new Error('getAllKeys failed'))
        }
      }),
  )
}

describe('a reader offline (issue 16)', () => {
  const e2e = useE2E()

  /** Awaits `assertion`; on failure adds what each page's status bar and alerts say, the minutes' texts and the server's log. */
  async function withDiagnostics(pages: EditorPage[], assertion: Promise<void>): Promise<void> {
    try {
      await assertion
    } catch (err) {
      const seen = await Promise.all(
        pages.map(async (p) => {
          const alerts = await p.page.getByRole('alert').allTextContents()
          const decision = await p.textOf(p.agendaItem('1/24').locator('.decision p')).catch(() => '?')
          return `status ${await p.status.textContent()}; alerts ${JSON.stringify(alerts.filter(Boolean))}; vedtak ${JSON.stringify(decision)}`
        }),
      )
      throw new Error(`${String(err)}\n${seen.join('\n')}\nserver log:\n${e2e.server.stderr().slice(-3000)}`)
    }
  }

  it('keeps reading the stored minutes with "Ikke direkte" while the server is down, also after a reload, and goes live again', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const member = await mintToken(url, meeting.id, { role: 'medlem', name: 'Kari Nordmann', org: 'KS' })
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(`${url}/m/${meeting.id}#token=${meeting.tokens.sekretær}`, 'Lucie Aunan')

    const reader = new EditorPage(await e2e.newPage())
    const changesSent = recordChangesSent(reader.page)
    await reader.page.goto(member.url)
    const decision = reader.agendaItem('1/24').locator('.decision p')
    await expect.poll(() => reader.textOf(decision)).toBe(DECISION)
    expect(await notLiveBanner(reader.page).count()).toBe(0)

    // The secretary writes; the reader sees it live.
    const secretaryDecision = secretary.agendaItem('1/24').locator('.decision p')
    await secretary.caretAtEndOf(secretaryDecision)
    await secretary.page.keyboard.type(' Ingen merknader.')
    await expect.poll(() => reader.textOf(decision)).toBe(`${DECISION} Ingen merknader.`)
    await secretary.waitForSaved()

    await e2e.crashAndRestart(async () => {
      // The connection drops while reading: the text stays, and after the grace the banner says so.
      await expect.poll(() => notLiveBanner(reader.page).textContent(), { timeout: 20_000 }).toMatch(NOT_LIVE)
      expect(await reader.textOf(decision)).toBe(`${DECISION} Ingen merknader.`)
      expect(await reader.page.getByRole('alert').filter({ hasText: 'Ikke direkte' }).count()).toBe(0)
      await e2e.shot(reader.page, 'offline-reader-1-dropped')

      // A reload without the server: the stored copy is on screen at once, with the banner.
      const stopServing = await serveShellOnly(Number(new URL(url).port))
      await reader.page.reload()
      await expect.poll(() => reader.textOf(decision), { timeout: 20_000 }).toBe(`${DECISION} Ingen merknader.`)
      await expect.poll(() => notLiveBanner(reader.page).textContent()).toMatch(NOT_LIVE)
      expect(await seriousViolations(reader.page), 'axe: reader offline').toEqual([])
      await e2e.shot(reader.page, 'offline-reader-2-reloaded')
      await stopServing()

      // Meanwhile the secretary goes on writing (kept in their browser until the server is back).
      await secretary.page.locator('.sync-status[data-state="offline"]').waitFor()
      await secretary.caretAtEndOf(secretaryDecision)
      await secretary.page.keyboard.type(' Vedtaket var enstemmig.')
    })

    // Live again: the banner goes, and what was written meanwhile and after arrives.
    await withDiagnostics(
      [reader, secretary],
      expect.poll(() => reader.textOf(decision), { timeout: RECONNECT_TIMEOUT_MS }).toBe(`${DECISION} Ingen merknader. Vedtaket var enstemmig.`),
    )
    await expect.poll(() => notLiveBanner(reader.page).count(), { timeout: RECONNECT_TIMEOUT_MS }).toBe(0)
    await secretary.waitForSaved()
    await secretary.caretAtEndOf(secretaryDecision)
    await secretary.page.keyboard.type(' Protokollen er lest.')
    await expect.poll(() => reader.textOf(decision)).toBe(`${DECISION} Ingen merknader. Vedtaket var enstemmig. Protokollen er lest.`)
    // Nothing the reader stored was offered to the server as a change (that would close it with 4403 read-only).
    expect(changesSent).toEqual([])
    expect(await reader.page.getByRole('alert').filter({ hasText: /.+/ }).count()).toBe(0)
    expect(await storedCopies(reader.page)).toEqual([meeting.id])
  })

  it('shows the banner when the reader\'s own browser goes offline, and removes it when back', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-02' })
    const observer = await mintToken(url, meeting.id, { role: 'observatør', name: 'Christine Bergland', org: 'Helsedirektoratet' })
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(`${url}/m/${meeting.id}#token=${meeting.tokens.sekretær}`, 'Lucie Aunan')
    const reader = new EditorPage(await e2e.newPage())
    await reader.page.goto(observer.url)
    const decision = reader.agendaItem('1/24').locator('.decision p')
    await expect.poll(() => reader.textOf(decision)).toBe(DECISION)

    await reader.page.context().setOffline(true)
    await expect.poll(() => notLiveBanner(reader.page).textContent(), { timeout: RECONNECT_TIMEOUT_MS }).toMatch(NOT_LIVE)
    expect(await reader.textOf(decision)).toBe(DECISION)
    const secretaryDecision = secretary.agendaItem('1/24').locator('.decision p')
    await secretary.caretAtEndOf(secretaryDecision)
    await secretary.page.keyboard.type(' Skrevet mens observatøren var borte.')
    await secretary.waitForSaved()

    await reader.page.context().setOffline(false)
    await expect.poll(() => reader.textOf(decision), { timeout: RECONNECT_TIMEOUT_MS }).toBe(`${DECISION} Skrevet mens observatøren var borte.`)
    await expect.poll(() => notLiveBanner(reader.page).count(), { timeout: RECONNECT_TIMEOUT_MS }).toBe(0)
  })

  it('forgets the stored copy when the reader\'s link is revoked', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-03' })
    const member = await mintToken(url, meeting.id, { role: 'medlem', name: 'Ola Nordmann', org: 'KS' })
    const reader = new EditorPage(await e2e.newPage())
    await reader.page.goto(member.url)
    await expect.poll(() => reader.textOf(reader.agendaItem('1/24').locator('.decision p'))).toBe(DECISION)
    await expect.poll(() => storedCopies(reader.page), { timeout: 20_000 }).toEqual([meeting.id])

    await revokeToken(url, meeting.id, member.tokenId)
    await reader.page.getByRole('alert').filter({ hasText: 'Invitasjonslenken er trukket tilbake' }).waitFor()
    await expect.poll(() => storedCopies(reader.page)).toEqual([])
    expect(await notLiveBanner(reader.page).count()).toBe(0)
  })
})
