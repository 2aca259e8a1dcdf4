import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { makeChild } from '../support/factories.js'

/**
 * A page or answer that can hold a child's record is never kept by the browser or a proxy on the way: its back button
 * and history cache, or a shared computer's disk, would show it after sign-out (OWASP ASVS 8.2.1). Design-system
 * assets are the same for everyone and stay cacheable.
 */
describe(`what browsers and proxies may keep (${testEngine})`, () => {
  let t: TestApp
  let caseworker: SignedInAgent
  let childId: string

  before(async () => {
    t = await createTestApp()
    caseworker = await t.signInAs('caseworker')
    childId = (await makeChild(t.database.db, t.authorityId, { legal_forename: 'Amara', legal_surname: 'Obi' })).id
  })
  after(() => t.close())

  for (const [what, path] of [
    ['the caseload', () => '/cases'],
    ['the list of children', () => '/children'],
    ['a child’s page', () => `/children/${childId}`],
    ['a child’s record in the API', () => `/api/v1/children/${childId}`],
  ] as const) {
    it(`marks ${what} no-store`, async () => {
      const res = await caseworker.agent.get(path()).expect(200)
      assert.equal(res.headers['cache-control'], 'no-store')
    })
  }

  it('marks the sign-in page and a page not found no-store', async () => {
    assert.equal((await request(t.app).get('/sign-in').expect(200)).headers['cache-control'], 'no-store')
    assert.equal((await caseworker.agent.get('/no-such-page').expect(404)).headers['cache-control'], 'no-store')
  })

  it('leaves the design system’s stylesheet cacheable', async () => {
    const res = await request(t.app).get('/assets/govuk-frontend.min.css').expect(200)
    assert.match(String(res.headers['cache-control']), /^public, max-age=\d+$/)
  })
})
