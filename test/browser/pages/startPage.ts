import type { Page as PlaywrightPage } from 'playwright-core'
import { serviceName } from '../../../src/app.js'
import type { Role } from '../../../src/platform/policy/roles.js'
import HomePage from './homePage.js'
import Page, { followNavigation } from './page.js'

/** The start page: what a signed-out visitor sees at /, with a one-click demo sign-in for each role. */
export default class StartPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, serviceName)
  }

  static async visit(page: PlaywrightPage): Promise<StartPage> {
    await page.goto('/')
    return StartPage.verifyOnPage(page)
  }

  async signInAs(role: Role): Promise<HomePage> {
    await followNavigation(this.page, () => this.page.locator(`button[data-role="${role}"]`).click())
    return HomePage.verifyOnPage(this.page)
  }
}
