import type { Page as PlaywrightPage } from 'playwright-core'
import type { Role } from '../../../src/platform/policy/roles.js'
import Page, { followNavigation } from './page.js'

/** The administrator's pages: accounts, API tokens and the audit log. */
export class UsersPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Users')
  }

  static async visit(page: PlaywrightPage): Promise<UsersPage> {
    await page.goto('/admin/users')
    return UsersPage.verifyOnPage(page)
  }

  async addUser(): Promise<NewUserPage> {
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Add a user' }).click())
    return NewUserPage.verifyOnPage(this.page)
  }
}

export class NewUserPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Add a user')
  }

  async submit(values: { displayName?: string; email?: string; role?: Role }) {
    if (values.displayName !== undefined) await this.page.locator('#displayName').fill(values.displayName)
    if (values.email !== undefined) await this.page.locator('#email').fill(values.email)
    if (values.role) await this.page.locator(`input[name="role"][value="${values.role}"]`).check()
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Add user' }).click())
  }
}

export class TokensPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'API tokens')
  }

  static async visit(page: PlaywrightPage): Promise<TokensPage> {
    await page.goto('/admin/tokens')
    return TokensPage.verifyOnPage(page)
  }

  async create(name: string, role: Role): Promise<TokenCreatedPage> {
    await this.page.locator('#name').fill(name)
    await this.page.locator('#role').selectOption(role)
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Create token' }).click())
    return TokenCreatedPage.verifyOnPage(this.page)
  }
}

export class TokenCreatedPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Token created')
  }

  async token(): Promise<string> {
    return ((await this.page.locator('#token').textContent()) ?? '').trim()
  }
}

export class AuditPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Audit log')
  }

  static async visit(page: PlaywrightPage): Promise<AuditPage> {
    await page.goto('/admin/audit')
    return AuditPage.verifyOnPage(page)
  }

  async checkTheLog(): Promise<AuditCheckedPage> {
    await followNavigation(this.page, () =>
      this.page.getByRole('button', { name: 'Check the log has not been altered' }).click(),
    )
    return AuditCheckedPage.verifyOnPage(this.page)
  }
}

export class AuditCheckedPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'The audit log is intact')
  }
}
