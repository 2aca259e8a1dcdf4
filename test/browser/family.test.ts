import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page as PlaywrightPage } from 'playwright-core'
import { computeAppealDeadlines, computeEhcDeadlines } from '../../src/ehc/clock.js'
import { familyDate } from '../../src/ehc/familyProgress.js'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { testEngine } from '../support/database.js'
import { giveSencoSetting, linkParent, makeCase, makeChild, makeSetting, putOnRoll } from '../support/factories.js'
import { ChildPage } from './pages/childrenPages.js'
import { RequestPage, SettingRequestsPage, ViewsPage, YourRequestsPage } from './pages/familyPages.js'
import { followNavigation } from './pages/page.js'
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

describe(`browser journeys: a family follows their request, WCAG 2.2 AA (${testEngine})`, { skip }, () => {
  let h: BrowserHarness
  const today = todayInLondon()
  // Relative to today, so the journey reads the same whenever it runs.
  const received = addDays(today, -12)
  const refusedOn = addDays(today, -4)
  let open: { id: string; childId: string }
  let refused: { id: string; letterId: string }

  before(async () => {
    h = await startBrowserHarness()
    // The harness has the demo accounts alone (the demo seed has no requests yet): the data comes from factories.
    const db = h.testApp.database.db
    const authorityId = h.testApp.authorityId
    const account = (role: string) =>
      db
        .selectFrom('app_user')
        .select('id')
        .where('role', '=', role)
        .where('is_demo', '=', true)
        .executeTakeFirstOrThrow()
    const parent = await account('parent')
    const senco = await account('senco')
    const caseworker = await account('caseworker')
    const school = await makeSetting(db, authorityId, { name: 'Rowan Tree Primary' })
    await giveSencoSetting(db, authorityId, senco.id, school.id)

    const aisha = await makeChild(db, authorityId, { legal_forename: 'Aisha', legal_surname: 'Ahmed' })
    await linkParent(db, authorityId, aisha.id, parent.id)
    await putOnRoll(db, authorityId, aisha.id, school.id)
    const openCase = await makeCase(db, authorityId, aisha.id, {
      reference: 'EHC-2026-07001',
      status: 'considering',
      request_received: received,
      caseworker_user_id: caseworker.id,
    })
    open = { id: openCase.id, childId: aisha.id }

    const zain = await makeChild(db, authorityId, { legal_forename: 'Zain', legal_surname: 'Ahmed' })
    await linkParent(db, authorityId, zain.id, parent.id)
    const refusedCase = await makeCase(db, authorityId, zain.id, {
      reference: 'EHC-2026-07002',
      status: 'not_assessed',
      request_received: addDays(refusedOn, -41),
      decision: 'not_assess',
      decision_on: refusedOn,
      closed_on: refusedOn,
      sen_support_next_step: 'A SEN Support plan with extra reading help, reviewed next term',
    })
    const { appealBy, mediationContactBy } = computeAppealDeadlines({ decisionLetter: refusedOn })
    const letter = await db
      .insertInto('ehc_letter')
      .values({
        authority_id: authorityId,
        case_id: refusedCase.id,
        kind: 'decision_not_to_assess',
        dated: refusedOn,
        recipient_name: 'Sam Ahmed',
        subject: 'Decision not to carry out an EHC needs assessment',
        body: 'Dear Sam Ahmed',
        appeal_by: appealBy,
        mediation_contact_by: mediationContactBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    refused = { id: refusedCase.id, letterId: letter.id }
  })
  after(() => h?.close())

  const journey = (run: (page: PlaywrightPage) => Promise<void>) => runJourney(h, run)

  it('the demo parent opens their child’s request, sees where it is, the next date and their rights, and adds their views', () =>
    journey(async (page) => {
      const home = await (await StartPage.visit(page)).signInAs('parent')
      await home.openNavigationLink('/your-requests')
      const list = await YourRequestsPage.verifyOnPage(page)
      await checkAccessibility(page)
      const due = computeEhcDeadlines({ requestReceived: received })
      await list.card(familyDate(received).text).getByText(familyDate(due.decisionToAssess).text).waitFor()

      const request = await list.openRequest(open.id, 'Aisha')
      await checkAccessibility(page)
      assert.equal(await request.stageStatus('received'), 'Done')
      assert.equal(await request.stageStatus('decision'), 'Now')
      assert.equal(await request.stageStatus('assessment'), 'Next')
      assert.equal(await request.stageStatus('final'), 'Later')
      const next = request.section('What happens next').first()
      assert.match(
        (await next.textContent()) ?? '',
        new RegExp(`We must tell you by ${familyDate(due.decisionToAssess).text}`),
      )
      await page.getByText(familyDate(due.finalPlan).text).first().waitFor()
      await page.getByText('Priya Shah').first().waitFor()

      const views = await request.tellUsYourViews()
      await checkAccessibility(page)
      await views.send('')
      await ViewsPage.verifyOnPage(page)
      assert.equal(lastStatus(page), 400)
      await views.errorSummary.waitFor()
      assert.match(await page.title(), /^Error: /)
      await checkAccessibility(page)

      await views.send('Aisha loves stories but finds writing hard. Small groups help her.')
      const updated = await RequestPage.about(page, 'Aisha')
      await updated.successBanner.waitFor()
      await page.getByText('What you have told us so far').click()
      await page.getByText('Small groups help her.').waitFor()
      await checkAccessibility(page)

      // Her brother's request was refused: the rights, with the dates from the letter
      await page.goto('/your-requests')
      const refusedPage = await (await YourRequestsPage.verifyOnPage(page)).openRequest(refused.id, 'Zain')
      await checkAccessibility(page)
      const { appealBy, mediationContactBy } = computeAppealDeadlines({ decisionLetter: refusedOn })
      await page.getByText(`Appeal by ${familyDate(appealBy).text}`).waitFor()
      await page.getByText(`Contact a mediation adviser by ${familyDate(mediationContactBy).text}`).waitFor()
      assert.equal((await page.locator(`a[href="/letters/${refused.letterId}"]`).count()) > 0, true)
      assert.equal(await refusedPage.stageStatus('assessment'), 'Not needed')
      assert.equal(await page.getByRole('link', { name: 'Tell us your views' }).count(), 0)

      // The child's own page carries the same status and a way to the request
      await page.goto(`/children/${open.childId}`)
      await ChildPage.named(page, 'Aisha Ahmed')
      await page.locator(`#ehc ~ * a[href="/your-requests/${open.id}"]`).first().waitFor()
      await checkAccessibility(page)
    }))

  it('the SENCO sees their pupil’s request on their list and on the child’s page', () =>
    journey(async (page) => {
      const home = await (await StartPage.visit(page)).signInAs('senco')
      await home.openNavigationLink('/setting-requests')
      await SettingRequestsPage.verifyOnPage(page)
      await page.getByRole('link', { name: 'Aisha Ahmed' }).waitFor()
      await checkAccessibility(page)
      await followNavigation(page, () => page.getByRole('link', { name: 'Aisha Ahmed' }).click())
      await ChildPage.named(page, 'Aisha Ahmed')
      await page.locator('#ehc').waitFor()
      await checkAccessibility(page)
    }))
})
