import type { Locator, Page as PlaywrightPage } from 'playwright-core'
import Page, { followNavigation } from './page.js'

/** A family's requests for an EHC needs assessment: /your-requests. */
export class YourRequestsPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Your requests')
  }

  /** The summary card of the request received on this day ("Monday 13 April 2026"). */
  card(receivedText: string): Locator {
    return this.page.locator('.govuk-summary-card', { hasText: `Request received ${receivedText}` })
  }

  async openRequest(id: string, childForename: string): Promise<RequestPage> {
    await followNavigation(this.page, () => this.page.locator(`a[href="/your-requests/${id}"]`).click())
    return RequestPage.about(this.page, childForename)
  }
}

/** One request as the family sees it: /your-requests/:id. */
export class RequestPage extends Page {
  static async about(page: PlaywrightPage, childForename: string): Promise<RequestPage> {
    const verified = new RequestPage(page, `${childForename}’s request for an EHC needs assessment`)
    await verified.checkOnPage()
    return verified
  }

  /** The status shown against a stage of "Where the request is" ("Done", "Now", "Next", "Later", "Not needed"). */
  async stageStatus(key: 'received' | 'decision' | 'assessment' | 'draft' | 'final'): Promise<string> {
    return ((await this.page.locator(`#stage-${key}-status`).textContent()) ?? '').trim()
  }

  /** The paragraphs after a section heading, up to the next heading. */
  section(heading: string): Locator {
    return this.page.locator(`h2:text-is("${heading}") ~ *`)
  }

  async tellUsYourViews(): Promise<ViewsPage> {
    await followNavigation(this.page, () => this.page.getByRole('link', { name: 'Tell us your views' }).click())
    return ViewsPage.verifyOnPage(this.page)
  }

  get successBanner(): Locator {
    return this.page.locator('.govuk-notification-banner--success')
  }
}

/** The form where a family adds their views: /your-requests/:id/views. */
export class ViewsPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Tell us your views')
  }

  async send(views: string) {
    await this.page.locator('#views').fill(views)
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Send your views' }).click())
  }
}

/** A SENCO's list of their pupils' requests: /setting-requests. */
export class SettingRequestsPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Your pupils’ EHC needs assessment requests')
  }
}
