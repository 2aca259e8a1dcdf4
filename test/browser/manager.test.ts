import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page as PlaywrightPage } from 'playwright-core'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { testEngine } from '../support/database.js'
import { makeCase, makeChild, makeTeam, putInTeam } from '../support/factories.js'
import Page, { followNavigation } from './pages/page.js'
import StartPage from './pages/startPage.js'
import {
  type BrowserHarness,
  browserSkipReason,
  checkAccessibility,
  lastStatus,
  runJourney,
  startBrowserHarness,
} from './support.js'

const skip = browserSkipReason()
const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)

class DashboardPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'EHC needs assessments dashboard')
  }

  /** Follows the link of one figure, found by what the table row says. */
  async openFigure(rowText: string | RegExp, column = 0): Promise<CaseloadPage> {
    const row = this.page.locator('tr', { has: this.page.locator('th', { hasText: rowText }) }).first()
    await followNavigation(this.page, () => row.locator('a').nth(column).click())
    return CaseloadPage.verifyOnPage(this.page)
  }
}

class CaseloadPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /^(My caseload|Team caseload|All open cases|Unallocated)$/)
  }

  async listedCaseIds(): Promise<string[]> {
    const links = this.page.locator('table.govuk-table tbody a[href^="/cases/"]')
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
    return hrefs.flatMap((h) => /^\/cases\/([0-9a-f-]{36})$/.exec(h)?.[1] ?? [])
  }

  async openCase(name: string): Promise<CasePage> {
    await followNavigation(this.page, () => this.page.getByRole('link', { name, exact: true }).click())
    return CasePage.verifyOnPage(this.page)
  }
}

class CasePage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /\S/)
  }

  async allocate(): Promise<AllocatePage> {
    await followNavigation(this.page, () => this.page.getByRole('link', { name: /^Allocate/ }).click())
    return AllocatePage.verifyOnPage(this.page)
  }

  get banner() {
    return this.page.locator('.govuk-notification-banner--success')
  }
}

class AllocatePage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /^(Allocate|Reallocate) the case$/)
  }

  async allocateTo(caseworker: RegExp, reason: string): Promise<CasePage> {
    const option = this.page.locator('#caseworkerUserId option', { hasText: caseworker })
    const value = await option.getAttribute('value')
    assert.ok(value, `a caseworker matching ${caseworker} is offered`)
    await this.page.locator('#caseworkerUserId').selectOption(value)
    await this.page.locator('#reason').fill(reason)
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Allocate' }).click())
    return CasePage.verifyOnPage(this.page)
  }
}

describe(`browser journey: a manager from the dashboard to a case, WCAG 2.2 AA (${testEngine})`, { skip }, () => {
  let h: BrowserHarness
  const id: Record<string, string> = {}

  before(async () => {
    h = await startBrowserHarness()
    const { database, authorityId } = h.testApp
    const db = database.db
    const caseworker = await db
      .selectFrom('app_user')
      .select('id')
      .where('role', '=', 'caseworker')
      .where('is_demo', '=', true)
      .executeTakeFirstOrThrow()
    const team = (await makeTeam(db, authorityId, { name: 'Central team' })).id
    await putInTeam(db, authorityId, caseworker.id, team)
    const make = async (key: string, forename: string, surname: string, overrides: Record<string, unknown>) => {
      const child = await makeChild(db, authorityId, { legal_forename: forename, legal_surname: surname })
      id[key] = (await makeCase(db, authorityId, child.id, overrides)).id
    }
    await make('waiting', 'Imani', 'Waitley', { status: 'received', request_received: daysAgo(45) })
    await make('allocated', 'Noah', 'Taken', {
      status: 'received',
      request_received: daysAgo(10),
      caseworker_user_id: caseworker.id,
      team_id: team,
    })
    await make('late', 'Ruby', 'Latterly', {
      status: 'final_issued',
      request_received: daysAgo(200),
      decision: 'assess',
      decision_on: daysAgo(170),
      issue_decision: 'issue',
      issue_decision_on: daysAgo(100),
      draft_issued_on: daysAgo(60),
      final_issued_on: daysAgo(30),
      closed_on: daysAgo(30),
      caseworker_user_id: caseworker.id,
      team_id: team,
    })
  })
  after(() => h?.close())

  const journey = (run: (page: PlaywrightPage) => Promise<void>) => runJourney(h, run)

  it('a manager opens the dashboard, follows a figure to its cases, opens one and allocates it', () =>
    journey(async (page) => {
      const home = await (await StartPage.visit(page)).signInAs('team_manager')
      await checkAccessibility(page)
      await home.openNavigationLink('/dashboard')
      const dashboard = await DashboardPage.verifyOnPage(page)
      assert.equal(lastStatus(page), 200)
      assert.equal(
        await page.locator('.app-chart[role="img"]').first().getAttribute('aria-labelledby'),
        'chart-twenty-weeks-title chart-twenty-weeks-desc',
      )
      await checkAccessibility(page)
      // On a phone the charts' words stay at body size (16 pixels), whole: an SVG chart had shrunk them to 8.
      const desktop = page.viewportSize()
      await page.setViewportSize({ width: 375, height: 800 })
      const chartText = await page.locator('.app-chart__label, .app-chart__value').evaluateAll((els) =>
        els.map((e) => ({
          size: Number.parseFloat(getComputedStyle(e).fontSize),
          cut: e.scrollWidth > e.clientWidth,
          text: e.textContent,
        })),
      )
      assert.ok(chartText.length > 8, `${chartText.length} chart labels and values`)
      for (const t of chartText) assert.ok(t.size >= 16 && !t.cut, `${t.text}: ${t.size}px${t.cut ? ', cut' : ''}`)
      await checkAccessibility(page)
      if (desktop) await page.setViewportSize(desktop)

      // The plans issued after 20 weeks: exactly the late one.
      const late = await dashboard.openFigure('Issued after 20 weeks')
      assert.equal(lastStatus(page), 200)
      assert.deepEqual(await late.listedCaseIds(), [id.late])
      await checkAccessibility(page)

      await page.goBack()
      const again = await DashboardPage.verifyOnPage(page)
      const unallocated = await again.openFigure('Not allocated')
      assert.deepEqual(await unallocated.listedCaseIds(), [id.waiting])
      await checkAccessibility(page)

      const casePage = await unallocated.openCase('Imani Waitley')
      assert.equal(lastStatus(page), 200)
      assert.match((await page.locator('#final-plan-due').textContent()) ?? '', /Final plan due by/)
      await checkAccessibility(page)

      const allocate = await casePage.allocate()
      await checkAccessibility(page)
      const allocated = await allocate.allocateTo(/^Priya Shah/, 'Knows the school')
      assert.match((await allocated.banner.textContent()) ?? '', /Allocated to Priya Shah/)
      assert.match((await page.locator('.moj-timeline').textContent()) ?? '', /Allocated[\s\S]*Knows the school/)
      await checkAccessibility(page)
    }))

  it('the caseworker finds it on their caseload, most urgent first, and records a step', () =>
    journey(async (page) => {
      const home = await (await StartPage.visit(page)).signInAs('caseworker')
      await home.openNavigationLink('/cases')
      const caseload = await CaseloadPage.verifyOnPage(page)
      assert.equal(await page.locator('h1').textContent(), 'My caseload')
      // Week 6, decision overdue, before the case received ten days ago.
      assert.deepEqual(await caseload.listedCaseIds(), [id.waiting, id.allocated])
      await checkAccessibility(page)

      await caseload.openCase('Noah Taken')
      await page.locator('summary', { hasText: 'Family invited to give their views' }).click()
      await checkAccessibility(page)
      await followNavigation(page, () => page.getByRole('button', { name: 'Record the invitation' }).click())
      const shown = await CasePage.verifyOnPage(page)
      assert.match((await shown.banner.textContent()) ?? '', /Family invited to give their views: recorded/)
      await checkAccessibility(page)

      // A date in the future is refused, named in the error summary, with the form open.
      await page.locator('summary', { hasText: 'Request withdrawn' }).click()
      const future = addDays(today, 2).split('-')
      await page.locator('#withdraw-on-day').fill(String(Number(future[2])))
      await page.locator('#withdraw-on-month').fill(String(Number(future[1])))
      await page.locator('#withdraw-on-year').fill(future[0]!)
      await page.locator('#withdraw-reason').fill('The family asked to withdraw')
      await followNavigation(page, () => page.getByRole('button', { name: 'Close as withdrawn' }).click())
      assert.equal(lastStatus(page), 400)
      await shown.errorSummary.waitFor()
      assert.equal(await shown.errorSummary.locator('a[href="#withdraw-on-day"]').count(), 1)
      await checkAccessibility(page)
    }))
})
