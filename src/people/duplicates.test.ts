import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ChildIdentity, duplicateReason, editDistance, namesAreClose, normaliseName } from './duplicates.js'

const amara: ChildIdentity = {
  legalForename: 'Amara',
  legalSurname: 'Okonkwo',
  dateOfBirth: '2016-05-04',
  homePostcode: 'B15 2TT',
  upn: 'B801200005001',
}

describe('duplicate detection', () => {
  it('normalises names: accents, case, punctuation and spaces', () => {
    assert.equal(normaliseName("  Zoë  O'Neill-Smith "), 'zoe oneillsmith')
  })

  it('measures typing slips', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3)
    assert.equal(editDistance('', 'abc'), 3)
    assert.equal(editDistance('same', 'same'), 0)
  })

  it('finds the same UPN whatever the name', () => {
    assert.equal(duplicateReason({ ...amara, legalForename: 'Someone', upn: 'B801200005001' }, amara), 'same-upn')
  })

  it('finds a close name with the same date of birth and postcode', () => {
    const typo = { ...amara, legalSurname: 'Okonkow', homePostcode: 'b152tt', upn: null }
    assert.equal(duplicateReason(typo, amara), 'close-name-same-birth-and-postcode')
    const swapped = { ...amara, legalForename: 'Okonkwo', legalSurname: 'Amara', upn: null }
    assert.equal(duplicateReason(swapped, amara), 'close-name-same-birth-and-postcode')
  })

  it('does not match a different birth date, postcode or a different name', () => {
    assert.equal(duplicateReason({ ...amara, dateOfBirth: '2016-05-05', upn: null }, amara), undefined)
    assert.equal(duplicateReason({ ...amara, homePostcode: 'B16 8AA', upn: null }, amara), undefined)
    assert.equal(duplicateReason({ ...amara, legalForename: 'Chloe', upn: null }, amara), undefined)
    assert.equal(duplicateReason({ ...amara, homePostcode: null, upn: null }, amara), undefined)
  })

  it('allows fewer slips in short names', () => {
    assert.equal(
      namesAreClose(
        { ...amara, legalForename: 'Al', legalSurname: 'Li' },
        { ...amara, legalForename: 'Ed', legalSurname: 'Li' },
      ),
      false,
    )
    assert.equal(
      namesAreClose(
        { ...amara, legalForename: 'Ali', legalSurname: 'Li' },
        { ...amara, legalForename: 'Ala', legalSurname: 'Li' },
      ),
      true,
    )
  })
})
