import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { computeAppealDeadlines } from '../../src/ehc/clock.js'
import { openStatuses } from '../../src/ehc/workflow.js'
import { visibleTo } from '../../src/people/children.repository.js'
import { validateNhsNumber, validateUln, validateUpn } from '../../src/people/identifiers.js'
import { loadSignedInUser } from '../../src/platform/auth/actor.js'
import { addDays, compareIsoDate, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import type { Database } from '../../src/platform/db/database.js'
import { Conflict } from '../../src/platform/errors.js'
import { childVisibility } from '../../src/platform/policy/policy.js'
import type { Role } from '../../src/platform/policy/roles.js'
import { ehcConsentScope } from '../../src/seed/children.js'
import { demoAccounts, seedDemo } from '../../src/seed/demo.js'
import { seedScale } from '../../src/seed/scale.js'
import { createTestDatabase, testEngine } from '../support/database.js'

// As the SEND and Inclusion Strategy 2017–2020 lists them ("SPECIAL SCHOOLS - BIRMINGHAM", "RESOURCE BASES -
// BIRMINGHAM"), with the names broken over two lines there joined up.
const strategySpecialSchools = [
  'Baskerville School',
  'Beaufort School',
  'Braidwood School for the Deaf',
  'Brays School',
  'Calthorpe Teaching Academy',
  'Cherry Oak School',
  'Fox Hollies School and Performing Arts College',
  'Hallmoor School',
  'Hamilton School',
  'Hunters Hill Technology College',
  'Langley School',
  'Lindsworth School',
  'Longwill A Primary School for Deaf Children',
  'Mayfield School (Primary)',
  'Mayfield School (Secondary)',
  'Oscott Manor School',
  'Priestley Smith School',
  'Queensbury School',
  'Selly Oak Trust School',
  'Skilts School',
  'Springfield House Community Special School',
  'The Bridge School',
  'The Dame Ellen Pinsent School',
  'The Pines Special School',
  'Uffculme School',
  'Victoria School',
  'Wilson Stuart School',
]
const strategyResourceBases = [
  'Allens Croft Nursery',
  'Allens Croft Primary',
  'Anglesey',
  'Bartley Green',
  'Billesley',
  'Bordesley Green',
  'Bournville',
  'Cherry Orchard',
  'Christ The King',
  'Fairfax',
  'Garretts Green Nursery',
  'Golden Hillock',
  'Great Barr',
  'Greenwood Academy',
  'Hall Green',
  'Hamstead Hall',
  'Hawthorn',
  'Hollywood',
  'Kings Heath',
  'Lyndon Green Infant',
  'Lyndon Green Junior',
  'The Meadows Primary', // "Meadows Primary (The)" in the strategy's list
  'Mere Green',
  'Nelson Mandela',
  'Ninestiles School',
  'Paganel Primary',
  'Paget',
  'Parkfield',
  'Percy Shurmer',
  'Plantsbrook',
  'Rookery',
  'Small Heath',
  'Stockland Green',
  'Timberley',
  'Topcliffe',
  'Turves Green',
  'Waverley',
  'Welford',
  'Welsh House',
  'Woodhouse',
  'Worlds End Infant',
  'Worlds End Junior',
]

describe(`the demo seed (${testEngine})`, () => {
  let database: Database
  let authorityId: string
  const userOf = async (role: Role) => {
    const email = demoAccounts.find((a) => a.role === role)!.email
    const user = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
    return (await loadSignedInUser(database.db, user.id))!
  }
  const visibleChildren = async (role: Role) => {
    const visibility = childVisibility(await userOf(role))
    return database.db
      .selectFrom('child')
      .select(['child.id', 'child.legal_forename', 'child.legal_surname', 'child.date_of_birth'])
      .where(visibleTo(visibility))
      .execute()
  }

  before(async () => {
    database = await createTestDatabase()
    const report = await seedDemo(database.db)
    assert.equal(report.created, true)
    authorityId = report.authorityId
  })
  after(() => database.close())

  it("seeds the strategy's 27 special schools, illustrative, with commissioned places for 2024 to 2026", async () => {
    const schools = await database.db
      .selectFrom('setting')
      .select(['id', 'name', 'establishment_type', 'designation', 'illustrative'])
      .where('authority_id', '=', authorityId)
      .where('provision', '=', 'special')
      .execute()
    assert.deepEqual(schools.map((s) => s.name).sort(), [...strategySpecialSchools].sort())
    for (const school of schools) {
      assert.ok(['Community special school', 'Academy special converter'].includes(school.establishment_type!))
      assert.equal(school.illustrative, true)
      assert.ok(school.designation.length > 0)
    }
    const designation = (name: string) => schools.find((s) => s.name === name)!.designation
    assert.deepEqual(designation('Braidwood School for the Deaf'), ['HI'])
    assert.ok(designation('Priestley Smith School').includes('VI'))
    assert.deepEqual(designation('Hunters Hill Technology College'), ['SEMH'])
    const capacity = await database.db
      .selectFrom('setting_capacity')
      .select(['setting_id', 'academic_year', 'commissioned_places', 'occupied_places'])
      .where(
        'setting_id',
        'in',
        schools.map((s) => s.id),
      )
      .execute()
    assert.equal(capacity.length, 27 * 3)
    assert.deepEqual([...new Set(capacity.map((c) => c.academic_year))].sort(), [2024, 2025, 2026])
  })

  it("seeds the strategy's 42 resource bases, each at a host school named after it", async () => {
    const bases = await database.db
      .selectFrom('setting as base')
      .leftJoin('setting as host', 'host.id', 'base.host_setting_id')
      .select([
        'base.name',
        'base.illustrative',
        'base.designation',
        'host.name as host',
        'host.provision as hostProvision',
      ])
      .where('base.authority_id', '=', authorityId)
      .where('base.provision', '=', 'resource_base')
      .execute()
    assert.deepEqual(
      bases.map((b) => b.name).sort(),
      strategyResourceBases.map((name) => `${name} resource base`).sort(),
    )
    for (const base of bases) {
      assert.ok(base.host, `${base.name} has a host`)
      assert.ok(base.host.startsWith(base.name.replace(/( Infant| Junior| Nursery| Primary)? resource base$/, '')))
      assert.ok(['mainstream', 'early_years'].includes(base.hostProvision!))
      assert.equal(base.illustrative, true)
    }
    assert.equal(bases.find((b) => b.name === 'Bartley Green resource base')!.host, 'Bartley Green School')
    const designations = bases.flatMap((b) => b.designation)
    assert.ok(designations.filter((d) => d === 'ASD').length > bases.length / 2, 'mostly autism')
  })

  it('seeds about 60 mainstream schools over the ten districts, and other kinds of setting', async () => {
    const settings = await database.db
      .selectFrom('setting')
      .select(['provision', 'locality'])
      .where('authority_id', '=', authorityId)
      .execute()
    const mainstream = settings.filter((s) => s.provision === 'mainstream')
    assert.ok(mainstream.length >= 55 && mainstream.length <= 65, `${mainstream.length} mainstream schools`)
    assert.equal(new Set(mainstream.map((s) => s.locality)).size, 10)
    for (const provision of ['early_years', 'post_16', 'alternative_provision', 'independent']) {
      assert.ok(
        settings.some((s) => s.provision === provision),
        provision,
      )
    }
  })

  it('seeds about 2,000 children with valid identifiers, on roll unless educated elsewhere, with families', async () => {
    const children = await database.db
      .selectFrom('child')
      .select([
        'id',
        'upn',
        'uln',
        'nhs_number',
        'no_identifier_reason',
        'primary_need',
        (eb) =>
          eb
            .selectFrom('child_setting')
            .select(eb.fn.countAll<string>().as('n'))
            .whereRef('child_id', '=', 'child.id')
            .as('roll'),
        (eb) =>
          eb
            .selectFrom('family_member')
            .select(eb.fn.countAll<string>().as('n'))
            .whereRef('child_id', '=', 'child.id')
            .as('family'),
        (eb) =>
          eb
            .selectFrom('consent')
            .select(eb.fn.countAll<string>().as('n'))
            .whereRef('child_id', '=', 'child.id')
            .where('scope', '=', ehcConsentScope)
            .as('ehc'),
      ])
      .where('authority_id', '=', authorityId)
      .execute()
    assert.equal(children.length, 2000)
    for (const child of children) {
      if (child.upn) assert.ok(validateUpn(child.upn).ok && child.upn.slice(1, 4) === '330', child.upn)
      if (child.uln) assert.ok(validateUln(child.uln).ok, child.uln)
      assert.ok(child.nhs_number && validateNhsNumber(child.nhs_number).ok)
      assert.ok(child.upn || child.uln || child.no_identifier_reason)
      assert.ok(child.primary_need)
      assert.ok(Number(child.family) >= 1 && Number(child.family) <= 2)
      assert.ok(Number(child.roll) <= 1)
      // Only children with EHC plans are educated elsewhere (home education, NEET …) and so on no roll.
      if (Number(child.roll) === 0) assert.equal(Number(child.ehc), 1)
    }
    const offRoll = children.filter((c) => Number(c.roll) === 0).length
    assert.ok(offRoll < children.length * 0.05, `${offRoll} off roll`)
    const professionals = await sql<{ n: string }>`select count(*) as n from professional_link`.execute(database.db)
    assert.ok(Number(professionals.rows[0]!.n) > 500)
  })

  it("gives the demo SENCO one mainstream school with pupils, who are the SENCO's to see", async () => {
    const senco = await userOf('senco')
    assert.equal(senco.settingIds.length, 1)
    const school = await database.db
      .selectFrom('setting')
      .select(['provision', 'name'])
      .where('id', '=', senco.settingIds[0]!)
      .executeTakeFirstOrThrow()
    assert.equal(school.provision, 'mainstream')
    const pupils = await visibleChildren('senco')
    assert.ok(pupils.length >= 20, `${pupils.length} pupils at ${school.name}`)
  })

  it("links the demo parent to two children, one at the SENCO's school", async () => {
    const children = await visibleChildren('parent')
    assert.equal(children.length, 2)
    const senco = await userOf('senco')
    const atSencoSchool = await database.db
      .selectFrom('child_setting')
      .select('child_id')
      .where('setting_id', '=', senco.settingIds[0]!)
      .where(
        'child_id',
        'in',
        children.map((c) => c.id),
      )
      .execute()
    assert.equal(atSencoSchool.length, 1)
  })

  it('links the demo young person, 17 or over, to their own record', async () => {
    const [self, ...others] = await visibleChildren('young_person')
    assert.equal(others.length, 0)
    assert.ok(self)
    assert.equal(`${self.legal_forename} ${self.legal_surname}`, 'Jordan Lee')
    assert.ok(String(self.date_of_birth) <= '2009-01-15', 'aged 17 or more')
  })

  it('seeds the SEND service: teams by district, the demo caseworker in one, staff, and the panel with its criteria', async () => {
    const teams = await database.db
      .selectFrom('team')
      .select(['id', 'name', 'locality'])
      .where('authority_id', '=', authorityId)
      .execute()
    assert.equal(teams.length, 10, 'one team for each of the ten districts')
    const caseworker = await userOf('caseworker')
    assert.equal(caseworker.teamIds.length, 1)
    const team = teams.find((t) => t.id === caseworker.teamIds[0])!
    const senco = await userOf('senco')
    const school = await database.db
      .selectFrom('setting')
      .select('locality')
      .where('id', '=', senco.settingIds[0]!)
      .executeTakeFirstOrThrow()
    assert.equal(team.locality, school.locality, "the demo caseworker's team serves the SENCO's school")
    const staff = await database.db
      .selectFrom('app_user')
      .select(['role', (eb) => eb.fn.countAll<string>().as('n')])
      .where('authority_id', '=', authorityId)
      .where('is_demo', '=', false)
      .groupBy('role')
      .execute()
    const count = (role: string) => Number(staff.find((r) => r.role === role)?.n ?? 0)
    assert.ok(count('caseworker') >= 10 && count('panel_member') >= 4 && count('advice_giver') >= 3)
    const unsignable = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('authority_id', '=', authorityId)
      .where('is_demo', '=', false)
      .where('password_hash', 'is not', null)
      .execute()
    assert.equal(unsignable.length, 0, 'staff other than the demo accounts cannot sign in')
    const criteria = await database.db
      .selectFrom('panel_criterion')
      .select('code')
      .where('authority_id', '=', authorityId)
      .execute()
    assert.ok(criteria.length >= 4)
    const meetings = await database.db
      .selectFrom('panel_meeting')
      .select(['status', 'meets_on'])
      .where('authority_id', '=', authorityId)
      .execute()
    assert.equal(meetings.filter((m) => m.status === 'held').length, 8)
    assert.equal(meetings.filter((m) => m.status === 'planned').length, 3)
  })

  it('seeds EHC needs assessments at every stage and a plan for each child with one', async () => {
    const statuses = await database.db
      .selectFrom('ehc_case')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('authority_id', '=', authorityId)
      .groupBy('status')
      .execute()
    const count = (status: string) => Number(statuses.find((r) => r.status === status)?.n ?? 0)
    for (const status of [...openStatuses, 'final_issued', 'not_assessed', 'not_issued', 'withdrawn']) {
      assert.ok(count(status) > 0, `some cases ${status}`)
    }
    const plans = await database.db
      .selectFrom('ehc_plan')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('authority_id', '=', authorityId)
      .executeTakeFirstOrThrow()
    assert.equal(Number(plans.n), 514)
    const today = todayInLondon()
    const future = await database.db
      .selectFrom('ehc_case_event')
      .select('id')
      .where('authority_id', '=', authorityId)
      .where('occurred_on', '>', today)
      .execute()
    assert.equal(future.length, 0, 'nothing dated after today')
    // The service's next reference follows the seeded ones.
    const { rows } = await sql<{ n: string }>`select nextval('ehc_case_reference_seq')::text as n`.execute(database.db)
    const references = await database.db.selectFrom('ehc_case').select('reference').execute()
    const highest = Math.max(...references.map((r) => Number(r.reference.split('-')[2])))
    assert.ok(Number(rows[0]!.n) > highest, `next ${rows[0]!.n} after ${highest}`)
  })

  it('shows the demo accounts their EHC work: the family its letters, the panel member and the psychologist their children', async () => {
    const children = await visibleChildren('parent')
    const zain = children.find((c) => c.legal_forename === 'Zain')!
    const refusal = await database.db
      .selectFrom('ehc_letter')
      .innerJoin('ehc_case', 'ehc_case.id', 'ehc_letter.case_id')
      .select(['ehc_letter.dated', 'ehc_letter.appeal_by', 'ehc_letter.mediation_contact_by', 'ehc_letter.body'])
      .where('ehc_case.child_id', '=', zain.id)
      .where('ehc_letter.kind', '=', 'decision_not_to_assess')
      .executeTakeFirstOrThrow()
    assert.equal(refusal.appeal_by, computeAppealDeadlines({ decisionLetter: refusal.dated }).appealBy)
    assert.ok(compareIsoDate(refusal.appeal_by!, todayInLondon()) < 0, 'the appeal date has passed')
    assert.match(refusal.body, /Zain Ahmed/)
    const aisha = children.find((c) => c.legal_forename === 'Aisha')!
    // The panel member: the children on the agendas of their meetings to come and of those held in the last 28 days.
    const member = await userOf('panel_member')
    const onPanel = await visibleChildren('panel_member')
    const agendas = await database.db
      .selectFrom('panel_agenda_item')
      .innerJoin('panel_member', 'panel_member.meeting_id', 'panel_agenda_item.meeting_id')
      .innerJoin('panel_meeting', 'panel_meeting.id', 'panel_agenda_item.meeting_id')
      .innerJoin('ehc_case', 'ehc_case.id', 'panel_agenda_item.case_id')
      .select(['ehc_case.child_id', 'panel_meeting.meets_on'])
      .where('panel_member.user_id', '=', member.userId!)
      .execute()
    const since = addDays(todayInLondon(), -28)
    const recent = new Set(agendas.filter((a) => compareIsoDate(a.meets_on, since) >= 0).map((a) => a.child_id))
    assert.ok(recent.size > 5, `${recent.size} children on the member's recent agendas`)
    assert.deepEqual(new Set(onPanel.map((c) => c.id)), recent)
    assert.ok(
      agendas.some((a) => !recent.has(a.child_id)),
      'the member sat on older panels whose children they no longer see',
    )
    // The psychologist: Aisha, whose advice they are writing; not Zain, whose advice they gave 9 months ago.
    const asked = await visibleChildren('advice_giver')
    assert.ok(asked.some((c) => c.id === aisha.id))
    assert.ok(!asked.some((c) => c.id === zain.id))
    const open = await database.db
      .selectFrom('ehc_case')
      .select(['status', 'caseworker_user_id'])
      .where('child_id', '=', aisha.id)
      .where('status', 'in', [...openStatuses])
      .execute()
    assert.deepEqual(
      open.map((c) => c.status),
      ['assessing'],
    )
    assert.equal(open[0]!.caseworker_user_id, (await userOf('caseworker')).userId)
  })

  it('changes nothing when run again, and refuses a scale over an authority that has children', async () => {
    const again = await seedDemo(database.db)
    assert.equal(again.created, false)
    const count = await database.db
      .selectFrom('child')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 2000)
    await assert.rejects(seedScale(database.db, { scale: 'birmingham' }), (error) => {
      assert.ok(error instanceof Conflict)
      assert.match(error.message, /330 Birmingham City Council already has children/)
      return true
    })
  })
})
