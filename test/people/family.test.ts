import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { makeChild } from '../support/factories.js'

describe(`family, consent and professionals (${testEngine})`, () => {
  let t: TestApp
  let manager: SignedInAgent
  let parent: SignedInAgent
  let youngPerson: SignedInAgent
  let child: string
  const post = (a: SignedInAgent, path: string, body: object) =>
    a.agent.post(path).set('x-csrf-token', a.csrf).send(body)

  before(async () => {
    t = await createTestApp()
    manager = await t.signInAs('team_manager')
    parent = await t.signInAs('parent')
    youngPerson = await t.signInAs('young_person')
    child = (await makeChild(t.database.db, t.authorityId, { legal_forename: 'Ruby', legal_surname: 'Family' })).id
  })
  after(() => t.close())

  it('adds a parent, and the parent reaches the child only once the service verifies their account', async () => {
    const member = await post(manager, `/api/v1/children/${child}/family-members`, {
      forename: 'Sam',
      surname: 'Family',
      relationship: 'Mother',
      parentalResponsibility: true,
      email: 'sam@example.com',
    }).expect(201)
    assert.equal(member.body.accountVerified, false)
    await parent.agent.get(`/api/v1/children/${child}`).expect(404)
    await post(parent, `/api/v1/children/${child}/family-members/${member.body.id}/verify-account`, {
      userId: parent.userId,
    }).expect(403)
    await post(manager, `/api/v1/children/${child}/family-members/${member.body.id}/verify-account`, {
      userId: parent.userId,
    }).expect(200)
    await parent.agent.get(`/api/v1/children/${child}`).expect(200)
    const seen = await parent.agent.get(`/api/v1/children/${child}/family-members`).expect(200)
    assert.deepEqual(
      seen.body.familyMembers.map((m: { forename: string }) => m.forename),
      ['Sam'],
    )
  })

  it('refuses to link someone without parental responsibility, or an account that is not a parent’s', async () => {
    const member = await post(manager, `/api/v1/children/${child}/family-members`, {
      forename: 'Gran',
      surname: 'Family',
      relationship: 'Grandparent',
      parentalResponsibility: false,
      contactPreference: 'phone',
      phone: '0121 496 0000',
    }).expect(201)
    const res = await post(manager, `/api/v1/children/${child}/family-members/${member.body.id}/verify-account`, {
      userId: parent.userId,
    }).expect(400)
    assert.match(res.body.errors[0].message, /parental responsibility/)
    const sam = await manager.agent.get(`/api/v1/children/${child}/family-members`).expect(200)
    const mother = sam.body.familyMembers.find((m: { relationship: string }) => m.relationship === 'Mother')
    const wrong = await post(manager, `/api/v1/children/${child}/family-members/${mother.id}/verify-account`, {
      userId: manager.userId,
    }).expect(400)
    assert.equal(wrong.body.errors[0].field, 'userId')
  })

  it('checks contact details match the contact preference', async () => {
    const res = await post(manager, `/api/v1/children/${child}/family-members`, {
      forename: 'No',
      surname: 'Email',
      relationship: 'Father',
      parentalResponsibility: true,
      contactPreference: 'email',
    }).expect(400)
    assert.equal(res.body.errors[0].field, 'email')
  })

  it('records consent and its withdrawal, refusing dates that cannot be', async () => {
    const consent = await post(manager, `/api/v1/children/${child}/consents`, {
      givenBy: 'Sam Family (mother)',
      scope: 'EHC needs assessment advice',
      sharedWith: 'Educational psychology, health, social care',
      givenOn: '2026-09-01',
    }).expect(201)
    await post(manager, `/api/v1/children/${child}/consents`, {
      givenBy: 'x',
      scope: 'x',
      sharedWith: 'x',
      givenOn: '2099-01-01',
    }).expect(400)
    await post(manager, `/api/v1/children/${child}/consents/${consent.body.id}/withdraw`, {
      withdrawnOn: '2026-08-01',
    }).expect(400)
    const withdrawn = await post(manager, `/api/v1/children/${child}/consents/${consent.body.id}/withdraw`, {
      withdrawnOn: '2026-10-01',
    }).expect(200)
    assert.equal(withdrawn.body.withdrawnOn, '2026-10-01')
    await post(manager, `/api/v1/children/${child}/consents/${consent.body.id}/withdraw`, {
      withdrawnOn: '2026-10-02',
    }).expect(409)
  })

  it('adds professionals, and audits each change against the child', async () => {
    await post(manager, `/api/v1/children/${child}/professionals`, {
      role: 'Educational psychologist',
      name: 'Dr Rhys Morgan',
      organisation: 'EPS',
    }).expect(201)
    const actions = await t.database.db.selectFrom('audit_log').select('action').where('child_id', '=', child).execute()
    for (const a of [
      'family-member.added',
      'family-member.account-verified',
      'consent.recorded',
      'consent.withdrawn',
      'professional.added',
    ]) {
      assert.ok(
        actions.some((x) => x.action === a),
        a,
      )
    }
  })

  it('lets a young person of 16 or more act in their own right, and no younger', async () => {
    const db = t.database.db
    const younger = (await makeChild(db, t.authorityId, { date_of_birth: '2015-01-01' })).id
    await post(manager, `/api/v1/children/${younger}/young-person-account`, { userId: youngPerson.userId }).expect(400)
    const older = (await makeChild(db, t.authorityId, { date_of_birth: '2008-06-01', legal_forename: 'Own' })).id
    await post(manager, `/api/v1/children/${older}/young-person-account`, { userId: youngPerson.userId }).expect(200)
    await youngPerson.agent.get(`/api/v1/children/${older}`).expect(200)
  })

  it('refuses changes from roles that cannot change the record', async () => {
    for (const a of [parent, youngPerson]) {
      await post(a, `/api/v1/children/${child}/professionals`, { role: 'Other', name: 'X' }).expect(403)
    }
  })
})
