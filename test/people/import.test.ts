import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { makeUpn } from '../../src/people/identifiers.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { makeChild, makeSetting } from '../support/factories.js'

describe(`importing children from CSV (${testEngine})`, () => {
  let t: TestApp
  let caseworker: SignedInAgent
  let urn: number
  const existingUpn = makeUpn(330, 5001, 16, 7)
  before(async () => {
    t = await createTestApp()
    caseworker = await t.signInAs('caseworker')
    urn = (await makeSetting(t.database.db, t.authorityId, { name: 'Import Primary' })).urn!
    await makeChild(t.database.db, t.authorityId, {
      legal_forename: 'Kofi',
      legal_surname: 'Mensah',
      upn: existingUpn,
      date_of_birth: '2015-09-09',
      home_postcode: 'B12 9QR',
    })
  })
  after(() => t.close())

  const importCsv = (csv: string) =>
    caseworker.agent.post('/api/v1/children/import').set('x-csrf-token', caseworker.csrf).send({ csv })

  it('saves good rows with their setting, and reports every bad row with its line and reasons', async () => {
    const good1 = makeUpn(330, 5001, 16, 21)
    const good2 = makeUpn(330, 5001, 16, 22)
    const csv = [
      'Forename,Surname,DateOfBirth,Sex,Postcode,UPN,PrimaryNeed,SettingURN',
      `Ada,Lovelace,10/12/2015,f,B1 1AA,${good1},ASD,${urn}`,
      `Grace,Hopper,2016-12-09,F,B2 2BB,${good2},SLCN,`,
      'Bad,Date,2016-02-30,F,B3 3CC,,ASD,',
      `Same,Upn,2016-01-01,M,B4 4DD,${good1},ASD,`,
      `Kofi,Mensha,2015-09-09,M,B12 9QR,${makeUpn(330, 5001, 16, 25)},ASD,`,
      `Other,School,2016-01-01,M,B4 4DD,${makeUpn(330, 5001, 16, 23)},ASD,999999`,
      `Ada,Lovelase,2015-12-10,F,B1 1AA,${makeUpn(330, 5001, 16, 24)},ASD,`,
    ].join('\n')
    const res = await importCsv(csv).expect(200)
    assert.equal(res.body.added, 2)
    const byLine = Object.fromEntries(
      res.body.rejected.map((r: { line: number; reasons: string[] }) => [r.line, r.reasons.join(' | ')]),
    )
    assert.match(byLine[4], /dateOfBirth/)
    assert.match(byLine[5], /same UPN is on line 2/)
    assert.match(byLine[6], /Possible duplicate: Kofi Mensah/)
    assert.match(byLine[7], /no setting with URN 999999/)
    assert.match(byLine[8], /Possible duplicate/)
    const ada = await t.database.db.selectFrom('child').select('id').where('upn', '=', good1).executeTakeFirstOrThrow()
    const roll = await t.database.db
      .selectFrom('child_setting')
      .select('setting_id')
      .where('child_id', '=', ada.id)
      .execute()
    assert.equal(roll.length, 1)
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('child_id', '=', ada.id).execute()
    assert.deepEqual(
      audit.map((a) => a.action),
      ['child.created'],
    )
  })

  it('refuses a file without the required columns, and writes nothing', async () => {
    const res = await importCsv('Name,Born\nA,2016-01-01').expect(200)
    assert.equal(res.body.added, 0)
    assert.match(res.body.rejected[0].reasons[0], /lacks the columns Forename, Surname, DateOfBirth, Sex/)
  })

  it('is for roles that may record children only', async () => {
    const senco = await t.signInAs('senco')
    await senco.agent
      .post('/api/v1/children/import')
      .set('x-csrf-token', senco.csrf)
      .send({ csv: 'Forename' })
      .expect(403)
  })
})
