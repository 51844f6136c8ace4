import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { spawnServer, tempDataDir, type SpawnedServer } from '../../helpers'
import { oidcEnv, reserveOidcProvider, type TestOidcProvider } from '../../helpers/oidcProvider'
import { launchChromium } from './browser'

const repoRoot = path.resolve(import.meta.dirname, '../../..')
const staticDir = path.join(repoRoot, 'dist', 'client')
const screenshotDir = process.env.E2E_SCREENSHOTS ? path.resolve(process.env.E2E_SCREENSHOTS) : null

/** What a browser test file gets: Debian chromium, the real server as a child process, pages. */
export interface E2E {
  readonly server: SpawnedServer
  /**
   * A page in a fresh browser context (its own storage, like another person's browser);
   * `options` for a different device (a phone's viewport and touch).
   */
  newPage(options?: BrowserContextOptions): Promise<Page>
  /** kill -9 the server, run `whileDown`, then start it again on the same port and data. */
  crashAndRestart(whileDown?: () => Promise<void>): Promise<void>
  /**
   * Saves a full-page screenshot when E2E_SCREENSHOTS names a folder; `viewport: true` saves only
   * what is on the screen (where fixed parts, such as a floating button, really are).
   */
  shot(page: Page, name: string, options?: { viewport?: boolean }): Promise<void>
}

/** Extra set-up of a file's server (e.g. an identity provider it signs in with). */
export interface E2EOptions {
  /** Environment for the server, made before it starts. */
  env?: () => Promise<Record<string, string>>
  /** Runs once the server is listening (its URL known). */
  started?: (server: SpawnedServer) => Promise<void>
}

/** Registers beforeAll/afterAll that start and stop the browser and the server for one file. */
export function useE2E(options: E2EOptions = {}): E2E {
  let browser: Browser
  let server: SpawnedServer
  let serverEnv: Record<string, string> = {}
  const data = tempDataDir()
  const contexts: BrowserContext[] = []
  const start = (env: Record<string, string> = {}) => spawnServer(data.dir, { STATIC_DIR: staticDir, ...serverEnv, ...env })

  beforeAll(async () => {
    if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
      throw new Error('dist/client is not built: run `npm run build` (npm run test:e2e does)')
    }
    browser = await launchChromium()
    serverEnv = (await options.env?.()) ?? {}
    server = await start()
    await options.started?.(server)
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.kill9()
    data.remove()
  })

  return {
    get server() {
      return server
    },
    async newPage(options = {}) {
      const context = await browser.newContext({ locale: 'nb-NO', ...options })
      contexts.push(context)
      return context.newPage()
    },
    async crashAndRestart(whileDown) {
      const port = new URL(server.url).port
      await server.kill9()
      await whileDown?.()
      server = await start({ PORT: port })
    },
    async shot(page, name, options = {}) {
      if (!screenshotDir) return
      fs.mkdirSync(screenshotDir, { recursive: true })
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: !options.viewport })
    },
  }
}

/** A file's server signing in with a test OpenID provider (oidc-provider on 127.0.0.1), and that provider. */
export function useE2EWithProvider(): { readonly e2e: E2E; provider(): TestOidcProvider } {
  let idp: TestOidcProvider | null = null
  const e2e = useE2E({
    env: async () => {
      idp = await reserveOidcProvider()
      return oidcEnv(idp.issuer)
    },
    started: async (server) => {
      await idp!.start([`${server.url}/auth/callback`], [`${server.url}/`])
    },
  })
  afterAll(async () => {
    await idp?.stop()
  })
  return {
    e2e,
    provider: () => {
      if (!idp) throw new Error('The identity provider starts with the server (beforeAll)')
      return idp
    },
  }
}
