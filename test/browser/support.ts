import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AxeBuilder } from '@axe-core/playwright'
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core'
import { createTestApp, type TestApp } from '../support/app.js'

/** The Debian package's Chromium: the suite never downloads a browser (`playwright install` is not used). */
export const chromiumPath = '/usr/bin/chromium'

/** The WCAG 2.2 AA rule sets; axe's best-practice rules are left out so a failure always names a WCAG criterion. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/**
 * Why the browser suite cannot run here, or false when it can. On CI a missing browser must fail the build, not
 * quietly skip the accessibility checks; on a developer's machine it skips with a hint.
 */
export function browserSkipReason(): string | false {
  if (existsSync(chromiumPath)) return false
  if (process.env.CI) throw new Error(`Browser tests need Chromium at ${chromiumPath} on CI: apt-get install chromium`)
  return `no Chromium at ${chromiumPath}; install it with "apt-get install -y chromium" to run the browser tests`
}

/** What a page printed that the suite treats as a failure. */
interface PageWatch {
  cspViolations: string[]
  /** Status of the last page (main-frame document) reached, after redirects. */
  lastStatus?: number
}

const watches = new WeakMap<Page, PageWatch>()

function watch(page: Page): PageWatch {
  const seen: PageWatch = { cspViolations: [] }
  watches.set(page, seen)
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.cspViolations.push(`${page.url()}: ${message.text()}`)
  })
  page.on('response', (response) => {
    const request = response.request()
    const status = response.status()
    if (request.isNavigationRequest() && request.frame() === page.mainFrame() && (status < 300 || status >= 400)) {
      seen.lastStatus = status
    }
  })
  return seen
}

/** The HTTP status of the page the browser is showing, after any redirect: a 303 is never the page itself. */
export function lastStatus(page: Page): number | undefined {
  return watches.get(page)?.lastStatus
}

/** Fails when the browser reported any Content-Security-Policy violation: only the nonce'd inline script may run. */
export function assertNoCspViolations(page: Page) {
  const violations = watches.get(page)?.cspViolations ?? []
  assert.deepEqual(violations, [], `Content-Security-Policy violations:\n${violations.join('\n')}`)
}

/**
 * Fails when a table's columns run past the edge of the page's column: in a box that scrolls sideways they are out of
 * sight, and nobody reads a column they cannot see (axe passes such a page). Measured at the browser's width.
 */
export async function assertTablesFit(page: Page) {
  const cut = await page.evaluate(() => {
    const found: string[] = []
    for (const table of document.querySelectorAll('main table')) {
      const container = table.closest('.govuk-width-container') ?? document.body
      let edge = container.getBoundingClientRect().right
      for (let box = table.parentElement; box && box !== container; box = box.parentElement) {
        if (getComputedStyle(box).overflowX !== 'visible') edge = Math.min(edge, box.getBoundingClientRect().right)
      }
      const cells = [...((table as HTMLTableElement).rows[0]?.cells ?? [])]
      const beyond = cells.filter((cell) => cell.getBoundingClientRect().right > edge + 1)
      if (beyond.length) {
        const name = table.querySelector('caption')?.textContent?.replace(/\s+/g, ' ').trim() ?? 'a table'
        found.push(`${name}: ${beyond.map((cell) => cell.textContent?.trim()).join(', ')}`)
      }
    }
    return found
  })
  assert.deepEqual(cut, [], `Table columns past the edge of the page on ${page.url()}:\n${cut.join('\n')}`)
}

/**
 * Runs axe on the page as it stands and fails with a list a person can act on: rule, help and the elements. Then checks
 * that every table fits the page (assertTablesFit), which axe does not.
 */
export async function checkAccessibility(page: Page) {
  // options() replaces every option set before it, withTags' too: so it comes first.
  const builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(wcagTags)
  // Axe's default mode runs in every frame then finishes in a new blank page, injecting axe three times; on a page
  // without frames (all of this service's) the one-pass legacy mode gives the same result in a third of the time.
  if (page.frames().length === 1) builder.setLegacyMode()
  const results = await builder.analyze()
  if (results.violations.length === 0) return assertTablesFit(page)
  const report = results.violations
    .map((v) => {
      const targets = v.nodes.map((n) => `    ${n.target.map(String).join(' ')}`).join('\n')
      return `  ${v.id} (${v.impact ?? 'unknown'}): ${v.help}\n    ${v.helpUrl}\n${targets}`
    })
    .join('\n')
  assert.fail(`${results.violations.length} accessibility violation(s) on ${page.url()}:\n${report}`)
}

export interface BrowserHarness {
  testApp: TestApp
  baseUrl: string
  browser: Browser
  /**
   * A page with no cookies, so no session, watched for CSP violations. Without options it opens in a context shared
   * by the file, whose cookies are cleared first: the browser's cache of the design system's assets is kept, so a
   * journey's first page is not slowed by fetching them all again. With options (JavaScript off, say) it gets its own
   * context.
   * Close it with `closePage`, which also closes a context of its own.
   */
  newPage(options?: BrowserContextOptions): Promise<Page>
  closePage(page: Page): Promise<void>
  close(): Promise<void>
}

/**
 * One app on an ephemeral port and one browser, shared by every test in a file: starting either is the slow part.
 * `env` is the app's configuration on top of the test defaults (e.g. a temporary DATA_DIR for uploads).
 */
export async function startBrowserHarness(env: Record<string, string> = {}): Promise<BrowserHarness> {
  const testApp = await createTestApp(env)
  const server = await new Promise<Server>((resolve, reject) => {
    const s = testApp.app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)))
  })
  const { port } = server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}`
  let browser: Browser
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
  } catch (error) {
    server.closeAllConnections()
    server.close()
    await testApp.close()
    throw error
  }
  const contexts = new Set<BrowserContext>()
  const newContext = async (options: BrowserContextOptions) => {
    const context = await browser.newContext({ baseURL: baseUrl, ...options })
    contexts.add(context)
    context.on('close', () => contexts.delete(context))
    // Short waits: every page is local, so anything slower than this is a bug, better reported early.
    context.setDefaultTimeout(10_000)
    return context
  }
  let shared: BrowserContext | undefined
  return {
    testApp,
    baseUrl,
    browser,
    async newPage(options) {
      let context: BrowserContext
      if (options) context = await newContext(options)
      else {
        shared ??= await newContext({})
        context = shared
        await context.clearCookies()
      }
      const page = await context.newPage()
      watch(page)
      return page
    },
    async closePage(page) {
      const context = page.context()
      await page.close()
      if (context !== shared) await context.close()
    },
    async close() {
      for (const context of contexts) await context.close()
      await browser.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await testApp.close()
    },
  }
}

/** A journey starts on a page with no session and ends with no CSP violation reported; the page is closed after. */
export async function runJourney(h: BrowserHarness, run: (page: Page) => Promise<void>) {
  const page = await h.newPage()
  try {
    await run(page)
    assertNoCspViolations(page)
  } finally {
    await h.closePage(page)
  }
}
