import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import { createTestApp, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'

describe(`the public deadline calculator (${testEngine})`, () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  it('answers the worked example without sign-in', async () => {
    const res = await request(t.app).get('/api/v1/deadlines/ehc?requestReceived=2026-03-02').expect(200)
    assert.deepEqual(res.body, { decisionToAssess: '2026-04-13', notToIssue: '2026-06-22', finalPlan: '2026-07-20' })
  })

  it('adds the dates whose inputs are given', async () => {
    const res = await request(t.app)
      .get(
        '/api/v1/deadlines/ehc?requestReceived=2026-03-02&adviceRequested=2026-04-20&draftIssued=2026-06-01&consultationSent=2026-06-01',
      )
      .expect(200)
    assert.equal(res.body.adviceDue, '2026-06-01')
    assert.equal(res.body.draftResponseDue, '2026-06-16')
    assert.equal(res.body.consultationResponseDue, '2026-06-16')
  })

  it('moves an appeal deadline out of August to the first working day after 31 August', async () => {
    const res = await request(t.app).get('/api/v1/deadlines/appeal?decisionLetter=2026-06-30').expect(200)
    assert.deepEqual(res.body, { appealBy: '2026-09-01', mediationContactBy: '2026-08-30' })
  })

  it('takes the later of 2 months from the letter and 1 month from the certificate', async () => {
    const res = await request(t.app)
      .get('/api/v1/deadlines/appeal?decisionLetter=2026-01-15&mediationCertificate=2026-03-10')
      .expect(200)
    assert.equal(res.body.appealBy, '2026-04-10')
  })

  for (const [query, param] of [
    ['', 'requestReceived'],
    ['requestReceived=2026-02-30', 'requestReceived'],
    ['requestReceived=2 March 2026', 'requestReceived'],
    ['requestReceived=2026-03-02&adviceRequested=2026-01-01', 'adviceRequested'],
    ['requestReceived=2026-03-02&colour=blue', 'colour'],
  ]) {
    it(`answers a bad query (${query || 'nothing'}) with a 400 problem naming ${param}`, async () => {
      const res = await request(t.app).get(`/api/v1/deadlines/ehc?${query}`).expect(400)
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === param),
        JSON.stringify(res.body),
      )
    })
  }

  it('shows the deadlines on a page that works without JavaScript', async () => {
    const res = await request(t.app)
      .get('/tools/deadlines?calculate=ehc&requestReceived-day=2&requestReceived-month=3&requestReceived-year=2026')
      .expect(200)
    assert.match(res.text, /13 April 2026/)
    assert.match(res.text, /20 July 2026/)
    const bad = await request(t.app)
      .get('/tools/deadlines?calculate=ehc&requestReceived-day=31&requestReceived-month=2&requestReceived-year=2026')
      .expect(400)
    assert.match(bad.text, /There is a problem/)
    assert.match(bad.text, /must be a real date/)
  })
})
