import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page as PlaywrightPage } from 'playwright-core'
import { insertDefaultCriteria } from '../../src/ehc/panels.repository.js'
import { addDays, splitIsoDate, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { testEngine } from '../support/database.js'
import { linkParent, makeCase, makeChild } from '../support/factories.js'
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

class PanelsPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Panels')
  }

  async scheduleMeeting() {
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Schedule a panel meeting' }).click())
    return ScheduleMeetingPage.verifyOnPage(this.page)
  }

  async openMeeting(id: string) {
    await followNavigation(this.page, () => this.page.locator(`a[href="/panels/${id}"]`).click())
    return MeetingPage.verifyOnPage(this.page)
  }
}

class ScheduleMeetingPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Schedule a panel meeting')
  }

  async schedule(
    meeting: { on?: string; startsAt: string; location: string },
    members: { userId: string; agency: string; chair?: boolean }[],
  ) {
    if (meeting.on) {
      const { year, month, day } = splitIsoDate(meeting.on)
      await this.page.locator('#meetsOn-day').fill(String(day))
      await this.page.locator('#meetsOn-month').fill(String(month))
      await this.page.locator('#meetsOn-year').fill(String(year))
    }
    await this.page.locator('#startsAt').fill(meeting.startsAt)
    await this.page.locator('#location').fill(meeting.location)
    for (const m of members) {
      await this.page.locator(`input[name="members"][value="${m.userId}"]`).check()
      await this.page.locator(`#agency-${m.userId}`).selectOption(m.agency)
      if (m.chair) await this.page.locator(`input[name="chair"][value="${m.userId}"]`).check()
    }
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Schedule the meeting' }).click())
  }
}

class MeetingPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /^\d{1,2} \w+ \d{4}, \d{2}:\d{2}$/)
  }

  get banner() {
    return this.page.locator('.govuk-notification-banner--success')
  }

  async addEveryCaseAwaiting() {
    await followNavigation(this.page, () =>
      this.page.getByRole('button', { name: 'Add every case awaiting a decision' }).click(),
    )
    return MeetingPage.verifyOnPage(this.page)
  }

  agendaRows() {
    return this.page.locator('#agenda ~ table tbody tr')
  }

  async openPapers(childName: string) {
    await followNavigation(this.page, () =>
      this.page
        .locator('#agenda ~ table')
        .getByRole('link', { name: new RegExp(`^${childName}`) })
        .click(),
    )
    return PapersPage.verifyOnPage(this.page)
  }
}

class PapersPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /\S/)
  }

  async decide(decision: string, criteria: { id: string; met: boolean }[], reasons: string) {
    if (decision) await this.page.getByLabel(decision, { exact: true }).check()
    for (const c of criteria)
      await this.page.locator(`input[name="met-${c.id}"][value="${c.met ? 'yes' : 'no'}"]`).check()
    await this.page.locator('#reasons').fill(reasons)
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Record the decision' }).click())
  }
}

describe(`browser journey: the panel decides whether to assess, WCAG 2.2 AA (${testEngine})`, { skip }, () => {
  let h: BrowserHarness
  const today = todayInLondon()
  let panelMemberId: string
  let managerId: string
  let meetingId: string
  let criteria: { id: string }[]
  const cases: { id: string; childName: string }[] = []

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
    panelMemberId = await account('panel_member')
    managerId = await account('team_manager')
    await insertDefaultCriteria(db, authorityId)
    criteria = await db
      .selectFrom('panel_criterion')
      .select('id')
      .where('authority_id', '=', authorityId)
      .where('question', '=', 'assess')
      .execute()
    for (const [forename, surname, received] of [
      ['Maya', 'Okoro', 25],
      ['Leo', 'Brennan', 12],
    ] as const) {
      const child = await makeChild(db, authorityId, { legal_forename: forename, legal_surname: surname })
      await linkParent(db, authorityId, child.id, await account('parent'))
      const made = await makeCase(db, authorityId, child.id, {
        request_received: addDays(today, -received),
        reasons: `${forename} is not making progress in reading despite two terms of SEN Support.`,
        family_views: `${forename} says reading makes them anxious.`,
      })
      cases.push({ id: made.id, childName: `${forename} ${surname}` })
    }
  })
  after(() => h?.close())

  const journey = (run: (page: PlaywrightPage) => Promise<void>) => runJourney(h, run)

  it('a caseworker schedules a meeting and builds its agenda from the cases awaiting a decision', () =>
    journey(async (page) => {
      const home = await (await StartPage.visit(page)).signInAs('caseworker')
      await home.openNavigationLink('/panels')
      await PanelsPage.verifyOnPage(page)
      await checkAccessibility(page)

      await page.goto('/panels/criteria')
      await page.getByText('Children and Families Act 2014, section 36(8)(a)').waitFor()
      await checkAccessibility(page)
      await page.goto('/panels')

      const form = await (await PanelsPage.verifyOnPage(page)).scheduleMeeting()
      await checkAccessibility(page)
      await form.schedule({ startsAt: '10:00', location: '' }, [])
      await ScheduleMeetingPage.verifyOnPage(page)
      assert.equal(lastStatus(page), 400)
      await form.errorSummary.waitFor()
      await page.getByText('Choose at least one member').first().waitFor()
      await checkAccessibility(page)

      await form.schedule({ on: today, startsAt: '10:00', location: 'Online (Microsoft Teams)' }, [
        { userId: panelMemberId, agency: 'health', chair: true },
        { userId: managerId, agency: 'education' },
      ])
      const meeting = await MeetingPage.verifyOnPage(page)
      meetingId = new URL(page.url()).pathname.split('/')[2]!
      await meeting.banner.waitFor()
      await checkAccessibility(page)

      const built = await meeting.addEveryCaseAwaiting()
      assert.match((await built.banner.textContent()) ?? '', /2 cases were added to the agenda/)
      assert.equal(await built.agendaRows().count(), 2)
      // The decision due soonest first: Maya's request came in earlier
      assert.match((await built.agendaRows().first().textContent()) ?? '', /Maya Okoro/)
      await checkAccessibility(page)
    }))

  it('a panel member signs in, reads the papers and records a decision to assess against the criteria', () =>
    journey(async (page) => {
      assert.ok(meetingId, 'the meeting was scheduled by the journey before')
      const home = await (await StartPage.visit(page)).signInAs('panel_member')
      await home.openNavigationLink('/panels')
      const meeting = await (await PanelsPage.verifyOnPage(page)).openMeeting(meetingId)
      await checkAccessibility(page)

      const papers = await meeting.openPapers('Maya Okoro')
      await page.getByText('Maya is not making progress in reading').waitFor()
      await page.getByText('Maya says reading makes them anxious.').waitFor()
      await checkAccessibility(page)

      // Without weighing every criterion: refused, with the error summary
      await papers.decide(
        'Assess',
        criteria.slice(1).map((c) => ({ id: c.id, met: true })),
        'Meets the test.',
      )
      await PapersPage.verifyOnPage(page)
      assert.equal(lastStatus(page), 400)
      await papers.errorSummary.waitFor()
      await checkAccessibility(page)

      await papers.decide(
        'Assess',
        criteria.map((c) => ({ id: c.id, met: true })),
        'Maya may have special educational needs and the evidence shows an EHC plan may be necessary.',
      )
      const after = await MeetingPage.verifyOnPage(page)
      await after.banner.waitFor()
      assert.match((await after.agendaRows().first().textContent()) ?? '', /Assess/)
      await checkAccessibility(page)

      const db = h.testApp.database.db
      const decided = await db
        .selectFrom('ehc_case')
        .selectAll()
        .where('id', '=', cases[0]!.id)
        .executeTakeFirstOrThrow()
      assert.equal(decided.status, 'assessing')
      const letter = await db
        .selectFrom('ehc_letter')
        .select('id')
        .where('case_id', '=', cases[0]!.id)
        .where('kind', '=', 'decision_to_assess')
        .executeTakeFirstOrThrow()

      // The recorded decision on the papers, and the letter the family was sent
      await followNavigation(page, () => page.getByRole('link', { name: /^Maya Okoro/ }).click())
      await page.getByText('The criteria weighed').waitFor()
      await checkAccessibility(page)
      await page.goto(`/letters/${letter.id}`)
      await page.getByRole('heading', { name: 'We will carry out an EHC needs assessment for Maya Okoro' }).waitFor()
      await checkAccessibility(page)
    }))
})
