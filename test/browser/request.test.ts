import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { computeEhcDeadlines } from '../../src/ehc/clock.js'
import { todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { formatDate } from '../../src/platform/web/nunjucks.js'
import { testEngine } from '../support/database.js'
import { giveSencoSetting, linkParent, makeChild, makeSetting, putOnRoll } from '../support/factories.js'
import { followNavigation } from './pages/page.js'
import { EvidencePage, RequestsPage, SectionPage, TaskListPage } from './pages/requestPages.js'
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

describe(`browser journey: a parent asks for an EHC needs assessment, WCAG 2.2 AA (${testEngine})`, { skip }, () => {
  let h: BrowserHarness
  let dataDir: string
  const child = { id: '', name: 'Rosa Quinn' }
  const pupil = { id: '', name: 'Tariq Webb' }

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascend-browser-request-'))
    h = await startBrowserHarness({ DATA_DIR: dataDir })
    const db = h.testApp.database.db
    const parent = await db
      .selectFrom('app_user')
      .select('id')
      .where('role', '=', 'parent')
      .where('is_demo', '=', true)
      .executeTakeFirstOrThrow()
    const school = await makeSetting(db, h.testApp.authorityId, { name: 'Willow Primary School' })
    const made = await makeChild(db, h.testApp.authorityId, { legal_forename: 'Rosa', legal_surname: 'Quinn' })
    await putOnRoll(db, h.testApp.authorityId, made.id, school.id)
    await linkParent(db, h.testApp.authorityId, made.id, parent.id)
    child.id = made.id
    const senco = await db
      .selectFrom('app_user')
      .select('id')
      .where('role', '=', 'senco')
      .where('is_demo', '=', true)
      .executeTakeFirstOrThrow()
    await giveSencoSetting(db, h.testApp.authorityId, senco.id, school.id)
    const tariq = await makeChild(db, h.testApp.authorityId, { legal_forename: 'Tariq', legal_surname: 'Webb' })
    await putOnRoll(db, h.testApp.authorityId, tariq.id, school.id)
    pupil.id = tariq.id
  })
  after(async () => {
    await h?.close()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('starts a request, saves it, comes back, adds a PDF and sends it: the reference and the decision date', async () => {
    const page = await h.newPage()
    try {
      const home = await (await StartPage.visit(page)).signInAs('parent')
      await home.openNavigationLink('/requests')
      const requests = await RequestsPage.verifyOnPage(page)
      await checkAccessibility(page)

      const choose = await requests.startNewRequest()
      await checkAccessibility(page)
      let tasks = await choose.choose(child.name)
      assert.equal(await tasks.status('Your child’s needs'), 'Incomplete')
      await checkAccessibility(page)

      // The first page half done, then saved for later.
      let needs = await tasks.open('Your child’s needs')
      await checkAccessibility(page)
      await needs.fill({ reasons: 'Rosa finds reading and writing very hard.' })
      const saved = await needs.saveAndComeBackLater()
      await saved.savedBanner.waitFor()
      await checkAccessibility(page)

      // Coming back: the answer was kept; "Save and continue" asks for the rest.
      tasks = await saved.continueDraft(child.name)
      needs = await tasks.open('Your child’s needs')
      assert.equal(await page.locator('#reasons').inputValue(), 'Rosa finds reading and writing very hard.')
      await needs.saveAndContinue()
      assert.equal(lastStatus(page), 400)
      await needs.errorSummary.waitFor()
      assert.match(await page.title(), /^Error: /)
      assert.equal(await needs.errorSummary.locator('a[href="#supportTried"]').count(), 1)
      await checkAccessibility(page)
      await needs.fill({ supportTried: 'A reading programme three times a week since September.' })
      await needs.saveAndContinue()

      const views = await SectionPage.titled(page, 'Your child’s views')
      await checkAccessibility(page)
      await views.fill({ childViews: 'Rosa says she likes art and hates spelling tests.' })
      await views.saveAndContinue()

      const yours = await SectionPage.titled(page, 'Your views')
      await checkAccessibility(page)
      await yours.fill({ familyViews: 'We want Rosa to get help before she moves to secondary school.' })
      await yours.saveAndContinue()

      const setting = await SectionPage.titled(page, 'Their school, nursery or college')
      await checkAccessibility(page)
      await setting.choose('Willow Primary School')
      await setting.saveAndContinue()

      const consent = await SectionPage.titled(page, 'Contacting professionals')
      await checkAccessibility(page)
      await consent.choose('Yes')
      await consent.saveAndContinue()

      const evidence = await EvidencePage.verifyOnPage(page)
      await checkAccessibility(page)
      await evidence.addFile({
        name: 'Reading assessment.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
      })
      await EvidencePage.verifyOnPage(page)
      assert.deepEqual(await evidence.files.allTextContents(), ['Reading assessment.pdf'])
      await checkAccessibility(page)

      const check = await evidence.continue()
      await checkAccessibility(page)
      const sent = await check.send()
      await checkAccessibility(page)

      const db = h.testApp.database.db
      const c = await db
        .selectFrom('ehc_case')
        .select(['reference', 'request_received'])
        .where('child_id', '=', child.id)
        .executeTakeFirstOrThrow()
      assert.equal(await sent.reference(), c.reference)
      assert.equal(c.request_received, todayInLondon())
      assert.equal(
        await sent.decisionDue(),
        formatDate(computeEhcDeadlines({ requestReceived: c.request_received }).decisionToAssess),
      )

      // Back on the list, the request is among those sent.
      await page.goto('/requests')
      await RequestsPage.verifyOnPage(page)
      assert.equal(await page.getByRole('link', { name: c.reference }).count(), 1)
      await checkAccessibility(page)
      assertNoCspViolations(page)
    } finally {
      await h.closePage(page)
    }
  })

  it('a SENCO’s questions and a caseworker’s entry form are accessible, errors included', async () => {
    const page = await h.newPage()
    try {
      await (await StartPage.visit(page)).signInAs('senco')
      await page.goto(`/requests/new?childId=${pupil.id}`)
      assert.equal(lastStatus(page), 200)
      await checkAccessibility(page)
      await followNavigation(page, () => page.getByRole('button', { name: 'Start now' }).click())
      const tasks = await TaskListPage.verifyOnPage(page)
      const senSupport = await tasks.open('SEN Support so far')
      await checkAccessibility(page)
      await senSupport.saveAndContinue()
      assert.equal(lastStatus(page), 400)
      await senSupport.errorSummary.waitFor()
      await checkAccessibility(page)
      await page.goto(page.url().replace(/sen-support$/, 'parent-consent'))
      await SectionPage.titled(page, 'Consent')
      await checkAccessibility(page)
      await page.goto(page.url().replace(/parent-consent$/, 'check'))
      await checkAccessibility(page)
      assertNoCspViolations(page)
    } finally {
      await h.closePage(page)
    }

    const staff = await h.newPage()
    try {
      await (await StartPage.visit(staff)).signInAs('caseworker')
      await staff.goto('/cases/new?q=Webb')
      assert.equal(lastStatus(staff), 200)
      await checkAccessibility(staff)
      await staff.getByRole('link', { name: `Choose ${pupil.name}` }).click()
      await staff.locator('#requestReceived').waitFor()
      await checkAccessibility(staff)
      await staff.getByRole('button', { name: 'Enter request' }).click()
      await staff.locator('.govuk-error-summary').waitFor()
      assert.equal(lastStatus(staff), 400)
      await checkAccessibility(staff)
      assertNoCspViolations(staff)
    } finally {
      await h.closePage(staff)
    }
  })
})
