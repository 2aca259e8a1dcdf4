import assert from 'node:assert/strict'
import type { Locator, Page as PlaywrightPage } from 'playwright-core'
import { serviceName } from '../../../src/app.js'

/**
 * A page object in the HMPPS style: made only through `verifyOnPage`, which checks the browser really shows that
 * page (its main heading and title), so a journey fails where it went wrong rather than several steps later.
 */
export default abstract class Page {
  protected constructor(
    readonly page: PlaywrightPage,
    readonly heading: string | RegExp,
  ) {}

  static async verifyOnPage<T extends Page>(this: new (page: PlaywrightPage) => T, page: PlaywrightPage): Promise<T> {
    const verified = new this(page)
    await verified.checkOnPage()
    return verified
  }

  async checkOnPage() {
    const h1 = ((await this.page.locator('h1').first().textContent()) ?? '').replace(/\s+/g, ' ').trim()
    if (typeof this.heading === 'string') assert.equal(h1, this.heading, `Heading on ${this.page.url()}`)
    else assert.match(h1, this.heading, `Heading on ${this.page.url()}`)
    // Every page's title names the service, so a tab or a screen reader's window list says where the user is.
    assert.match(await this.page.title(), new RegExp(` – ${serviceName}$`), `Title on ${this.page.url()}`)
  }

  get errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary')
  }

  /** The hrefs of the service navigation (the role's menu, not the service name), in the order shown. */
  async serviceNavigationHrefs(): Promise<string[]> {
    const links = this.page.locator('.govuk-service-navigation__list a.govuk-service-navigation__link')
    return (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).filter(Boolean)
  }

  async openNavigationLink(href: string) {
    await followNavigation(this.page, () =>
      this.page.locator(`.govuk-service-navigation__list a.govuk-service-navigation__link[href="${href}"]`).click(),
    )
  }

  async signOut(): Promise<SignedOutPage> {
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Sign out' }).click())
    return SignedOutPage.verifyOnPage(this.page)
  }
}

/**
 * Does something that loads a new page (a link, a form post and its redirect) and waits for that page to load. The
 * URL alone cannot tell: a form may post back to where it is, or redirect to the page it was on.
 */
export async function followNavigation(page: PlaywrightPage, action: () => Promise<void>) {
  // Together, so a failed action reports its own error rather than the wait's.
  await Promise.all([page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame()), action()])
  await page.waitForLoadState('load')
}

/** Any page of the service: for the pages reached through the navigation, whose headings this suite does not fix. */
export class ServicePage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /\S/)
  }
}

export class SignedOutPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'You have signed out')
  }
}

export class NotFoundPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Page not found')
  }
}
