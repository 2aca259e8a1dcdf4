import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { makeUpn } from '../../src/people/identifiers.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { giveSencoSetting, linkParent, makeChild, makeSetting, putOnRoll } from '../support/factories.js'

const newChild = {
  legalForename: 'Amara',
  legalSurname: 'Okonkwo',
  dateOfBirth: '2016-05-04',
  sex: 'F',
  homePostcode: 'b15 2tt',
  upn: makeUpn(330, 4001, 16, 123),
  primaryNeed: 'ASD',
}

describe(`children and young people (${testEngine})`, () => {
  let t: TestApp
  const as: Record<string, SignedInAgent> = {}
  let ourSchool: string
  let otherSchool: string
  let pupil: string
  let otherPupil: string
  let parentsChild: string
  let youngPerson: string

  before(async () => {
    t = await createTestApp()
    for (const role of [
      'caseworker',
      'team_manager',
      'senco',
      'parent',
      'young_person',
      'finance_officer',
      'commissioner',
      'administrator',
      'panel_member',
    ]) {
      as[role] = await t.signInAs(role as never)
    }
    const db = t.database.db
    ourSchool = (await makeSetting(db, t.authorityId, { name: 'Oak Tree Primary' })).id
    otherSchool = (await makeSetting(db, t.authorityId, { name: 'Elm Grove Primary' })).id
    await giveSencoSetting(db, t.authorityId, as.senco!.userId, ourSchool)
    pupil = (await makeChild(db, t.authorityId, { legal_forename: 'Zainab', legal_surname: 'Hussain' })).id
    otherPupil = (await makeChild(db, t.authorityId, { legal_forename: 'Zara', legal_surname: 'Hussey' })).id
    await putOnRoll(db, t.authorityId, pupil, ourSchool)
    await putOnRoll(db, t.authorityId, otherPupil, otherSchool)
    parentsChild = (await makeChild(db, t.authorityId, { legal_forename: 'Leo', legal_surname: 'Parentson' })).id
    await linkParent(db, t.authorityId, parentsChild, as.parent!.userId)
    // An unverified link gives a parent nothing.
    await linkParent(db, t.authorityId, otherPupil, as.parent!.userId, false)
    youngPerson = (
      await makeChild(db, t.authorityId, {
        legal_forename: 'Jordan',
        legal_surname: 'Lee',
        date_of_birth: '2008-01-01',
        young_person_user_id: as.young_person!.userId,
      })
    ).id
  })
  after(() => t.close())

  const audited = async (action: string, childId?: string) => {
    let q = t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'child_id', 'details'])
      .where('action', '=', action)
    if (childId) q = q.where('child_id', '=', childId)
    return q.execute()
  }

  describe('recording a child', () => {
    it('creates a child through the API, normalising identifiers and postcode, and audits it', async () => {
      const res = await as
        .caseworker!.agent.post('/api/v1/children')
        .set('x-csrf-token', as.caseworker!.csrf)
        .send({ child: newChild })
        .expect(201)
      assert.equal(res.body.homePostcode, 'B15 2TT')
      assert.equal(res.body.version, 1)
      assert.equal((await audited('child.created', res.body.id)).length, 1)
    })

    it('refuses the same UPN twice, even when the caseworker says it is a different child', async () => {
      const res = await as
        .caseworker!.agent.post('/api/v1/children')
        .set('x-csrf-token', as.caseworker!.csrf)
        .send({ child: { ...newChild, legalForename: 'Someone' }, notADuplicate: true })
        .expect(409)
      assert.equal(res.body.title, 'Possible duplicate')
    })

    it('warns of a close name with the same birth date and postcode, and records it once confirmed', async () => {
      const twin = { ...newChild, legalSurname: 'Okonkow', upn: undefined, noIdentifierReason: 'UN1' }
      await as
        .caseworker!.agent.post('/api/v1/children')
        .set('x-csrf-token', as.caseworker!.csrf)
        .send({ child: twin })
        .expect(409)
      const ok = await as
        .caseworker!.agent.post('/api/v1/children')
        .set('x-csrf-token', as.caseworker!.csrf)
        .send({ child: twin, notADuplicate: true })
        .expect(201)
      const [entry] = await audited('child.created', ok.body.id)
      assert.ok((entry!.details as { confirmedNotDuplicateOf?: string[] }).confirmedNotDuplicateOf?.length)
    })

    const bad: [string, Record<string, unknown>, string, RegExp][] = [
      ['a UPN with the wrong check letter', { upn: 'A801200005001' }, 'child.upn', /check letter/],
      ['a ULN with the wrong check digit', { uln: '1234567890' }, 'child.uln', /./],
      ['an NHS number failing modulus 11', { nhsNumber: '9434765918' }, 'child.nhsNumber', /./],
      ['a birth date in the future', { dateOfBirth: '2099-01-01' }, 'child.dateOfBirth', /in the past/],
      ['an impossible birth date', { dateOfBirth: '2016-02-30' }, 'child.dateOfBirth', /real date/],
      ['someone over 25', { dateOfBirth: '1990-01-01' }, 'child.dateOfBirth', /25 or younger/],
      ['an unknown need code', { primaryNeed: 'XYZ' }, 'child.primaryNeed', /need/],
      ['no identifier and no reason', { upn: undefined }, 'child.noIdentifierReason', /UPN or ULN/],
      ['a malformed postcode', { homePostcode: 'nowhere' }, 'child.homePostcode', /postcode/],
    ]
    for (const [what, change, field, message] of bad) {
      it(`refuses ${what}, naming the field, and writes nothing`, async () => {
        const before = await t.database.db
          .selectFrom('child')
          .select(({ fn }) => fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
        const res = await as
          .caseworker!.agent.post('/api/v1/children')
          .set('x-csrf-token', as.caseworker!.csrf)
          .send({ child: { ...newChild, legalForename: 'Bad', ...change } })
          .expect(400)
        const error = res.body.errors.find((e: { field: string }) => e.field === field)
        assert.ok(error, `${field} in ${JSON.stringify(res.body.errors)}`)
        assert.match(error.message, message)
        const afterCount = await t.database.db
          .selectFrom('child')
          .select(({ fn }) => fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
        assert.equal(String(afterCount.n), String(before.n))
      })
    }

    it('refuses roles that may not record children', async () => {
      for (const role of ['senco', 'parent', 'finance_officer', 'administrator']) {
        await as[role]!.agent.post('/api/v1/children')
          .set('x-csrf-token', as[role]!.csrf)
          .send({ child: newChild })
          .expect(403)
      }
    })

    it('shows the add-a-child form with a GOV.UK error summary when it is sent empty', async () => {
      const res = await as
        .caseworker!.agent.post('/children/new')
        .type('form')
        .send({ _csrf: as.caseworker!.csrf })
        .expect(400)
      assert.match(res.text, /There is a problem/)
      assert.match(res.text, /Enter the child’s first name/)
    })
  })

  describe('finding and reading children', () => {
    it('lets a caseworker search the authority by name prefix, UPN or date of birth, and audits the search', async () => {
      const byName = await as.caseworker!.agent.get('/api/v1/children?q=hus').expect(200)
      assert.deepEqual(byName.body.children.map((c: { legalSurname: string }) => c.legalSurname).sort(), [
        'Hussain',
        'Hussey',
      ])
      const both = await as.caseworker!.agent.get('/api/v1/children?q=zainab%20hus').expect(200)
      assert.equal(both.body.children.length, 1)
      const upn = (
        await t.database.db.selectFrom('child').select('upn').where('id', '=', pupil).executeTakeFirstOrThrow()
      ).upn!
      const byUpn = await as.caseworker!.agent.get(`/api/v1/children?q=${upn.toLowerCase()}`).expect(200)
      assert.deepEqual(
        byUpn.body.children.map((c: { id: string }) => c.id),
        [pupil],
      )
      const searches = await audited('child.searched')
      assert.ok(searches.some((s) => (s.details as { childIds: string[] }).childIds.includes(pupil)))
    })

    it('asks a caseworker what to search for rather than listing everyone', async () => {
      const res = await as.caseworker!.agent.get('/api/v1/children').expect(400)
      assert.equal(res.body.errors[0].field, 'q')
      const page = await as.caseworker!.agent.get('/children').expect(200)
      assert.match(page.text, /Name or UPN/)
    })

    it('shows a SENCO only pupils on roll at their setting, and refuses another school’s pupil', async () => {
      const list = await as.senco!.agent.get('/api/v1/children').expect(200)
      assert.deepEqual(
        list.body.children.map((c: { id: string }) => c.id),
        [pupil],
      )
      const search = await as.senco!.agent.get('/api/v1/children?q=hus').expect(200)
      assert.deepEqual(
        search.body.children.map((c: { id: string }) => c.id),
        [pupil],
      )
      await as.senco!.agent.get(`/api/v1/children/${pupil}`).expect(200)
      await as.senco!.agent.get(`/api/v1/children/${otherPupil}`).expect(403)
      const page = await as.senco!.agent.get(`/children/${otherPupil}`).expect(403)
      assert.match(page.text, /You do not have permission/)
    })

    it('shows a parent only their own children, through a verified link, and hides the rest as not found', async () => {
      const list = await as.parent!.agent.get('/api/v1/children').expect(200)
      assert.deepEqual(
        list.body.children.map((c: { id: string }) => c.id),
        [parentsChild],
      )
      await as.parent!.agent.get(`/api/v1/children/${parentsChild}`).expect(200)
      await as.parent!.agent.get(`/api/v1/children/${otherPupil}`).expect(404) // unverified link
      await as.parent!.agent.get(`/api/v1/children/${pupil}`).expect(404)
      const page = await as.parent!.agent.get('/children').expect(200)
      assert.match(page.text, /Leo Parentson/)
      assert.doesNotMatch(page.text, /Hussain/)
    })

    it('shows a young person only their own record', async () => {
      const list = await as.young_person!.agent.get('/api/v1/children').expect(200)
      assert.deepEqual(
        list.body.children.map((c: { id: string }) => c.id),
        [youngPerson],
      )
      await as.young_person!.agent.get(`/api/v1/children/${pupil}`).expect(404)
      const page = await as.young_person!.agent.get(`/children/${youngPerson}`).expect(200)
      assert.match(page.text, /Young person, aged/)
    })

    it('keeps child records from finance officers, commissioners, administrators and unlinked panel members', async () => {
      for (const role of ['finance_officer', 'commissioner', 'administrator']) {
        await as[role]!.agent.get(`/api/v1/children/${pupil}`).expect(403)
        await as[role]!.agent.get('/children').expect(403)
      }
      await as.panel_member!.agent.get(`/api/v1/children/${pupil}`).expect(403)
      const none = await as.panel_member!.agent.get('/api/v1/children').expect(200)
      assert.deepEqual(none.body.children, [])
    })

    it('audits every read of a child’s record with who read it', async () => {
      const before = (await audited('child.read', pupil)).length
      const page = await as.caseworker!.agent.get(`/children/${pupil}`).expect(200)
      assert.match(page.text, /Zainab Hussain/)
      assert.match(page.text, /Oak Tree Primary/)
      const entries = await audited('child.read', pupil)
      assert.equal(entries.length, before + 1)
      assert.equal(entries.at(-1)?.actor_user_id, as.caseworker!.userId)
    })

    it('answers a malformed or unknown id with 404', async () => {
      await as.caseworker!.agent.get('/children/not-an-id').expect(404)
      await as.caseworker!.agent.get('/api/v1/children/not-an-id').expect(400)
      await as.caseworker!.agent.get('/api/v1/children/00000000-0000-4000-8000-000000000000').expect(404)
    })
  })

  describe('changing and merging', () => {
    it('applies a change to the version read, and tells the second of two editors the record changed', async () => {
      const read = await as.team_manager!.agent.get(`/api/v1/children/${pupil}`).expect(200)
      const { id: _id, version, mergedIntoId: _m, settings: _s, familyMembers: _f, ...fields } = read.body
      const child = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null))
      const first = as.team_manager!.agent.put(`/api/v1/children/${pupil}`).set('x-csrf-token', as.team_manager!.csrf)
      const ok = await first.send({ version, child: { ...child, preferredName: 'Zee' } }).expect(200)
      assert.equal(ok.body.version, version + 1)
      const stale = await as
        .team_manager!.agent.put(`/api/v1/children/${pupil}`)
        .set('x-csrf-token', as.team_manager!.csrf)
        .send({ version, child: { ...child, preferredName: 'Zed' } })
        .expect(409)
      assert.match(stale.body.detail, /Someone else changed this record/)
      const now = await t.database.db
        .selectFrom('child')
        .select('preferred_name')
        .where('id', '=', pupil)
        .executeTakeFirstOrThrow()
      assert.equal(now.preferred_name, 'Zee')
    })

    it('refuses a caseworker a change to a case outside their team, and a SENCO another school’s pupil', async () => {
      const read = await as.caseworker!.agent.get(`/api/v1/children/${pupil}`).expect(200)
      const { id: _id, version, mergedIntoId: _m, settings: _s, familyMembers: _f, ...fields } = read.body
      const child = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null))
      const page = await as.caseworker!.agent.get(`/children/${pupil}/edit`).expect(403)
      assert.match(page.text, /You cannot change this child’s record/)
      await as.team_manager!.agent.get(`/children/${pupil}/edit`).expect(200)
      await as
        .caseworker!.agent.put(`/api/v1/children/${pupil}`)
        .set('x-csrf-token', as.caseworker!.csrf)
        .send({ version, child })
        .expect(403)
      await as
        .senco!.agent.put(`/api/v1/children/${otherPupil}`)
        .set('x-csrf-token', as.senco!.csrf)
        .send({ version: 1, child })
        .expect(403)
    })

    it('lets a team manager merge a duplicate, moving its settings and family and keeping the history', async () => {
      const db = t.database.db
      const kept = (
        await makeChild(db, t.authorityId, {
          legal_forename: 'Mo',
          legal_surname: 'Farah',
          upn: null,
          no_identifier_reason: 'UN1',
        })
      ).id
      const dupe = (await makeChild(db, t.authorityId, { legal_forename: 'Mo', legal_surname: 'Farrah' })).id
      await putOnRoll(db, t.authorityId, dupe, ourSchool)
      await as
        .caseworker!.agent.post(`/api/v1/children/${kept}/merge`)
        .set('x-csrf-token', as.caseworker!.csrf)
        .send({ mergedId: dupe, reason: 'Same child' })
        .expect(403)
      await as
        .team_manager!.agent.post(`/api/v1/children/${kept}/merge`)
        .set('x-csrf-token', as.team_manager!.csrf)
        .send({ mergedId: dupe, reason: 'Same child, typo in surname' })
        .expect(200)
      const keptRow = await db.selectFrom('child').selectAll().where('id', '=', kept).executeTakeFirstOrThrow()
      const dupeRow = await db.selectFrom('child').selectAll().where('id', '=', dupe).executeTakeFirstOrThrow()
      assert.equal(dupeRow.merged_into_id, kept)
      assert.ok(keptRow.upn, 'the identifier the kept record lacked comes across')
      const roll = await db.selectFrom('child_setting').select('child_id').where('setting_id', '=', ourSchool).execute()
      assert.ok(roll.some((r) => r.child_id === kept))
      assert.equal((await audited('child.merged', kept)).length, 1)
      await as
        .team_manager!.agent.post(`/api/v1/children/${kept}/merge`)
        .set('x-csrf-token', as.team_manager!.csrf)
        .send({ mergedId: dupe, reason: 'again' })
        .expect(409)
    })
  })
})
