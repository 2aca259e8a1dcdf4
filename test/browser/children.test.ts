import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page as PlaywrightPage } from 'playwright-core'
import { makeUpn } from '../../src/people/identifiers.js'
import { seedDemo } from '../../src/seed/demo.js'
import { testEngine } from '../support/database.js'
import { ChildFormPage, ChildPage, ChildrenPage, DataQualityPage, ForbiddenPage } from './pages/childrenPages.js'
import { ServicePage } from './pages/page.js'
import StartPage from './pages/startPage.js'
import {
  type BrowserHarness,
  browserSkipReason,
  checkAccessibility,
  lastStatus,
  runJourney,
  startBrowserHarness,
} from './support.js'

const skip = browserSkipReason()

interface SeededChild {
  id: string
  name: string
}

describe(`browser journeys: children and young people, WCAG 2.2 AA (${testEngine})`, { skip }, () => {
  let h: BrowserHarness
  /** A child on roll at a setting, with family, and a surname prefix that finds them on the first page of results. */
  let found: SeededChild & { prefix: string; settingName: string; familyName: string }
  /** The demo SENCO's school, its pupils on roll, and the demo parent's two children (one there, one elsewhere). */
  let school: { name: string; pupilIds: Set<string> }
  let aisha: SeededChild
  let zain: SeededChild

  before(async () => {
    h = await startBrowserHarness()
    // The harness seeds the demo accounts alone; on an authority without children this adds the full demo data.
    const report = await seedDemo(h.testApp.database.db)
    assert.equal(report.created, true, 'the demo children were seeded')
    const db = h.testApp.database.db

    const children = await db.selectFrom('child').select(['id', 'legal_forename', 'legal_surname']).execute()
    const named = (forename: string, surname: string): SeededChild => {
      const child = children.find((c) => c.legal_forename === forename && c.legal_surname === surname)
      assert.ok(child, `the demo has ${forename} ${surname}`)
      return { id: child.id, name: `${forename} ${surname}` }
    }
    aisha = named('Aisha', 'Ahmed')
    zain = named('Zain', 'Ahmed')

    const scope = await db
      .selectFrom('user_scope')
      .innerJoin('app_user', 'app_user.id', 'user_scope.user_id')
      .innerJoin('setting', 'setting.id', 'user_scope.ref_id')
      .select(['setting.id', 'setting.name'])
      .where('app_user.role', '=', 'senco')
      .where('app_user.is_demo', '=', true)
      .where('user_scope.kind', '=', 'setting')
      .executeTakeFirstOrThrow()
    const roll = await db
      .selectFrom('child_setting')
      .select('child_id')
      .where('setting_id', '=', scope.id)
      .where('ended_on', 'is', null)
      .execute()
    school = { name: scope.name, pupilIds: new Set(roll.map((r) => r.child_id)) }

    // Any child on roll somewhere, with a family member on record, who is not one of the demo accounts' own.
    const candidate = await db
      .selectFrom('child')
      .innerJoin('child_setting', 'child_setting.child_id', 'child.id')
      .innerJoin('setting', 'setting.id', 'child_setting.setting_id')
      .innerJoin('family_member', 'family_member.child_id', 'child.id')
      .select(['child.id', 'child.legal_forename', 'child.legal_surname', 'setting.name', 'family_member.forename'])
      .where('child_setting.ended_on', 'is', null)
      .where('child_setting.main', '=', true)
      .where('child.merged_into_id', 'is', null)
      .where('child.legal_surname', '<>', 'Ahmed')
      .where('family_member.forename', 'is not', null)
      .orderBy('child.legal_surname')
      .orderBy('child.id')
      .limit(1)
      .executeTakeFirstOrThrow()
    // The shortest prefix (of three letters or more) that finds at most one page of children, so they are listed.
    const matches = (prefix: string) =>
      children.filter((c) => [c.legal_forename, c.legal_surname].some((n) => n.toLowerCase().startsWith(prefix)))
    const surname = candidate.legal_surname
    let prefix = surname.slice(0, 3)
    while (prefix.length < surname.length && matches(prefix.toLowerCase()).length > 50) {
      prefix = surname.slice(0, prefix.length + 1)
    }
    found = {
      id: candidate.id,
      name: `${candidate.legal_forename} ${candidate.legal_surname}`,
      prefix,
      settingName: candidate.name,
      familyName: String(candidate.forename),
    }
  })
  after(() => h?.close())

  const journey = (run: (page: PlaywrightPage) => Promise<void>) => runJourney(h, run)

  it('a caseworker finds a child by a surname prefix and opens their record; a wrong date of birth is explained', () =>
    journey(async (page) => {
      const home = await (await StartPage.visit(page)).signInAs('caseworker')
      await home.openNavigationLink('/children')
      const search = await ChildrenPage.verifyOnPage(page)
      assert.equal(lastStatus(page), 200)
      await checkAccessibility(page)

      const results = await search.search({ q: found.prefix })
      assert.equal(lastStatus(page), 200)
      const ids = await results.listedChildIds()
      assert.ok(ids.includes(found.id), `searching "${found.prefix}" lists ${found.name}`)
      await page.locator('caption', { hasText: /children and young people|child or young person/ }).waitFor()
      await checkAccessibility(page)

      const child = await results.openChild(found.id, found.name)
      assert.equal(lastStatus(page), 200)
      const settings = (await child.section('Settings').textContent()) ?? ''
      assert.ok(settings.includes(found.settingName), `the summary lists ${found.settingName}: ${settings}`)
      const family = (await child.section('Family').textContent()) ?? ''
      assert.ok(family.includes(found.familyName), `the summary lists ${found.familyName} in the family: ${family}`)
      await checkAccessibility(page)

      const invalid = await (await ChildrenPage.visit(page)).search({ q: found.prefix, dateOfBirth: '2015-02-30' })
      assert.equal(lastStatus(page), 400)
      await invalid.errorSummary.waitFor()
      assert.match(await page.title(), /^Error: /)
      assert.equal(await invalid.errorSummary.locator('a[href="#dateOfBirth"]').count(), 1)
      assert.equal(await page.locator('#dateOfBirth-error').count(), 1)
      await checkAccessibility(page)
    }))

  it("a SENCO sees their own school's pupils and is refused another school's", () =>
    journey(async (page) => {
      await (await StartPage.visit(page)).signInAs('senco')
      const list = await ChildrenPage.visit(page)
      assert.equal(lastStatus(page), 200)
      const ids = await list.listedChildIds()
      assert.ok(ids.length > 0, 'the SENCO sees pupils without searching')
      const strangers = ids.filter((id) => !school.pupilIds.has(id))
      assert.deepEqual(strangers, [], `every child listed is on roll at ${school.name}`)
      assert.ok(ids.includes(aisha.id), `${aisha.name}, at ${school.name}, is listed`)
      assert.ok(!ids.includes(zain.id), `${zain.name}, at another school, is not listed`)
      await checkAccessibility(page)

      await list.openChild(aisha.id, aisha.name)
      assert.equal(lastStatus(page), 200)
      await checkAccessibility(page)

      const response = await page.goto(`/children/${zain.id}`)
      assert.equal(response?.status(), 403)
      await ForbiddenPage.verifyOnPage(page)
      assert.equal(await page.getByText(zain.name).count(), 0, 'the refusal does not name the child')
      await checkAccessibility(page)
    }))

  it('a parent sees exactly their two children', () =>
    journey(async (page) => {
      await (await StartPage.visit(page)).signInAs('parent')
      const list = await ChildrenPage.visit(page)
      assert.equal(lastStatus(page), 200)
      assert.equal(await page.locator('h1').textContent(), 'Your children')
      assert.deepEqual((await list.listedChildIds()).sort(), [aisha.id, zain.id].sort())
      assert.equal(await page.locator('#q').count(), 0, 'a parent has no search form')
      await checkAccessibility(page)
    }))

  it('a caseworker adds a child, after fixing the errors of an empty form', () =>
    journey(async (page) => {
      await (await StartPage.visit(page)).signInAs('caseworker')
      const form = await (await ChildrenPage.visit(page)).addChild()
      await checkAccessibility(page)

      await form.submit({})
      await ChildFormPage.verifyOnPage(page)
      assert.equal(lastStatus(page), 400)
      await form.errorSummary.waitFor()
      assert.match(await page.title(), /^Error: /)
      for (const field of ['legalForename', 'legalSurname', 'dateOfBirth', 'sex']) {
        assert.equal(await form.errorSummary.locator(`a[href^="#${field}"]`).count(), 1, `an error for ${field}`)
      }
      assert.equal(await form.errorSummary.evaluate((el) => el === document.activeElement), true)
      await checkAccessibility(page)

      const surname = `Browsertest${testEngine === 'postgres' ? 'Pg' : 'Lite'}`
      await form.submit({
        legalForename: 'Ada',
        legalSurname: surname,
        dateOfBirth: { day: '12', month: '5', year: '2016' },
        sex: 'F',
        homePostcode: 'B1 1BB',
        upn: makeUpn(330, 4321, 16, 1),
        primaryNeed: 'SLCN',
      })
      const child = await ChildPage.named(page, `Ada ${surname}`)
      assert.equal(lastStatus(page), 200)
      assert.match(new URL(page.url()).pathname, /^\/children\/[0-9a-f-]{36}$/)
      assert.match((await child.section('Settings').textContent()) ?? '', /Not on roll/)
      await checkAccessibility(page)
    }))

  it('a team manager sees the data quality checks', () =>
    journey(async (page) => {
      await (await StartPage.visit(page)).signInAs('team_manager')
      const quality = await DataQualityPage.visit(page)
      assert.equal(lastStatus(page), 200)
      assert.ok((await quality.checksTable.locator('tbody tr').count()) > 0, 'the checks are listed')
      await checkAccessibility(page)
      await ServicePage.verifyOnPage(page)
    }))
})
