import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import type { NewNotification } from '../../src/platform/notify/outbox.js'
import { queueNotification } from '../../src/platform/notify/outbox.js'
import {
  assertNoCspViolations,
  type BrowserHarness,
  browserSkipReason,
  checkAccessibility,
  lastStatus,
  startBrowserHarness,
} from '../browser/support.js'
import { testEngine } from '../support/database.js'

const skip = browserSkipReason()

describe(`the outbox in a browser, WCAG 2.2 AA (${testEngine})`, { skip }, () => {
  let h: BrowserHarness
  let failedId: string
  before(async () => {
    h = await startBrowserHarness()
    const { database, authorityId } = h.testApp
    const queue = (n: Partial<NewNotification>) =>
      database.db.transaction().execute((trx) =>
        queueNotification(trx, {
          authorityId,
          channel: 'email',
          recipientName: 'Sam Parent',
          toAddress: 'sam.parent@example.com',
          templateKey: 'test.message',
          subject: 'About your request',
          body: 'Dear Sam,\nThank you.\n\nWe will write again.',
          ...n,
        } as NewNotification),
      )
    await queue({ subject: 'A delivered message' })
    failedId = (await queue({ subject: 'A failed letter', channel: 'letter', toAddress: '1 High St\nB1 1AA' })).id
    await database.db
      .updateTable('notification')
      .set({ status: 'failed', attempts: 1, last_error: 'Provider unavailable' })
      .where('id', '=', failedId)
      .execute()
  })
  after(() => h?.close())

  async function signInAsManager(page: Page) {
    await page.goto('/')
    await page.locator('button[data-role="team_manager"]').click()
    await page.getByRole('heading', { level: 1 }).waitFor()
  }

  it('lists, filters and shows notifications, every page accessible', async () => {
    const page = await h.newPage()
    try {
      await signInAsManager(page)
      await page.goto('/notifications')
      assert.equal(lastStatus(page), 200)
      await page.getByRole('link', { name: 'A failed letter' }).waitFor()
      await checkAccessibility(page)

      await page.getByRole('link', { name: 'A failed letter' }).click()
      await page.getByRole('heading', { level: 1, name: 'A failed letter' }).waitFor()
      await checkAccessibility(page)

      await page.goto('/notifications?status=nonsense')
      assert.equal(lastStatus(page), 400)
      await page.locator('.govuk-error-summary').waitFor()
      await checkAccessibility(page)
      assertNoCspViolations(page)
    } finally {
      await h.closePage(page)
    }
  })

  it('filters and retries without JavaScript', async () => {
    const page = await h.newPage({ javaScriptEnabled: false })
    try {
      await signInAsManager(page)
      await page.goto('/notifications')
      await page.getByLabel('Status').selectOption('failed')
      await page.getByRole('button', { name: 'Filter' }).click()
      await page.getByRole('link', { name: 'A failed letter' }).waitFor()
      assert.match(page.url(), /status=failed/)
      assert.equal(await page.getByRole('link', { name: 'A delivered message' }).count(), 0)

      await page.getByRole('link', { name: 'A failed letter' }).click()
      await page.getByRole('button', { name: 'Retry now' }).click()
      await page.getByRole('heading', { level: 1, name: 'A failed letter' }).waitFor()
      assert.equal(new URL(page.url()).pathname, `/notifications/${failedId}`)
      assert.equal(lastStatus(page), 200)
    } finally {
      await h.closePage(page)
    }
  })
})
