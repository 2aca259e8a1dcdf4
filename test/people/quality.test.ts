import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { makeChild, makeSetting, putOnRoll } from '../support/factories.js'

describe(`data quality checks (${testEngine})`, () => {
  let t: TestApp
  let noNeed: string
  let fine: string
  before(async () => {
    t = await createTestApp()
    const db = t.database.db
    const school = await makeSetting(db, t.authorityId)
    fine = (await makeChild(db, t.authorityId, { legal_surname: 'Fine' })).id
    await putOnRoll(db, t.authorityId, fine, school.id)
    noNeed = (await makeChild(db, t.authorityId, { legal_surname: 'Needless', primary_need: null })).id
    await putOnRoll(db, t.authorityId, noNeed, school.id)
    await makeChild(db, t.authorityId, { legal_surname: 'Nowhere', upn: null })
  })
  after(() => t.close())

  it('lists records by check with links to fix them, and audits the listing', async () => {
    const { agent, userId } = await t.signInAs('caseworker')
    const all = await agent.get('/data-quality').expect(200)
    assert.match(all.text, /Needless/)
    assert.match(all.text, /Nowhere/)
    assert.doesNotMatch(all.text, /Test Fine/)
    const needs = await agent.get('/data-quality?rule=no-primary-need').expect(200)
    assert.match(needs.text, new RegExp(`href="/children/${noNeed}"`))
    assert.doesNotMatch(needs.text, /Nowhere/)
    const listed = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'child.quality-listed')
      .where('actor_user_id', '=', userId)
      .execute()
    assert.ok(listed.some((l) => (l.details as { childIds: string[] }).childIds.includes(noNeed)))
  })

  it('answers an unknown check with an error summary', async () => {
    const { agent } = await t.signInAs('team_manager')
    const res = await agent.get('/data-quality?rule=made-up').expect(400)
    assert.match(res.text, /Choose a check from the list/)
  })

  it('refuses roles without the permission', async () => {
    for (const role of ['senco', 'parent', 'administrator', 'finance_officer'] as const) {
      const { agent } = await t.signInAs(role)
      await agent.get('/data-quality').expect(403)
    }
  })
})
