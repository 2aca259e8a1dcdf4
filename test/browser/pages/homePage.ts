import type { Page as PlaywrightPage } from 'playwright-core'
import Page, { followNavigation } from './page.js'

/** The signed-in home page: a greeting and the things the role may do. */
export default class HomePage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /^Hello, /)
  }

  async openAccount(): Promise<AccountPage> {
    await followNavigation(this.page, () => this.page.getByRole('link', { name: 'Your account' }).click())
    return AccountPage.verifyOnPage(this.page)
  }
}

export class AccountPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Your account')
  }
}
