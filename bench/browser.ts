// browser: the secretary's page in Debian chromium (headless, the e2e tests' flags) against our
// server as a child process, with a long referat (seed 003's saker repeated to ~60 printed pages):
//  1. first editable render: page.goto of the sekretær link → the editor is contenteditable and
//     holds the last sak's title; median of `loads` fresh contexts;
//  2. keystroke → paint while 5 stock y-websocket clients move their carets (awareness `cursor`
//     as y-tiptap writes it) ~5 times a second and one of them types a character every second far
//     away: the page types N characters into the narrative of the middle sak, and a probe in the
//     page records for every keydown the time to the next rAF and to a task after that frame
//     (bench/browser/pageProbe.ts). Long tasks (PerformanceObserver 'longtask') while typing.
//  3. when the keystroke → paint p95 is over 16 ms (or `profile` is set): a further typing pass
//     under the CDP sampling profiler, top functions by self time.
// Needs the built client (dist/client): run `npm run build` first.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'
import * as Y from 'yjs'
import { createMeeting, editMinutes, minutesOf, waitFor, withTimeout } from '../tests/helpers'
import { launchChromium } from '../tests/e2e/support/browser'
import { MINUTES_FRAGMENT } from '../shared/schema'
import { MEETING } from './fanout'
import { Samples, decisionText, loadClient, machineTicks, machineWindow, median, now, r2, sleep, startOurs, type BenchServer, type LoadClient } from './harness'
import { CHARS_PER_PAGE, buildLongReferat, type LongReferat } from './browser/longReferat'
import { editableWithLastSak, installProbe, type ProbeState } from './browser/pageProbe'

const repoRoot = path.resolve(import.meta.dirname, '..')
const staticIndex = path.join(repoRoot, 'dist', 'client', 'index.html')
const SCREENSHOT = '/tmp/bench-browser.png'
const PAGE_USER = 'Bench Sekretær'
/** Roles of the remote caret clients; the first also types (it may write). */
const CARET_ROLES = ['sekretær', 'møteleder', 'medlem', 'medlem', 'observatør'] as const
const CARET_HZ = 5
const KEYS_PER_S = 8
const PHRASE = 'sekretaeren skriver videre i saken mens de andre leser med '

export interface BrowserOptions {
  /** Characters the page types (default 200; quick: 60). */
  repeatKeystrokes?: number
  quick?: boolean
  /** Fresh page loads for the first render (default 3; quick: 1). */
  loads?: number
  /** Force the profiled typing pass even when p95 is under 16 ms. */
  profile?: boolean
  /** Remote caret clients (default 5; 0 for a baseline without them). */
  carets?: number
  /** Printed pages of the referat (default 60). */
  pages?: number
  /** STATIC_DIR for the server (e.g. an unminified build, for readable profiles). */
  staticDir?: string
}

type Result = { result: Record<string, unknown>; summary: string[] }

export async function runBrowser(o: BrowserOptions = {}): Promise<Result> {
  if (!fs.existsSync(staticIndex)) {
    throw new Error(`${path.relative(repoRoot, staticIndex)} is missing: the browser bench needs the built client, run \`npm run build\` first`)
  }
  const referat = buildLongReferat((o.pages ?? 60) * CHARS_PER_PAGE)
  let server: BenchServer | null = null
  let browser: Browser | null = null
  const clients: LoadClient[] = []
  try {
    server = await startOurs(o.staticDir ? { env: { STATIC_DIR: path.resolve(o.staticDir) } } : {})
    browser = await launchChromium()
    return await measure(server, browser, referat, clients, o)
  } finally {
    for (const c of clients) c.destroy()
    await browser?.close().catch(() => undefined)
    await server?.stop()
  }
}

async function newProbedPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  // The probes are evaluated from strings (tsx wraps functions in a helper the page lacks), which the
  // app's Content-Security-Policy forbids (no eval); the bench turns the CSP off in its own browser.
  const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 }, bypassCSP: true })
  // `__name`: tsx (esbuild keepNames) may wrap functions in it; the page has no such helper.
  await context.addInitScript({ content: `var __name = (f) => f;\n(${installProbe.toString()})(${JSON.stringify(PAGE_USER)});` })
  const page = await context.newPage()
  page.setDefaultTimeout(60_000)
  return { context, page }
}

/** Waits until the editor is editable and holds the last sak; returns performance.now() then. */
async function waitEditable(page: Page, last: { number: string; title: string }, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(`(${editableWithLastSak.toString()})(${JSON.stringify(last)})`, undefined, {
    polling: 'raf',
    timeout: timeoutMs,
  })
  return Number(await handle.jsonValue())
}

/** Every Y.XmlText below `el`, depth first. */
function textsOf(el: Y.XmlElement | Y.XmlFragment, out: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) out.push(child)
    else if (child instanceof Y.XmlElement) textsOf(child, out)
  }
  return out
}

async function measure(server: BenchServer, browser: Browser, referat: LongReferat, clients: LoadClient[], o: BrowserOptions): Promise<Result> {
  const keystrokes = o.repeatKeystrokes ?? (o.quick ? 60 : 200)
  const loads = o.loads ?? (o.quick ? 1 : 3)
  const chromiumVersion = browser.version()

  // ---------------------------------------------------------------- the meeting and its referat
  const meeting = await createMeeting(server.url, MEETING)
  const secretaryToken = meeting.tokens['sekretær']
  const url = meeting.invitations.find((i) => i.role === 'sekretær')!.url
  const uploader = loadClient(server.wsUrl, meeting.id, { silent: true, token: secretaryToken })
  clients.push(uploader)
  await uploader.synced
  editMinutes(uploader.doc, (tr, doc) => {
    tr.replaceWith(0, doc.content.size, referat.node.content)
  })
  const expected = JSON.stringify(referat.node.toJSON())
  if (JSON.stringify(minutesOf(uploader.doc).toJSON()) !== expected) throw new Error('the uploaded minutes differ from the long referat')
  await waitFor(
    async () => {
      const probe = loadClient(server.wsUrl, meeting.id, { silent: true, token: meeting.tokens['medlem'], syncTimeoutMs: 30_000 })
      try {
        await probe.synced
        return JSON.stringify(minutesOf(probe.doc).toJSON()) === expected
      } finally {
        probe.destroy()
      }
    },
    60_000,
    'the server to hold the long referat',
  )
  uploader.destroy()
  clients.splice(clients.indexOf(uploader), 1)
  await sleep(500)

  // ---------------------------------------------------------------- 1. first editable render
  const last = referat.saker[referat.saker.length - 1]
  const firstRender: { in_page_ms: number; wall_ms: number }[] = []
  let staticHtml = ''
  for (let r = 0; r < loads; r++) {
    const { context, page } = await newProbedPage(browser)
    try {
      const t0 = now()
      await page.goto(url, { waitUntil: 'commit', timeout: 30_000 })
      const inPage = await waitEditable(page, last, 60_000)
      firstRender.push({ in_page_ms: r2(inPage), wall_ms: r2(now() - t0) })
      // The page as rendered, scripts removed: the same DOM and CSS without the app (a floor).
      if (r === loads - 1) staticHtml = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '')
    } finally {
      await context.close().catch(() => undefined)
    }
    await sleep(500)
  }

  // ---------------------------------------------------------------- floors: the same probe without the app
  // Measured before the caret clients exist, with no other page open.
  const middle = Math.floor(referat.saker.length / 2)
  const target = referat.saker[middle]
  const floor = await measureFloor(browser, o.quick ? 24 : 48)
  const staticFloor = await onStaticCopy(browser, server.url, staticHtml, target.number, async (p) => {
    const t = await typeAndProbe(p, PHRASE.repeat(2).slice(0, o.quick ? 24 : 48), async () => undefined)
    return { samples: t.samples, paint_ms: t.paint, raf_ms: t.raf, long_tasks: t.longTasks.count }
  })

  // ---------------------------------------------------------------- 2. typing with remote carets
  const { context, page } = await newProbedPage(browser)
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: 30_000 })
    await waitEditable(page, last, 60_000)

    // The caret at the end of the last paragraph of the middle sak's narrative, before the remote
    // carets exist (so that the click cannot land on one of their labels).
    const paragraph = page.locator(`section.agenda-item[data-number="${target.number}"] .narrative > p`).last()
    await paragraph.scrollIntoViewIfNeeded()
    const box = await paragraph.boundingBox()
    if (!box) throw new Error(`no narrative paragraph in sak ${target.number}`)
    await paragraph.click({ position: { x: box.width - 2, y: box.height - 4 } })
    await page.keyboard.press('End')
    const before = await paragraph.evaluate(textWithoutCarets)
    const selectionSak = () =>
      page.evaluate(() => {
        const n = document.getSelection()?.anchorNode
        const el = n ? (n.nodeType === 1 ? (n as Element) : n.parentElement) : null
        return el?.closest('section.agenda-item')?.getAttribute('data-number') ?? null
      })

    // The remote clients: presence with a name, carets moving, the first also typing far away.
    for (const [i, role] of CARET_ROLES.slice(0, o.carets ?? CARET_ROLES.length).entries()) {
      const c = loadClient(server.wsUrl, meeting.id, { silent: false, token: meeting.tokens[role], syncTimeoutMs: 30_000 })
      c.provider.awareness.setLocalStateField('user', { name: `Fjern ${i + 1}`, role, color: '#000000', verified: false })
      clients.push(c)
    }
    await withTimeout(Promise.all(clients.map((c) => c.synced)), 30_000, 'the caret clients to sync')
    const items = clients.map((c) =>
      c.doc
        .getXmlFragment(MINUTES_FRAGMENT)
        .toArray()
        .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'agendaItem'),
    )
    // Two clients read in the sak being written (their carets are on screen), one around it, two anywhere.
    const pools = clients.map((_, i) => {
      const saker = i < 2 ? items[i].slice(middle, middle + 1) : i < 3 ? items[i].slice(Math.max(0, middle - 1), middle + 2) : items[i]
      return saker.flatMap((el) => textsOf(el)).filter((t) => t.length > 0)
    })
    let caretMoves = 0
    let remoteChars = 0
    let moving = true
    const moveCaret = (i: number) => {
      const pool = pools[i]
      const text = pool[Math.floor(Math.random() * pool.length)]
      const at = Math.floor(Math.random() * (text.length + 1))
      const anchor = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, at))
      const head = Math.random() < 0.3 ? Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, Math.min(text.length, at + 12))) : anchor
      clients[i].provider.awareness.setLocalStateField('cursor', { anchor, head })
      caretMoves++
    }
    const movers = clients.map((_, i) =>
      (async () => {
        await sleep((i * 1000) / CARET_HZ / clients.length)
        while (moving) {
          moveCaret(i)
          await sleep(1000 / CARET_HZ)
        }
      })(),
    )
    const farText = clients.length ? decisionText(clients[0].doc) : null // the first sak's vedtak: ~50 saker above the typing
    const typist = (async () => {
      while (moving && farText) {
        await sleep(1000)
        if (!moving) break
        farText!.insert(farText.length, '.')
        remoteChars++
      }
    })()
    await sleep(1500) // carets appear
    // Where the local caret is once the remote carets are there (it should not have moved).
    const selectionBefore = await selectionSak()

    await sleep(500)

    const typed = PHRASE.repeat(Math.ceil(keystrokes / PHRASE.length)).slice(0, keystrokes)
    const m0 = machineTicks()
    const typing = await typeAndProbe(page, typed, () => page.screenshot({ path: SCREENSHOT }))
    const machine = { ...machineWindow(m0, machineTicks()), loadavg_1m: r2(os.loadavg()[0]), cores: os.cpus().length }

    // Every keystroke in the DOM, and at the server (a fresh stock client sees it).
    const after = await paragraph.evaluate(textWithoutCarets)
    const inDom = after.includes(typed) && after.length - before.length === typed.length
    let prefix = 0 // the longest prefix of the typed text present as typed, when not all of it is
    if (!inDom) while (prefix < typed.length && after.includes(typed.slice(0, prefix + 1))) prefix++
    const domCheck: Record<string, unknown> = {
      added_chars: after.length - before.length,
      typed_prefix_found: inDom ? typed.length : prefix,
      caret_sak_before_typing: selectionBefore,
      caret_sak_after_typing: await selectionSak(),
    }
    if (!inDom) {
      // Where did the keys go? The paragraph with the caret labels, and every sak holding a piece of the text.
      const piece = typed.slice(0, 12)
      domCheck.paragraph_tail_with_caret_labels = (await paragraph.evaluate((el) => el.textContent ?? '')).slice(-200)
      domCheck.saker_with_typed_piece = await page.evaluate(
        (pc) => [...document.querySelectorAll('section.agenda-item')].filter((el) => (el.textContent ?? '').includes(pc)).map((el) => el.getAttribute('data-number')),
        piece,
      )
      domCheck.editor_text_length_change = (await page.locator('[role="textbox"][aria-label="Referat"]').evaluate(textWithoutCarets)).length - referat.stats.chars
      domCheck.selection = await page.evaluate(() => {
        const sel = document.getSelection()
        const n = sel?.anchorNode
        const el = n ? (n.nodeType === 1 ? (n as Element) : n.parentElement) : null
        return { anchor_text: n?.textContent?.slice(0, 80) ?? null, in_sak: el?.closest('section.agenda-item')?.getAttribute('data-number') ?? null, in_class: el?.className ?? null }
      })
    }
    const atServer = await waitFor(
      async () => {
        const probe = loadClient(server.wsUrl, meeting.id, { silent: true, token: meeting.tokens['medlem'], syncTimeoutMs: 30_000 })
        try {
          await probe.synced
          let found = false
          minutesOf(probe.doc).descendants((n) => {
            if (n.type.name === 'agendaItem' && n.attrs.number === target.number && n.textContent.includes(typed)) found = true
            return !found && n.type.name !== 'agendaItem'
          })
          return found
        } finally {
          probe.destroy()
        }
      },
      15_000,
      'the typed text at the server',
    ).catch(() => false)
    const carets = await page.locator('.collaboration-carets__caret').count()

    // 3. where the time goes (a separate, profiled pass: the profiler itself costs time).
    let profile: Record<string, unknown> | null = null
    if (o.profile || (typing.paint.p95 ?? 0) > 16) {
      const cdp = await context.newCDPSession(page)
      const text = PHRASE.slice(0, o.quick ? 24 : 48)
      profile = { keys: text.length, typing: await profiled(cdp, () => typeSteadily(page, text), '/tmp/bench-browser-typing.cpuprofile') }
      if (clients.length) profile.carets_only = await profiled(cdp, () => sleep(3000), '/tmp/bench-browser-carets.cpuprofile')
      await cdp.detach().catch(() => undefined)
      profile.trace_typing = await traced(browser, page, () => typeSteadily(page, text))
      if (clients.length) profile.trace_carets_only = await traced(browser, page, () => sleep(3000))
    }

    moving = false
    await Promise.all([...movers, typist])
    if (profile) {
      await sleep(500)
      // With the carets and the typist stopped, the app page is idle: it takes no CPU from this one.
      profile.trace_static_floor = await onStaticCopy(browser, server.url, staticHtml, target.number, (p) => traced(browser, p, () => typeSteadily(p, PHRASE.slice(0, 24))))
    }

    const renders = firstRender.map((f) => f.in_page_ms)
    const result: Record<string, unknown> = {
      chromium: chromiumVersion,
      document: { ...referat.stats, typing_in_sak: target.number, last_sak: last.number },
      first_render_ms: {
        what: 'navigation start → editor contenteditable with the last sak title in the DOM (performance.now() in the page, rAF polling)',
        runs: renders,
        median: r2(median(renders)!),
        wall_runs: firstRender.map((f) => f.wall_ms),
        wall_median: r2(median(firstRender.map((f) => f.wall_ms))!),
      },
      keystroke: {
        what: 'keydown event.timeStamp → after the next frame was painted (MessageChannel task posted from the rAF callback); raf = keydown → rAF callback',
        typed: typed.length,
        keys_per_s: KEYS_PER_S,
        samples: typing.samples,
        paint_ms: typing.paint,
        raf_ms: typing.raf,
        over_16ms: typing.over16,
        in_dom: inDom,
        dom_check: domCheck,
        at_server: atServer,
      },
      long_tasks: typing.longTasks,
      machine_while_typing: machine,
      floor_static_dom: {
        what: 'the same probe and typing into the same paragraph of a static copy of the rendered page (same DOM and CSS, scripts removed, no carets): what the browser alone needs for this document',
        ...staticFloor,
      },
      floor: {
        what: 'the same probe and typing in a bare <div contenteditable> in this chromium (no app): what headless frame pacing alone costs',
        ...floor,
      },
      remote: { clients: clients.length, carets_rendered: carets, caret_hz_each: CARET_HZ, caret_moves: caretMoves, remote_chars_typed: remoteChars },
      screenshot: SCREENSHOT,
      profile,
    }
    const q = (s: { p50: number | null; p95: number | null; p99: number | null; max: number | null }) =>
      `p50 ${s.p50} / p95 ${s.p95} / p99 ${s.p99} / max ${s.max} ms`
    const summary = [
      `browser: ${referat.stats.chars} characters (~${referat.stats.pages_est} pages), ${referat.stats.saker} saker, ${referat.stats.nodes} nodes; chromium ${chromiumVersion}`,
      `  first editable render: median ${r2(median(renders)!)} ms (runs ${renders.join(', ')} ms; wall from goto ${firstRender.map((f) => f.wall_ms).join(', ')} ms)`,
      `  keystroke→paint (${typing.samples} keys in sak ${target.number}, ${clients.length} remote carets at ${CARET_HZ}/s each): ${q(typing.paint)}; over 16 ms: ${typing.over16}`,
      `  keystroke→rAF: ${q(typing.raf)}`,
      `  floor (bare contenteditable, same probe): keystroke→paint ${q(floor.paint_ms)}; frame interval median ${floor.frame_interval_ms} ms`,
      `  floor (static copy of the page, same DOM + CSS, no JS): keystroke→paint ${q(staticFloor.paint_ms)}`,
      `  machine while typing: ${machine.busy_pct} % of ${machine.cores} cores busy (whole machine, this bench included), load average ${machine.loadavg_1m}`,
      `  long tasks while typing: ${typing.longTasks.count}, total ${typing.longTasks.total_ms} ms, longest ${typing.longTasks.max_ms} ms`,
      `  typed text in the DOM: ${inDom ? 'yes' : `NO (${domCheck.added_chars} characters added, first ${domCheck.typed_prefix_found} as typed)`}; at the server: ${atServer ? 'yes' : 'NO'}; carets rendered: ${carets}`,
    ]
    if (profile) summary.push(`  profile (self time while typing ${String(profile.keys)} keys): ${((profile.typing as { top: { fn: string; self_ms: number }[] }).top).slice(0, 6).map((f) => `${f.fn} ${f.self_ms} ms`).join('; ')}`)
    return { result, summary }
  } finally {
    await context.close().catch(() => undefined)
  }
}

/** Keystroke → paint in a bare contenteditable (no app), and the idle rAF interval. */
async function measureFloor(browser: Browser, keys: number) {
  const { context, page } = await newProbedPage(browser)
  try {
    // A routed page, not setContent: its document.open() would drop the probe's listeners.
    await page.route('http://bench.invalid/floor', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><div id="e" contenteditable="true" style="font: 16px sans-serif; width: 600px">Tekst: </div>' }),
    )
    await page.goto('http://bench.invalid/floor', { timeout: 30_000 })
    // A string, not a function: tsx would wrap the named inner function in its __name helper.
    const frameInterval = Number(
      await page.evaluate(`new Promise((resolve) => {
        const ts = []
        const tick = (t) => {
          ts.push(t)
          if (ts.length < 61) return requestAnimationFrame(tick)
          const d = ts.slice(1).map((x, i) => x - ts[i]).sort((a, b) => a - b)
          resolve(d[Math.floor(d.length / 2)])
        }
        requestAnimationFrame(tick)
      })`),
    )
    await page.click('#e')
    await page.keyboard.press('End')
    const typing = await typeAndProbe(page, PHRASE.repeat(2).slice(0, keys), async () => undefined)
    return { frame_interval_ms: r2(frameInterval), samples: typing.samples, paint_ms: typing.paint, raf_ms: typing.raf }
  } finally {
    await context.close().catch(() => undefined)
  }
}

/**
 * Runs `during` on a static copy of the rendered page (served through page.route at the server's
 * origin, so that its stylesheet loads) with the caret at the end of sak `sak`'s narrative: the
 * browser's own cost for this DOM, without the app.
 */
async function onStaticCopy<T>(browser: Browser, origin: string, html: string, sak: string, during: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await newProbedPage(browser)
  try {
    const at = `${origin}/__bench/static-floor`
    await page.route(at, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }))
    await page.goto(at, { timeout: 30_000 })
    const paragraph = page.locator(`section.agenda-item[data-number="${sak}"] .narrative > p`).last()
    await paragraph.scrollIntoViewIfNeeded()
    const box = await paragraph.boundingBox()
    if (!box) throw new Error(`static floor: no narrative paragraph in sak ${sak}`)
    await paragraph.click({ position: { x: box.width - 2, y: box.height - 4 } })
    await page.keyboard.press('End')
    return await during(page)
  } finally {
    await context.close().catch(() => undefined)
  }
}

/** The text of an element as written, without remote caret labels (runs in the page). */
function textWithoutCarets(el: Element): string {
  const copy = el.cloneNode(true) as HTMLElement
  for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
  return copy.textContent ?? ''
}

/**
 * Types `text` one key every 1/KEYS_PER_S s (on a fixed schedule), with `midway` run once at the
 * halfway point (the screenshot; long tasks during it are left out), and returns the probe's
 * figures for these keys.
 */
async function typeAndProbe(page: Page, text: string, midway: () => Promise<unknown>) {
  const readProbe = () => page.evaluate(() => window.__benchProbe!)
  const start = (await readProbe()).keys.length
  const pageT0 = await page.evaluate(() => performance.now())
  let exclude: [number, number] | null = null
  let t0 = now()
  for (let i = 0; i < text.length; i++) {
    if (i === Math.floor(text.length / 2)) {
      const a = await page.evaluate(() => performance.now())
      await midway()
      await sleep(300)
      exclude = [a, await page.evaluate(() => performance.now())]
      t0 = now() - (i * 1000) / KEYS_PER_S
    }
    const wait = t0 + (i * 1000) / KEYS_PER_S - now()
    if (wait > 1) await sleep(wait)
    await page.keyboard.type(text[i])
  }
  await sleep(500) // the last frames
  const pageT1 = await page.evaluate(() => performance.now())
  const state: ProbeState = await readProbe()
  const keys = state.keys.slice(start)
  const paint = new Samples(keys.length)
  const raf = new Samples(keys.length)
  let over16 = 0
  for (const k of keys) {
    paint.push(k.paint)
    raf.push(k.raf)
    if (k.paint > 16) over16++
  }
  const tasks = state.longTasks.filter((t) => t.start >= pageT0 && t.start <= pageT1 && !(exclude && t.start >= exclude[0] && t.start <= exclude[1]))
  const durations = tasks.map((t) => t.duration)
  return {
    samples: keys.length,
    paint: paint.summary(),
    raf: raf.summary(),
    over16,
    longTasks: {
      count: tasks.length,
      total_ms: r2(durations.reduce((s, d) => s + d, 0)),
      max_ms: durations.length ? r2(Math.max(...durations)) : 0,
      typing_s: r2((pageT1 - pageT0) / 1000),
      screenshot_excluded: exclude ? r2(exclude[1] - exclude[0]) : null,
    },
  }
}

/** Types `text` at KEYS_PER_S on a fixed schedule, then waits 300 ms for the last frames. */
async function typeSteadily(page: Page, text: string): Promise<void> {
  const t0 = now()
  for (let i = 0; i < text.length; i++) {
    const wait = t0 + (i * 1000) / KEYS_PER_S - now()
    if (wait > 1) await sleep(wait)
    await page.keyboard.type(text[i])
  }
  await sleep(300)
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  /** Thread (CPU) time of the event, µs, when the trace has it: unlike dur, not inflated by other processes. */
  tdur?: number
  args?: { name?: string; data?: { type?: string } }
}

/** Trace event names always summed (besides the 25 largest); they nest: RunTask holds the rest. */
const TRACE_NAMES = [
  'RunTask',
  'EventDispatch',
  'FunctionCall',
  'TimerFire',
  'FireAnimationFrame',
  'RunMicrotasks',
  'V8.GC_SCAVENGER',
  'MajorGC',
  'MinorGC',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'HitTest',
  'IntersectionObserverController::computeIntersections',
  'Document::updateStyleAndLayout',
]

/**
 * Records a Chrome trace (devtools.timeline) of the page while `during` runs and sums the
 * renderer main thread's events by name: wall ms and thread-CPU ms per second of the window,
 * count, longest.
 */
async function traced(browser: Browser, page: Page, during: () => Promise<unknown>): Promise<Record<string, unknown>> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] })
  const t0 = now()
  await during()
  const seconds = (now() - t0) / 1000
  const buf = await browser.stopTracing()
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents
  // The renderer main thread that received the keys; when nothing was typed, the busiest one.
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`))
  const keys = new Map<string, number>()
  const count = new Map<string, number>()
  for (const e of events) {
    const id = `${e.pid}:${e.tid}`
    if (!mains.has(id)) continue
    count.set(id, (count.get(id) ?? 0) + (e.dur ?? 0))
    if (e.name === 'EventDispatch' && e.args?.data?.type === 'keydown') keys.set(id, (keys.get(id) ?? 0) + 1)
  }
  const main = [...(keys.size ? keys : count).entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
  const byName = new Map<string, { xs: number[]; cpu: number }>()
  for (const e of events) {
    if (`${e.pid}:${e.tid}` !== main || e.ph !== 'X' || typeof e.dur !== 'number') continue
    const entry = byName.get(e.name) ?? { xs: [], cpu: 0 }
    entry.xs.push(e.dur / 1000)
    entry.cpu += (e.tdur ?? 0) / 1000
    byName.set(e.name, entry)
  }
  const sums: Record<string, { ms_per_s: number; cpu_ms_per_s: number; count: number; max_ms: number }> = {}
  const ranked = [...byName.entries()].map(([name, { xs, cpu }]) => ({ name, total: xs.reduce((s, d) => s + d, 0), cpu, xs })).sort((a, b) => b.total - a.total)
  for (const { name, total, cpu, xs } of ranked.filter((r) => TRACE_NAMES.includes(r.name) || ranked.indexOf(r) < 25)) {
    sums[name] = { ms_per_s: r2(total / seconds), cpu_ms_per_s: r2(cpu / seconds), count: xs.length, max_ms: r2(Math.max(...xs)) }
  }
  return { seconds: r2(seconds), main_thread: sums }
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  children?: number[]
}

/** Runs `during` under the CDP sampling profiler (100 µs); top functions by self and by total time. */
async function profiled(cdp: CDPSession, during: () => Promise<unknown>, saveAs: string): Promise<Record<string, unknown>> {
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  await cdp.send('Profiler.start')
  const t0 = now()
  await during()
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }
  }
  await cdp.send('Profiler.disable')
  fs.writeFileSync(saveAs, JSON.stringify(profile)) // opens in DevTools' Performance panel
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const NATIVE = ['(idle)', '(program)', '(garbage collector)', '(root)']
  const keyOf = (f: ProfileNode['callFrame']) =>
    NATIVE.includes(f.functionName) && f.url === '' ? f.functionName : `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  let busy = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0
    const leaf = byId.get(profile.samples[i])!
    const leafKey = keyOf(leaf.callFrame)
    self.set(leafKey, (self.get(leafKey) ?? 0) + us)
    if (leafKey !== '(idle)') busy += us
    // Inclusive: every distinct function on the sample's stack (recursion counted once).
    const seen = new Set<string>()
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const k = keyOf(byId.get(id)!.callFrame)
      if (seen.has(k)) continue
      seen.add(k)
      total.set(k, (total.get(k) ?? 0) + us)
    }
  }
  const rank = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .filter(([k]) => k !== '(idle)' && k !== '(root)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([fn, us]) => ({ fn, ms: r2(us / 1000) }))
  const top = rank(self, 25).map(({ fn, ms }) => ({ fn, self_ms: ms }))
  const inclusive = rank(total, 60).map(({ fn, ms }) => ({ fn, total_ms: ms }))
  return { file: saveAs, seconds: r2((now() - t0) / 1000), busy_ms: r2(busy / 1000), top, inclusive }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  const out = await runBrowser({
    quick: process.argv.includes('--quick'),
    profile: process.argv.includes('--profile'),
    repeatKeystrokes: arg('keys') ? Number(arg('keys')) : undefined,
    loads: arg('loads') ? Number(arg('loads')) : undefined,
    carets: arg('carets') ? Number(arg('carets')) : undefined,
    pages: arg('pages') ? Number(arg('pages')) : undefined,
    staticDir: arg('static'),
  })
  console.log(JSON.stringify({ scenario: 'browser', ...out.result }))
  for (const line of out.summary) console.log(line)
}
