import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import type { Locator, Page as PlaywrightPage } from 'playwright-core'
import { type IsoDate, splitIsoDate } from '../../../src/platform/calendar/isoDate.js'
import Page, { followNavigation } from './page.js'

/**
 * The pages a case goes through from request to final plan, as staff see them: the caseload, the caseworker's entry
 * of a request, the case page, panels (meetings, agendas, papers), advice (asking, the contributor's list and form)
 * and the letters. The family's pages are in familyPages.ts.
 */

const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim()

/** Fills a GOV.UK date input (three boxes named `<prefix>-day`, `-month`, `-year`). */
async function fillDate(page: PlaywrightPage, prefix: string, date: IsoDate) {
  const { year, month, day } = splitIsoDate(date)
  await page.locator(`#${prefix}-day`).fill(String(day))
  await page.locator(`#${prefix}-month`).fill(String(month))
  await page.locator(`#${prefix}-year`).fill(String(year))
}

const successBanner = (page: PlaywrightPage) => page.locator('.govuk-notification-banner--success')

// --- Cases ----------------------------------------------------------------------------------------------------------

/** A caseload (/cases): the caseworker's own, the team's, or all open cases. */
export class CaseloadPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /^(My caseload|Team caseload|All open cases|Unallocated)$/)
  }

  async enterRequest(): Promise<NewCasePage> {
    await followNavigation(this.page, () =>
      this.page.getByRole('link', { name: 'Enter a request received by letter or email' }).click(),
    )
    return NewCasePage.verifyOnPage(this.page)
  }

  async openCase(childName: string): Promise<CasePage> {
    await followNavigation(this.page, () =>
      this.page.locator('table.govuk-table tbody').getByRole('link', { name: childName, exact: true }).click(),
    )
    return CasePage.of(this.page, childName)
  }
}

/** The caseworker's entry of a request that came by letter, email or phone: find the child, then the request. */
export class NewCasePage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Enter a request for an EHC needs assessment')
  }

  async search(q: string): Promise<NewCasePage> {
    await this.page.locator('#q').fill(q)
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Search', exact: true }).click())
    return NewCasePage.verifyOnPage(this.page)
  }

  async choose(childName: string): Promise<NewCasePage> {
    await followNavigation(this.page, () => this.page.getByRole('link', { name: `Choose ${childName}` }).click())
    await this.page.locator('#requestReceived-day').waitFor()
    return NewCasePage.verifyOnPage(this.page)
  }

  async enter(request: {
    received: IsoDate
    via: 'Letter' | 'Email' | 'Phone call'
    requester: string
    requesterName: string
    reasons: string
    familyViews?: string
  }) {
    await fillDate(this.page, 'requestReceived', request.received)
    await this.page.getByLabel(request.via, { exact: true }).check()
    await this.page.getByLabel(request.requester, { exact: true }).check()
    await this.page.locator('#requesterName').fill(request.requesterName)
    await this.page.locator('#reasons').fill(request.reasons)
    if (request.familyViews) await this.page.locator('#familyViews').fill(request.familyViews)
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Enter request' }).click())
  }
}

/** One case (/cases/:id) as staff see it, headed with the child's name. */
export class CasePage extends Page {
  static async of(page: PlaywrightPage, childName: string): Promise<CasePage> {
    const verified = new CasePage(page, childName)
    await verified.checkOnPage()
    return verified
  }

  get id(): string {
    const id = /^\/cases\/([0-9a-f-]{36})$/.exec(new URL(this.page.url()).pathname)?.[1]
    assert.ok(id, `a case page's address: ${this.page.url()}`)
    return id
  }

  get banner(): Locator {
    return successBanner(this.page)
  }

  /** The case's status, as its tag under the heading says it. */
  async status(): Promise<string> {
    return text(this.page.locator('h1 + p .govuk-tag').first())
  }

  /** The due date shown against a step of the statutory clock ("Decision whether to assess", "Final plan"). */
  async dueDate(step: string): Promise<string> {
    const row = this.page.locator('#due-dates tbody tr', {
      has: this.page.locator('th', { hasText: new RegExp(`^${step}`) }),
    })
    assert.equal(await row.count(), 1, `one row for "${step}" in the due dates`)
    return text(row.locator('td').first())
  }

  async finalPlanDue(): Promise<string> {
    return text(this.page.locator('#final-plan-due'))
  }

  /** The "What happens next" list, as shown. */
  async tasks(): Promise<string[]> {
    return (await this.page.locator('#tasks li').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())
  }

  async followTask(name: string | RegExp) {
    await followNavigation(this.page, () => this.page.locator('#tasks').getByRole('link', { name }).click())
  }

  /**
   * Opens one of the "Record a step" forms, leaves the date as today (the form's default), chooses the named setting
   * for the final plan, and sends it.
   */
  private stepForm(heading: string) {
    return this.page.locator('details', { has: this.page.locator('summary', { hasText: heading }) })
  }

  /** The plan to start from, downloaded from the step's form as the caseworker's browser saves it. */
  async downloadPlanToStartFrom(heading: string): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
    const details = this.stepForm(heading)
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click()
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      details.getByRole('link', { name: /written from this case’s record/ }).click(),
    ])
    return {
      name: download.suggestedFilename(),
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await fs.readFile(await download.path()),
    }
  }

  async recordStep(step: {
    heading: string
    button: string
    namedSetting?: string | RegExp
    /** The plan's file, for the steps that issue one. */
    file?: { name: string; mimeType: string; buffer: Buffer }
  }) {
    const details = this.stepForm(step.heading)
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click()
    if (step.file) await details.locator('input[type="file"]').setInputFiles(step.file)
    if (step.namedSetting !== undefined) {
      const select = details.locator('select[name="namedSettingId"]')
      const option = select.locator('option', { hasText: step.namedSetting })
      const value = await option.getAttribute('value')
      assert.ok(value, `the setting ${step.namedSetting} is offered`)
      await select.selectOption(value)
    }
    await followNavigation(this.page, () => details.getByRole('button', { name: step.button }).click())
  }

  async askForAdvice(): Promise<AskForAdvicePage> {
    await followNavigation(this.page, () =>
      this.page.locator('#actions ~ ul').getByRole('link', { name: 'Ask for advice' }).click(),
    )
    return AskForAdvicePage.verifyOnPage(this.page)
  }

  /** The state of each request for advice in the advice table, by service: "Educational psychology" → "Received". */
  async adviceStates(): Promise<Record<string, string>> {
    const table = this.page.locator('table', {
      has: this.page.locator('caption', { hasText: 'Requests for advice' }),
    })
    const out: Record<string, string> = {}
    for (const row of await table.locator('tbody tr').all()) {
      // The first cell is the service, a line break, then who was asked.
      const service = (
        await row
          .locator('td')
          .first()
          .evaluate((td) => td.firstChild?.textContent ?? '')
      ).trim()
      out[service] = await text(row.locator('td .govuk-tag'))
    }
    return out
  }

  /** The letters table: subject, dated, to, appeal by and delivery of each, newest first. */
  async letters(): Promise<{ id: string; subject: string; dated: string; to: string; appealBy: string }[]> {
    const table = this.page.locator('table', {
      has: this.page.locator('caption', { hasText: 'Letters about this case' }),
    })
    const rows = await table.locator('tbody tr').all()
    return Promise.all(
      rows.map(async (row) => {
        const cells = row.locator('td')
        const link = cells.nth(0).locator('a')
        return {
          id: ((await link.getAttribute('href')) ?? '').replace(/^\/letters\//, ''),
          subject: await text(link),
          dated: await text(cells.nth(1)),
          to: await text(cells.nth(2)),
          appealBy: await text(cells.nth(3)),
        }
      }),
    )
  }

  async openLetter(subject: string): Promise<LetterPage> {
    await followNavigation(this.page, () => this.page.getByRole('link', { name: subject, exact: true }).click())
    return LetterPage.titled(this.page, subject)
  }

  /** The timeline in the order things happened (the page shows the newest first): what, and by whom. */
  async timeline(): Promise<{ label: string; by: string }[]> {
    const items = await this.page.locator('.moj-timeline__item').all()
    const shown = await Promise.all(
      items.map(async (item) => ({
        label: await text(item.locator('.moj-timeline__title')),
        by: (await text(item.locator('.moj-timeline__byline'))).replace(/^by /, ''),
      })),
    )
    return shown.reverse()
  }
}

export class LetterPage extends Page {
  static async titled(page: PlaywrightPage, subject: string): Promise<LetterPage> {
    const verified = new LetterPage(page, subject)
    await verified.checkOnPage()
    return verified
  }

  /** A line of the letter's summary ("Appeal by", "Date of the letter"). */
  async summary(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row', {
      has: this.page.locator('dt', { hasText: new RegExp(`^\\s*${key}\\s*$`) }),
    })
    return text(row.locator('dd'))
  }
}

// --- Panels ---------------------------------------------------------------------------------------------------------

export class PanelsPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Panels')
  }

  async scheduleMeeting(): Promise<ScheduleMeetingPage> {
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Schedule a panel meeting' }).click())
    return ScheduleMeetingPage.verifyOnPage(this.page)
  }

  async openMeeting(id: string): Promise<MeetingPage> {
    await followNavigation(this.page, () => this.page.locator(`a[href="/panels/${id}"]`).click())
    return MeetingPage.verifyOnPage(this.page)
  }
}

export class ScheduleMeetingPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Schedule a panel meeting')
  }

  async schedule(
    meeting: { on: IsoDate; startsAt: string; location: string },
    members: { userId: string; agency: string; chair?: boolean }[],
  ): Promise<MeetingPage> {
    await fillDate(this.page, 'meetsOn', meeting.on)
    await this.page.locator('#startsAt').fill(meeting.startsAt)
    await this.page.locator('#location').fill(meeting.location)
    for (const m of members) {
      await this.page.locator(`input[name="members"][value="${m.userId}"]`).check()
      await this.page.locator(`#agency-${m.userId}`).selectOption(m.agency)
      if (m.chair) await this.page.locator(`input[name="chair"][value="${m.userId}"]`).check()
    }
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Schedule the meeting' }).click())
    return MeetingPage.verifyOnPage(this.page)
  }
}

/** A panel meeting: its members and agenda, and (for those who manage panels) the cases that could be added. */
export class MeetingPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /^\d{1,2} \w+ \d{4}, \d{2}:\d{2}$/)
  }

  get id(): string {
    return new URL(this.page.url()).pathname.split('/')[2]!
  }

  get banner(): Locator {
    return successBanner(this.page)
  }

  async addEveryCaseAwaiting(): Promise<MeetingPage> {
    await followNavigation(this.page, () =>
      this.page.getByRole('button', { name: 'Add every case awaiting a decision' }).click(),
    )
    return MeetingPage.verifyOnPage(this.page)
  }

  /** The agenda as shown: child, question and decision (or "To decide") of each item, in order. */
  async agenda(): Promise<{ child: string; question: string; decision: string }[]> {
    const rows = await this.page.locator('#agenda ~ table tbody tr').all()
    return Promise.all(
      rows.map(async (row) => {
        const cells = row.locator('td')
        return {
          child: (await text(cells.nth(0).locator('a'))).replace(/:.*$/, ''),
          question: await text(cells.nth(1)),
          decision: await text(cells.nth(3)),
        }
      }),
    )
  }

  /** The papers of the case on the agenda for this question (a case can be listed for both on one day). */
  async openPapers(childName: string, question: string): Promise<PapersPage> {
    const row = this.page.locator('#agenda ~ table tbody tr', { hasText: question })
    await followNavigation(this.page, () => row.getByRole('link', { name: new RegExp(`^${childName}`) }).click())
    return PapersPage.about(this.page, childName, question)
  }
}

/** The papers for one case on a panel's agenda, and the form to record the panel's decision on them. */
export class PapersPage extends Page {
  static async about(page: PlaywrightPage, childName: string, question: string): Promise<PapersPage> {
    const verified = new PapersPage(page, childName)
    await verified.checkOnPage()
    assert.equal(await text(page.locator('span.govuk-caption-l').first()), question, 'the question put to the panel')
    return verified
  }

  /** Every published criterion marked met (or not), the decision and its reasons. Returns how many were weighed. */
  async decide(decision: string, reasons: string, met = true): Promise<number> {
    await this.page.getByLabel(decision, { exact: true }).check()
    const criteria = await this.page.locator(`input[type="radio"][name^="met-"][value="${met ? 'yes' : 'no'}"]`).all()
    for (const radio of criteria) await radio.check()
    await this.page.locator('#reasons').fill(reasons)
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Record the decision' }).click())
    return criteria.length
  }
}

// --- Advice ---------------------------------------------------------------------------------------------------------

/** The caseworker's form asking for advice (/cases/:id/advice-requests/new). */
export class AskForAdvicePage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Ask for advice')
  }

  /** Asks one service, of a person with an account, chosen by the start of their name in the list. */
  async ask(service: string, serviceValue: string, contributor: string | RegExp, questions: string) {
    await this.page.getByLabel(service, { exact: true }).check()
    const select = this.page.locator(`#contributor-${serviceValue}`)
    const value = await select.locator('option', { hasText: contributor }).getAttribute('value')
    assert.ok(value, `${contributor} is offered for ${service}`)
    await select.selectOption(value)
    await this.page.locator(`#questions-${serviceValue}`).fill(questions)
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Send requests for advice' }).click())
  }
}

/** The requests for advice sent to a contributor (/advice), or those on a caseworker's cases. */
export class AdviceListPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /requests for advice$/i)
  }

  async childNames(): Promise<string[]> {
    return this.page.locator('table tbody tr td:first-child a').allTextContents()
  }

  async open(childName: string): Promise<AdviceRequestPage> {
    await followNavigation(this.page, () => this.page.getByRole('link', { name: childName, exact: true }).click())
    return AdviceRequestPage.verifyOnPage(this.page)
  }
}

/** One request for advice: what is asked, the evidence, and the contributor's form to give it. */
export class AdviceRequestPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /advice$/)
  }

  async giveAdvice(advice: { education: string; outcomes: string; provision: string }): Promise<AdviceRequestPage> {
    await this.page.getByLabel('Education: learning').fill(advice.education)
    await this.page.getByLabel('Outcomes sought').fill(advice.outcomes)
    await this.page.getByLabel('Provision recommended').fill(advice.provision)
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Send advice' }).click())
    return AdviceRequestPage.verifyOnPage(this.page)
  }
}

// --- The family's response to the draft plan ------------------------------------------------------------------------

/** The response to the draft plan, as the family gives it or the caseworker records it (/cases/:id/draft-response). */
export class DraftResponsePage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /^(Your response to the draft plan|Record the family’s response to the draft plan)$/)
  }

  async respond(response: { comments: string; wantsMeeting: boolean; preferredSetting?: string }) {
    await this.page.locator('#comments').fill(response.comments)
    await this.page.getByLabel(response.wantsMeeting ? 'Yes' : 'No', { exact: true }).check()
    if (response.preferredSetting) {
      await this.page.locator('#preferredSettingId').selectOption({ label: response.preferredSetting })
    }
    await followNavigation(this.page, () =>
      this.page.getByRole('button', { name: /^(Send your response|Record the response)$/ }).click(),
    )
  }
}
