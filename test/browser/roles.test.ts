import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { BrowserContextOptions, Page as PlaywrightPage } from 'playwright-core'
import { roles } from '../../src/platform/policy/roles.js'
import { testEngine } from '../support/database.js'
import { AuditPage, NewUserPage, TokensPage, UsersPage } from './pages/adminPages.js'
import HomePage from './pages/homePage.js'
import { NotFoundPage, ServicePage } from './pages/page.js'
import SignInPage from './pages/signInPage.js'
import StartPage from './pages/startPage.js'
import {
  assertNoCspViolations,
  type BrowserHarness,
  browserSkipReason,
  checkAccessibility,
  lastStatus,
  startBrowserHarness,
} from './support.js'

const skip = browserSkipReason()

describe(`browser journeys, WCAG 2.2 AA (${testEngine})`, { skip }, () => {
  let h: BrowserHarness
  before(async () => {
    h = await startBrowserHarness()
  })
  after(() => h?.close())

  /** Each journey starts with no session and ends with no CSP violation reported. */
  async function journey(run: (page: PlaywrightPage) => Promise<void>, options?: BrowserContextOptions) {
    const page = await h.newPage(options)
    try {
      await run(page)
      assertNoCspViolations(page)
    } finally {
      await h.closePage(page)
    }
  }

  describe('signed out', () => {
    // The pages that only read share one page: none of them signs in or changes the session.
    let reader: PlaywrightPage
    before(async () => {
      reader = await h.newPage()
    })
    after(() => reader && h.closePage(reader))

    for (const path of ['/', '/sign-in', '/cookies', '/privacy', '/accessibility']) {
      it(`${path} has no accessibility violations`, async () => {
        const response = await reader.goto(path)
        assert.equal(response?.status(), 200)
        await ServicePage.verifyOnPage(reader)
        await checkAccessibility(reader)
        assertNoCspViolations(reader)
      })
    }

    it('a page that does not exist shows an accessible 404 page', async () => {
      const response = await reader.goto('/no-such-page')
      assert.equal(response?.status(), 404)
      await NotFoundPage.verifyOnPage(reader)
      await checkAccessibility(reader)
      assertNoCspViolations(reader)
    })

    it('the sign-in form submitted empty shows the GOV.UK error summary, focused, and stays accessible', () =>
      journey(async (page) => {
        const signIn = await (await SignInPage.visit(page)).submit()
        await signIn.errorSummary.waitFor()
        assert.match(await page.title(), /^Error: /)
        assert.equal(await signIn.errorSummary.locator('a[href="#email"]').count(), 1)
        assert.equal(await page.locator('#email-error').count(), 1)
        // govuk-frontend moves focus to the summary so a screen reader announces the problem first.
        assert.equal(await signIn.errorSummary.evaluate((el) => el === document.activeElement), true)
        await checkAccessibility(page)
      }))
  })

  for (const role of roles) {
    it(`${role}: signs in with the demo button, reaches every navigation page and the account page, signs out`, () =>
      journey(async (page) => {
        const home = await (await StartPage.visit(page)).signInAs(role)
        await checkAccessibility(page)

        const hrefs = await home.serviceNavigationHrefs()
        assert.ok(hrefs.includes('/'), `${role} has a Home link in the navigation`)
        // Every link is followed, but a page already checked (Home, just after signing in) is not checked twice.
        const checked = new Set(['/'])
        for (const href of hrefs) {
          const current = await ServicePage.verifyOnPage(page)
          await current.openNavigationLink(href)
          assert.equal(new URL(page.url()).pathname, href)
          assert.equal(lastStatus(page), 200, `${role} opening ${href}`)
          await ServicePage.verifyOnPage(page)
          if (!checked.has(href)) await checkAccessibility(page)
          checked.add(href)
        }

        await page.goto('/')
        const account = await (await HomePage.verifyOnPage(page)).openAccount()
        await checkAccessibility(page)

        await account.signOut()
        await checkAccessibility(page)
        // Signed out means signed out: the home page is the start page again, not the role's home.
        await StartPage.visit(page)
      }))
  }

  describe('administrator', () => {
    it('adds a user, after fixing a validation error', () =>
      journey(async (page) => {
        await (await StartPage.visit(page)).signInAs('administrator')
        const form = await (await UsersPage.visit(page)).addUser()
        await checkAccessibility(page)

        await form.submit({})
        await NewUserPage.verifyOnPage(page)
        assert.equal(lastStatus(page), 400)
        await form.errorSummary.waitFor()
        assert.match(await page.title(), /^Error: /)
        await checkAccessibility(page)

        const email = `browser.${testEngine}@example.org`
        await form.submit({ displayName: 'Browser Test User', email, role: 'caseworker' })
        const users = await UsersPage.verifyOnPage(page)
        await users.page.getByRole('cell', { name: email, exact: true }).waitFor()
        await checkAccessibility(page)
      }))

    it('creates an API token and is shown it once', () =>
      journey(async (page) => {
        await (await StartPage.visit(page)).signInAs('administrator')
        const tokens = await TokensPage.visit(page)
        await checkAccessibility(page)

        const created = await tokens.create('Browser test export', 'finance_officer')
        assert.equal(lastStatus(page), 201)
        assert.ok((await created.token()).length >= 20, 'the token is shown')
        await checkAccessibility(page)

        const listed = await TokensPage.visit(page)
        await listed.page.getByRole('cell', { name: 'Browser test export', exact: true }).waitFor()
        await checkAccessibility(page)
      }))

    it('checks the audit log has not been altered', () =>
      journey(async (page) => {
        await (await StartPage.visit(page)).signInAs('administrator')
        const audit = await AuditPage.visit(page)
        await checkAccessibility(page)
        await audit.checkTheLog()
        await checkAccessibility(page)
      }))
  })

  it('notices an accessibility violation, so a clean axe run means something', async () => {
    const page = await h.newPage()
    try {
      await page.goto('/cookies')
      await page.evaluate(() => document.querySelector('main')?.append(document.createElement('img')))
      await assert.rejects(checkAccessibility(page), /image-alt/)
    } finally {
      await h.closePage(page)
    }
  })

  it('notices an inline script the Content-Security-Policy refuses, so no violation elsewhere means none', async () => {
    const page = await h.newPage()
    try {
      await page.goto('/cookies')
      await Promise.all([
        page.waitForEvent('console', (message) => /Content Security Policy/i.test(message.text())),
        page.evaluate(() => {
          const script = document.createElement('script')
          script.textContent = 'void 0'
          document.body.append(script)
        }),
      ])
      assert.throws(() => assertNoCspViolations(page), /Content-Security-Policy violations/)
    } finally {
      await h.closePage(page)
    }
  })

  it('works without JavaScript: a caseworker signs in with the demo button and reaches the home page', () =>
    journey(
      async (page) => {
        const home = await (await StartPage.visit(page)).signInAs('caseworker')
        // The design system's inline script never ran, so this really was the no-JavaScript page.
        assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /js-enabled/)
        await home.openAccount()
      },
      { javaScriptEnabled: false },
    ))
})
