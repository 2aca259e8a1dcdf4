import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import type { Page as PlaywrightPage } from 'playwright-core'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { testEngine } from '../support/database.js'
import { giveSencoSetting, linkParent, makeCase, makeChild, makeSetting, putOnRoll } from '../support/factories.js'
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

/** A small but real PDF: its bytes start with the PDF signature. */
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
)

class AdviceListPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /requests for advice$/i)
  }

  /** The children named in the list, in order. */
  async childNames(): Promise<string[]> {
    return this.page.locator('table tbody tr td:first-child a').allTextContents()
  }

  async open(childName: string) {
    await followNavigation(this.page, () => this.page.getByRole('link', { name: childName }).click())
    return AdviceRequestPage.verifyOnPage(this.page)
  }
}

class AdviceRequestPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /advice$/)
  }

  async evidence(): Promise<string[]> {
    return this.page.locator('#evidence a').allTextContents()
  }

  async giveAdvice(advice: { education?: string; outcomes?: string; provision?: string; file?: string }) {
    if (advice.education) await this.page.getByLabel('Education: learning').fill(advice.education)
    if (advice.outcomes) await this.page.getByLabel('Outcomes sought').fill(advice.outcomes)
    if (advice.provision) await this.page.getByLabel('Provision recommended').fill(advice.provision)
    if (advice.file) {
      await this.page
        .getByLabel('Attach a report (optional)')
        .setInputFiles({ name: advice.file, mimeType: 'application/pdf', buffer: pdf })
    }
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Send advice' }).click())
    return AdviceRequestPage.verifyOnPage(this.page)
  }
}

describe(`browser journey: an educational psychologist gives advice, WCAG 2.2 AA (${testEngine})`, { skip }, () => {
  let h: BrowserHarness
  const today = todayInLondon()
  let mine: string
  let theirs: string
  let caseId: string
  let consultationId: string

  before(async () => {
    h = await startBrowserHarness()
    const db = h.testApp.database.db
    const authorityId = h.testApp.authorityId
    const account = async (role: string) =>
      (
        await db
          .selectFrom('app_user')
          .select('id')
          .where('role', '=', role)
          .where('is_demo', '=', true)
          .executeTakeFirstOrThrow()
      ).id
    const ep = await account('advice_giver')
    const caseworker = await account('caseworker')
    const otherEp = await db
      .insertInto('app_user')
      .values({
        authority_id: authorityId,
        email: 'another.ep@example.invalid',
        display_name: 'Dr Another Psychologist',
        role: 'advice_giver',
        password_hash: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const school = await makeSetting(db, authorityId, { name: 'Oakfield Primary' })
    const ask = async (forename: string, contributor: { id: string; name: string }) => {
      const child = await makeChild(db, authorityId, { legal_forename: forename, legal_surname: 'Okoro' })
      await putOnRoll(db, authorityId, child.id, school.id)
      const c = await makeCase(db, authorityId, child.id, {
        status: 'assessing',
        request_received: addDays(today, -50),
        decision_on: addDays(today, -30),
        decision: 'assess',
        caseworker_user_id: caseworker,
      })
      await db
        .insertInto('document')
        .values({
          authority_id: authorityId,
          child_id: child.id,
          case_id: c.id,
          kind: 'evidence',
          filename: `${forename} school report.pdf`,
          media_type: 'application/pdf',
          size_bytes: 48_000,
          sha256: 'b'.repeat(64),
          storage_key: randomBytes(16).toString('hex'),
          scan_status: 'not_scanned',
        })
        .execute()
      const r = await db
        .insertInto('advice_request')
        .values({
          authority_id: authorityId,
          case_id: c.id,
          service: 'educational_psychology',
          contributor_user_id: contributor.id,
          contributor_name: contributor.name,
          contributor_email: 'ep@example.invalid',
          requested_on: addDays(today, -30),
          due_on: addDays(today, 12),
          questions: 'Her reading, working memory and attention in class.',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { adviceId: r.id, caseId: c.id, childId: child.id }
    }
    const maya = await ask('Maya', { id: ep, name: 'Dr Rhys Morgan' })
    mine = maya.adviceId
    caseId = maya.caseId
    theirs = (await ask('Leo', { id: otherEp.id, name: 'Dr Another Psychologist' })).adviceId

    // A case with its draft plan out, for the consultation and the family's response pages.
    const special = await makeSetting(db, authorityId, { name: 'Brookside Special School', provision: 'special' })
    await giveSencoSetting(db, authorityId, await account('senco'), special.id)
    const child = await makeChild(db, authorityId, { legal_forename: 'Ada', legal_surname: 'Okoro' })
    await linkParent(db, authorityId, child.id, await account('parent'))
    const drafted = await makeCase(db, authorityId, child.id, {
      status: 'draft_issued',
      request_received: addDays(today, -100),
      decision_on: addDays(today, -60),
      decision: 'assess',
      issue_decision_on: addDays(today, -20),
      issue_decision: 'issue',
      draft_issued_on: addDays(today, -3),
      caseworker_user_id: caseworker,
    })
    consultationId = (
      await db
        .insertInto('ehc_consultation')
        .values({
          authority_id: authorityId,
          case_id: drafted.id,
          setting_id: special.id,
          sent_on: addDays(today, -2),
          due_on: addDays(today, 13),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    draftedCaseId = drafted.id
  })
  let draftedCaseId: string
  after(() => h?.close())

  const journey = (run: (page: PlaywrightPage) => Promise<void>) => runJourney(h, run)

  it('an educational psychologist sees only their requests, reads the evidence and gives advice with a report attached', () =>
    journey(async (page) => {
      const home = await (await StartPage.visit(page)).signInAs('advice_giver')
      await home.openNavigationLink('/advice')
      const list = await AdviceListPage.verifyOnPage(page)
      assert.equal(lastStatus(page), 200)
      assert.deepEqual(await list.childNames(), ['Maya Okoro'])
      await page.getByText('Due in 12 days').waitFor()
      await checkAccessibility(page)

      const request = await list.open('Maya Okoro')
      assert.equal(lastStatus(page), 200)
      assert.deepEqual(await request.evidence(), ['Maya school report.pdf'])
      await page.getByText('Her reading, working memory and attention in class.').waitFor()
      await checkAccessibility(page)

      const refused = await request.giveAdvice({ outcomes: 'Reads at age-related expectations' })
      assert.equal(lastStatus(page), 400)
      await refused.errorSummary.waitFor()
      assert.match(await page.title(), /^Error: /)
      assert.equal(await refused.errorSummary.locator('a[href="#needs-education"]').count(), 1)
      assert.equal(await refused.errorSummary.locator('a[href="#provision"]').count(), 1)
      await checkAccessibility(page)

      const given = await refused.giveAdvice({
        education: 'Working memory well below age expectations; reading two years behind.',
        provision: 'Daily precision teaching, 20 minutes, by a trained teaching assistant.',
        file: 'EP report.pdf',
      })
      assert.equal(lastStatus(page), 200)
      await page.getByRole('heading', { name: /^Advice received on / }).waitFor()
      await page.getByRole('link', { name: 'EP report.pdf' }).waitFor()
      assert.equal(await page.getByRole('button', { name: 'Send advice' }).count(), 0)
      await checkAccessibility(page)
      assert.ok(given)

      // Another psychologist's request is not theirs to see.
      await page.goto(`/advice/${theirs}`)
      assert.equal(lastStatus(page), 403)
      await checkAccessibility(page)
      assert.ok(mine)
    }))

  it('a caseworker asks for advice, and the consultation and draft response pages pass the same checks', () =>
    journey(async (page) => {
      await (await StartPage.visit(page)).signInAs('caseworker')
      await page.goto(`/cases/${caseId}/advice-requests/new`)
      assert.equal(lastStatus(page), 200)
      await checkAccessibility(page)
      await page.getByLabel('Health').check()
      await followNavigation(page, () => page.getByRole('button', { name: 'Send requests for advice' }).click())
      assert.equal(lastStatus(page), 400)
      await page.locator('.govuk-error-summary').waitFor()
      await checkAccessibility(page)

      await page.goto(`/cases/${caseId}`)
      assert.equal(lastStatus(page), 200)
      await page.locator(`a[href="/advice/${mine}"]`).waitFor()
      await checkAccessibility(page)
      await page.goto('/advice?status=all')
      assert.equal(lastStatus(page), 200)
      await checkAccessibility(page)
      await page.goto(`/advice/${mine}`)
      await checkAccessibility(page)
      await page.goto(`/cases/${draftedCaseId}/consultations/new`)
      assert.equal(lastStatus(page), 200)
      await checkAccessibility(page)
      await page.goto(`/cases/${draftedCaseId}/draft-response`)
      assert.equal(lastStatus(page), 200)
      await checkAccessibility(page)
    }))

  it('the SENCO replies to a consultation, and the parent responds to the draft plan', () =>
    journey(async (page) => {
      await (await StartPage.visit(page)).signInAs('senco')
      await page.goto(`/consultations/${consultationId}`)
      assert.equal(lastStatus(page), 200)
      await checkAccessibility(page)
      await page.getByLabel('Yes, the setting can meet the child’s needs').check()
      await followNavigation(page, () => page.getByRole('button', { name: 'Send reply' }).click())
      assert.equal(lastStatus(page), 200)
      await page.getByText(/the setting said it can meet the child’s needs/).waitFor()
      await checkAccessibility(page)

      await page.context().clearCookies()
      await (await StartPage.visit(page)).signInAs('parent')
      await page.goto(`/cases/${draftedCaseId}/draft-response`)
      assert.equal(lastStatus(page), 200)
      await page.getByRole('heading', { name: 'Your response to the draft plan' }).waitFor()
      await checkAccessibility(page)
      await followNavigation(page, () => page.getByRole('button', { name: 'Send your response' }).click())
      assert.equal(lastStatus(page), 400)
      await checkAccessibility(page)
      await page.getByLabel('What do you think of the draft plan?').fill('Please add speech and language therapy.')
      await page.getByLabel('Yes').check()
      await page.getByLabel(/Which school, college or nursery/).selectOption({ label: 'Brookside Special School' })
      await followNavigation(page, () => page.getByRole('button', { name: 'Send your response' }).click())
      assert.match(new URL(page.url()).pathname, new RegExp(`^/your-requests/${draftedCaseId}`))
    }))
})
