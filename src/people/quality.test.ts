import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ChildFacts, checkChild, countByRule, findQualityIssues } from './quality.js'

const good: ChildFacts = {
  id: 'c1',
  name: 'Good Record',
  dateOfBirth: '2015-03-27',
  upn: 'B801200005001',
  uln: null,
  noIdentifierReason: null,
  primaryNeed: 'ASD',
  settings: [{ name: 'Oak Primary', urn: 103456, provision: 'mainstream', hosted: false }],
}
const today = '2026-11-25'

describe('data quality rules', () => {
  it('finds nothing wrong with a complete record', () => {
    assert.deepEqual(checkChild(good, today), [])
  })

  it('accepts a reason in place of a UPN or ULN', () => {
    assert.deepEqual(checkChild({ ...good, upn: null, noIdentifierReason: 'UN1' }, today), [])
    assert.deepEqual(checkChild({ ...good, upn: null }, today), ['missing-identifier'])
  })

  it('finds identifiers that fail their checks', () => {
    assert.deepEqual(checkChild({ ...good, upn: 'A801200005001' }, today), ['invalid-identifier'])
    assert.deepEqual(checkChild({ ...good, upn: null, uln: '1234567890' }, today), ['invalid-identifier'])
  })

  it('finds ages outside 0 to 25, on either side', () => {
    assert.deepEqual(checkChild({ ...good, dateOfBirth: '2000-11-24' }, today), ['outside-age-range'])
    assert.deepEqual(checkChild({ ...good, dateOfBirth: '2000-11-26' }, today), [])
    assert.deepEqual(checkChild({ ...good, dateOfBirth: '2027-01-01' }, today), ['outside-age-range'])
  })

  it('finds no setting, an invalid URN and no primary need', () => {
    assert.deepEqual(checkChild({ ...good, settings: [] }, today), ['no-setting'])
    assert.deepEqual(
      checkChild({ ...good, settings: [{ name: 'X', urn: 42, provision: 'mainstream', hosted: false }] }, today),
      ['invalid-urn'],
    )
    assert.deepEqual(
      checkChild({ ...good, settings: [{ name: 'RB', urn: null, provision: 'resource_base', hosted: true }] }, today),
      [],
    )
    assert.deepEqual(checkChild({ ...good, primaryNeed: null }, today), ['no-primary-need'])
  })

  it('counts findings by rule', () => {
    const findings = findQualityIssues([good, { ...good, id: 'c2', primaryNeed: null, settings: [] }], today)
    assert.equal(findings.length, 1)
    const counts = countByRule(findings)
    assert.equal(counts['no-primary-need'], 1)
    assert.equal(counts['no-setting'], 1)
    assert.equal(counts['missing-identifier'], 0)
  })
})
