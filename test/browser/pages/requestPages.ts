import type { Locator, Page as PlaywrightPage } from 'playwright-core'
import Page, { followNavigation } from './page.js'

/** Asking for an EHC needs assessment in the portal: /requests, the drafts and the requests sent. */
export class RequestsPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Ask for an EHC needs assessment')
  }

  get savedBanner(): Locator {
    return this.page.locator('.govuk-notification-banner--success')
  }

  async startNewRequest(): Promise<ChooseChildPage> {
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Start a new request' }).click())
    return ChooseChildPage.verifyOnPage(this.page)
  }

  async continueDraft(childName: string): Promise<TaskListPage> {
    const link = this.page.getByRole('link', { name: `Continue the request for ${childName}` })
    await followNavigation(this.page, () => link.click())
    return TaskListPage.verifyOnPage(this.page)
  }
}

export class ChooseChildPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Who is the request for?')
  }

  async choose(childName: string): Promise<TaskListPage> {
    await this.page.getByLabel(childName).check()
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Continue' }).click())
    return TaskListPage.verifyOnPage(this.page)
  }
}

/** The request's sections and how far each has got. */
export class TaskListPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Your request for an EHC needs assessment')
  }

  async status(section: string): Promise<string> {
    const item = this.page.locator('.govuk-task-list__item', { hasText: section })
    return ((await item.locator('.govuk-task-list__status').textContent()) ?? '').trim()
  }

  async open(section: string): Promise<SectionPage> {
    await followNavigation(this.page, () => this.page.getByRole('link', { name: section }).click())
    return SectionPage.titled(this.page, section)
  }
}

/** One section of the request: its questions, saved with "Save and continue" or "Save and come back later". */
export class SectionPage extends Page {
  static async titled(page: PlaywrightPage, title: string): Promise<SectionPage> {
    const verified = new SectionPage(page, title)
    await verified.checkOnPage()
    return verified
  }

  async fill(fields: Record<string, string>) {
    for (const [id, value] of Object.entries(fields)) await this.page.locator(`#${id}`).fill(value)
  }

  async choose(label: string) {
    await this.page.getByLabel(label, { exact: true }).check()
  }

  async saveAndContinue() {
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Save and continue' }).click())
  }

  async saveAndComeBackLater(): Promise<RequestsPage> {
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Save and come back later' }).click())
    return RequestsPage.verifyOnPage(this.page)
  }
}

export class EvidencePage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Reports and evidence')
  }

  get files(): Locator {
    return this.page.locator('#evidence-files .govuk-summary-list__key')
  }

  async addFile(file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.locator('#file').setInputFiles(file)
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Add file' }).click())
  }

  async continue(): Promise<CheckAnswersPage> {
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Continue' }).click())
    return CheckAnswersPage.verifyOnPage(this.page)
  }
}

export class CheckAnswersPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Check your answers before sending your request')
  }

  async send(): Promise<RequestSentPage> {
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Send request' }).click())
    return RequestSentPage.verifyOnPage(this.page)
  }
}

export class RequestSentPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /^Request sent/)
  }

  async reference(): Promise<string> {
    return ((await this.page.locator('#reference').textContent()) ?? '').trim()
  }

  async decisionDue(): Promise<string> {
    return ((await this.page.locator('#decision-due').textContent()) ?? '').trim()
  }
}
