import type { Page as PlaywrightPage } from 'playwright-core'
import Page, { followNavigation } from './page.js'

/** The password sign-in form (the demo buttons below it are the start page's, tested there). */
export default class SignInPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Sign in')
  }

  static async visit(page: PlaywrightPage): Promise<SignInPage> {
    await page.goto('/sign-in')
    return SignInPage.verifyOnPage(page)
  }

  async submit(values: { email?: string; password?: string } = {}) {
    if (values.email !== undefined) await this.page.locator('#email').fill(values.email)
    if (values.password !== undefined) await this.page.locator('#password').fill(values.password)
    // The form's own button: the demo buttons further down also start "Sign in", and the form has "Show" too.
    const button = this.page.locator('form[action="/sign-in"]').getByRole('button', { name: 'Sign in', exact: true })
    await followNavigation(this.page, () => button.click())
    return SignInPage.verifyOnPage(this.page)
  }
}
