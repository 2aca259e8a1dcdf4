import type { Page as PlaywrightPage } from 'playwright-core'
import Page, { followNavigation } from './page.js'

/** The children search (staff), or the list of a parent's own children: /children. */
export class ChildrenPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, /^(Children and young people|Your children|Your record)$/)
  }

  static async visit(page: PlaywrightPage): Promise<ChildrenPage> {
    await page.goto('/children')
    return ChildrenPage.verifyOnPage(page)
  }

  async search(values: { q?: string; dateOfBirth?: string }): Promise<ChildrenPage> {
    await this.page.locator('#q').fill(values.q ?? '')
    await this.page.locator('#dateOfBirth').fill(values.dateOfBirth ?? '')
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Search', exact: true }).click())
    return ChildrenPage.verifyOnPage(this.page)
  }

  /** The ids of the children listed in the results table, in the order shown. */
  async listedChildIds(): Promise<string[]> {
    const links = this.page.locator('table.govuk-table tbody a.govuk-link[href^="/children/"]')
    return (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).map((href) =>
      href.replace(/^\/children\//, ''),
    )
  }

  async openChild(id: string, name: string): Promise<ChildPage> {
    await followNavigation(this.page, () =>
      this.page.locator(`table.govuk-table tbody a.govuk-link[href="/children/${id}"]`).click(),
    )
    return ChildPage.named(this.page, name)
  }

  async addChild(): Promise<ChildFormPage> {
    await followNavigation(this.page, () =>
      this.page.getByRole('link', { name: 'Add a child or young person' }).click(),
    )
    return ChildFormPage.verifyOnPage(this.page)
  }
}

/** A child's summary page, headed with their legal name. */
export class ChildPage extends Page {
  constructor(page: PlaywrightPage, name: string | RegExp = /\S/) {
    super(page, name)
  }

  /** Checks the browser shows the summary page of the child with this legal name. */
  static async named(page: PlaywrightPage, name: string): Promise<ChildPage> {
    const verified = new ChildPage(page, name)
    await verified.checkOnPage()
    return verified
  }

  static async visit(page: PlaywrightPage, id: string, name: string): Promise<ChildPage> {
    await page.goto(`/children/${id}`)
    return ChildPage.named(page, name)
  }

  /** What follows one of the page's section headings ("Settings", "Family"): a list, a table or a paragraph. */
  section(heading: string) {
    return this.page.locator(`h2:text-is("${heading}") + *`)
  }
}

export interface ChildFormValues {
  legalForename?: string
  legalSurname?: string
  dateOfBirth?: { day: string; month: string; year: string }
  sex?: 'F' | 'M' | 'U'
  homePostcode?: string
  upn?: string
  primaryNeed?: string
}

/** Adding a child or young person: /children/new. */
export class ChildFormPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Add a child or young person')
  }

  static async visit(page: PlaywrightPage): Promise<ChildFormPage> {
    await page.goto('/children/new')
    return ChildFormPage.verifyOnPage(page)
  }

  async submit(values: ChildFormValues) {
    const fill = async (selector: string, value?: string) => {
      if (value !== undefined) await this.page.locator(selector).fill(value)
    }
    await fill('#legalForename', values.legalForename)
    await fill('#legalSurname', values.legalSurname)
    await fill('#dateOfBirth-day', values.dateOfBirth?.day)
    await fill('#dateOfBirth-month', values.dateOfBirth?.month)
    await fill('#dateOfBirth-year', values.dateOfBirth?.year)
    if (values.sex) await this.page.locator(`input[name="sex"][value="${values.sex}"]`).check()
    await fill('#homePostcode', values.homePostcode)
    await fill('#upn', values.upn)
    if (values.primaryNeed) await this.page.locator('#primaryNeed').selectOption(values.primaryNeed)
    await followNavigation(this.page, () => this.page.getByRole('button', { name: 'Save', exact: true }).click())
  }
}

export class DataQualityPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'Data quality')
  }

  static async visit(page: PlaywrightPage): Promise<DataQualityPage> {
    await page.goto('/data-quality')
    return DataQualityPage.verifyOnPage(page)
  }

  get checksTable() {
    return this.page.locator('table.govuk-table', { has: this.page.locator('caption', { hasText: 'Checks' }) })
  }
}

/** The 403 page. */
export class ForbiddenPage extends Page {
  constructor(page: PlaywrightPage) {
    super(page, 'You do not have permission to see this page')
  }
}
