import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { validateNhsNumber, validateUln, validateUpn } from '../../src/people/identifiers.js'
import { ageOn } from '../../src/people/yearGroup.js'
import { authorityCalibration, loadCalibration } from '../../src/seed/calibration.js'
import { type ChildBatch, generateChildren, type SeedChild, seedReferenceDate } from '../../src/seed/children.js'
import { type AuthorityPlan, planAuthority, planDemo, planScale } from '../../src/seed/plan.js'
import { Random } from '../../src/seed/random.js'
import { generateSettings } from '../../src/seed/settings.js'

/** The generator alone, without a database: fast, so it can look at more children than a seeded test would. */
function generate(plan: AuthorityPlan, seed: number) {
  const random = new Random(seed, `authority:${plan.code}`)
  const directory = generateSettings(plan, '00000000-0000-4000-8000-000000000330', random)
  const batches: ChildBatch[] = [
    ...generateChildren({ plan, authorityId: directory.settings[0]!.row.authority_id, random, directory }),
  ]
  const children = batches.flatMap((b) => b.children)
  return { directory, batches, children, roll: batches.flatMap((b) => b.roll) }
}

const sample = (children: SeedChild[]) =>
  children
    .slice(0, 200)
    .map((c) => [c.row.legal_forename, c.row.legal_surname, c.row.date_of_birth, c.row.upn, c.row.uln])

describe('the synthetic data generator', () => {
  const demo = generate(planDemo(), 1)

  it('gives the same children for the same seed, and others for another seed', () => {
    assert.deepEqual(sample(generate(planDemo(), 1).children), sample(demo.children))
    assert.notDeepEqual(sample(generate(planDemo(), 2).children), sample(demo.children))
    assert.deepEqual(
      generate(planDemo(), 1).directory.settings.map((s) => [s.id, s.name]),
      demo.directory.settings.map((s) => [s.id, s.name]),
    )
  })

  it('makes about 2,000 children and young people aged 0 to 25 for the demo, split as Birmingham is', () => {
    assert.equal(demo.children.length, 2000)
    const birmingham = authorityCalibration('330')
    const ehc = demo.children.filter((c) => c.group === 'ehc').length
    assert.equal(ehc, Math.round((2000 * birmingham.ehcPlans) / (birmingham.ehcPlans + birmingham.senSupport)))
    for (const child of demo.children) {
      const age = ageOn(String(child.row.date_of_birth), seedReferenceDate)
      assert.ok(age >= 0 && age <= 25, `age ${age}`)
      assert.ok(child.row.primary_need, 'every child has a primary need')
    }
  })

  it('gives only valid identifiers: UPNs of LA 330, ULNs, NHS numbers, or a reason for neither UPN nor ULN', () => {
    const upns = new Set<string>()
    const nhsNumbers = new Set<string>()
    for (const { row } of demo.children) {
      if (row.upn) {
        assert.ok(validateUpn(row.upn).ok, `UPN ${row.upn}`)
        assert.equal(row.upn.slice(1, 4), '330')
        upns.add(row.upn)
      }
      if (row.uln) assert.ok(validateUln(row.uln).ok, `ULN ${row.uln}`)
      assert.ok(row.nhs_number && validateNhsNumber(row.nhs_number).ok, `NHS number ${row.nhs_number}`)
      assert.ok(row.nhs_number.startsWith('999'), 'NHS numbers from the range kept for testing')
      nhsNumbers.add(row.nhs_number)
      assert.ok(row.upn || row.uln || row.no_identifier_reason, 'a UPN, a ULN or a reason')
    }
    assert.equal(upns.size, demo.children.filter((c) => c.row.upn).length, 'UPNs are unique')
    assert.equal(nhsNumbers.size, demo.children.length, 'NHS numbers are unique')
  })

  it('puts every child on roll at one setting of the right age, except those educated elsewhere', () => {
    const settings = new Map(demo.directory.settings.map((s) => [s.id, s]))
    const rolled = new Map(demo.roll.map((r) => [r.child_id, r]))
    for (const child of demo.children) {
      const roll = rolled.get(child.id)
      if (child.placement === 'educatedElsewhere' || child.placement === 'notRecorded') {
        assert.equal(roll, undefined)
        continue
      }
      assert.ok(roll, `${child.placement} child on roll`)
      const setting = settings.get(roll.setting_id)!
      const age = ageOn(String(child.row.date_of_birth), seedReferenceDate)
      assert.ok(setting.ageFrom <= age && age <= setting.ageTo, `${age} at ${setting.name}`)
      assert.ok(String(roll.started_on) > String(child.row.date_of_birth))
    }
  })

  it('mixes the needs and placements of children with EHC plans as the calibration does', () => {
    const plan = planAuthority('330', { ehcChildren: 8000, senSupportChildren: 0 })
    const { children } = generate(plan, 7)
    const calibration = authorityCalibration('330')
    const needs = calibration.needs!
    const known = Object.values(needs).reduce((a, b) => a + b, 0) - needs.unknown
    for (const need of ['ASD', 'SLCN', 'SEMH', 'MLD', 'PD', 'HI'] as const) {
      const share = children.filter((c) => c.row.primary_need === need).length / children.length
      assert.ok(Math.abs(share - needs[need] / known) < 0.02, `${need}: ${share} against ${needs[need] / known}`)
    }
    const placements = calibration.placements!
    const placed = Object.values(placements).reduce((a, b) => a + b, 0)
    for (const kind of ['special', 'mainstream', 'furtherEducation', 'resourced'] as const) {
      const share = children.filter((c) => c.placement === kind).length / children.length
      assert.ok(Math.abs(share - placements[kind] / placed) < 0.02, `${kind}: ${share}`)
    }
  })

  it('sizes Birmingham and England from the calibration', () => {
    const calibration = loadCalibration()
    assert.equal(calibration.authorities.length, 153)
    assert.equal(calibration.england.ehcPlans, 638745)
    const birmingham = planScale('birmingham')
    assert.equal(birmingham.length, 1)
    assert.equal(birmingham[0]!.ehcChildren, 12094)
    assert.equal(birmingham[0]!.senSupportChildren, 35000)
    const settings = generateSettings(birmingham[0]!, '00000000-0000-4000-8000-000000000330', new Random(1, 'x'))
    assert.ok(settings.settings.length >= 400 && settings.settings.length <= 500, `${settings.settings.length}`)

    const england = planScale('england')
    assert.equal(england.length, 153)
    assert.equal(england[0]!.code, '330', 'Birmingham, the demo authority, first')
    const plans = england.reduce((t, p) => t + p.ehcChildren, 0)
    const support = england.reduce((t, p) => t + p.senSupportChildren, 0)
    assert.equal(plans, 638745)
    assert.ok(Math.abs(support - 1_300_000) < 1000, `${support} on SEN Support`)
    assert.equal(new Set(england.map((p) => p.numbers.urn)).size, 153, 'each authority its own URNs')
  })
})
