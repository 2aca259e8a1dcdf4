import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, it } from 'node:test'
import type { Page as PlaywrightPage } from 'playwright-core'
import { importSettings } from '../../src/directory/import.service.js'
import { followNavigation } from '../browser/pages/page.js'
import StartPage from '../browser/pages/startPage.js'
import {
  assertNoCspViolations,
  type BrowserHarness,
  browserSkipReason,
  checkAccessibility,
  lastStatus,
  startBrowserHarness,
} from '../browser/support.js'
import { testEngine } from '../support/database.js'
import { makeSetting } from '../support/factories.js'

const fixture = (name: string) => fs.readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')

describe(`the directory's pages in a browser, WCAG 2.2 AA (${testEngine})`, { skip: browserSkipReason() }, () => {
  let h: BrowserHarness
  let page: PlaywrightPage
  let hostId: string
  let resourceBaseId: string

  before(async () => {
    h = await startBrowserHarness()
    const { database, authorityId } = h.testApp
    const db = database.db
    await importSettings(db, { authorityId, userId: null, label: 'test' }, fixture('gias-settings.csv'))
    hostId = (await db.selectFrom('setting').select('id').where('urn', '=', 103245).executeTakeFirstOrThrow()).id
    resourceBaseId = (
      await makeSetting(db, authorityId, {
        name: 'Elmstead Primary School autism resource base',
        urn: null,
        provision: 'resource_base',
        host_setting_id: hostId,
        designation: ['ASD'],
        illustrative: true,
      })
    ).id
    await db
      .insertInto('setting_capacity')
      .values({
        setting_id: resourceBaseId,
        authority_id: authorityId,
        academic_year: 2025,
        commissioned_places: 10,
        occupied_places: 9,
      })
      .execute()
    page = await h.newPage()
    await (await StartPage.visit(page)).signInAs('commissioner')
  })
  after(async () => {
    if (page) await h.closePage(page)
    await h?.close()
  })

  const visit = async (path: string, status = 200) => {
    await page.goto(path)
    assert.equal(lastStatus(page), status, path)
    await checkAccessibility(page)
    assertNoCspViolations(page)
  }

  it('the settings list, filtered, paged and with a filter in error', async () => {
    await visit('/settings')
    await visit('/settings?need=ASD&phase=Primary')
    await visit('/settings?pageSize=2&page=2')
    await visit('/settings?provision=castle', 400)
    assert.match(await page.title(), /^Error: /)
  })

  it('a host school, its resource base with places, and an unknown setting', async () => {
    await visit(`/settings/${hostId}`)
    await visit(`/settings/${resourceBaseId}`)
    await visit('/settings/00000000-0000-4000-8000-000000000000', 404)
  })

  it('the import page, its error, and the report of a pasted import', async () => {
    await visit('/settings/import')
    await followNavigation(page, () => page.getByRole('button', { name: 'Import settings' }).click())
    assert.equal(lastStatus(page), 400)
    await checkAccessibility(page)
    await page.locator('#csv').fill(fixture('gias-mixed.csv'))
    await followNavigation(page, () => page.getByRole('button', { name: 'Import settings' }).click())
    await page.getByRole('heading', { name: 'Import report' }).waitFor()
    assert.equal(lastStatus(page), 200)
    await checkAccessibility(page)
    assertNoCspViolations(page)
  })
})
