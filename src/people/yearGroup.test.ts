import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  academicYearLabel,
  academicYearOf,
  academicYearStartOf,
  ageAtStartOfAcademicYear,
  ageOn,
  censusYearGroupOf,
  nationalCurriculumYear,
  nationalCurriculumYearOfCensusCode,
} from './yearGroup.js'

describe('academic year', () => {
  it('starts on 1 September', () => {
    assert.equal(academicYearStartOf('2025-08-31'), 2024)
    assert.equal(academicYearStartOf('2025-09-01'), 2025)
    assert.equal(academicYearStartOf('2026-01-15'), 2025)
    assert.equal(academicYearOf('2025-08-31'), '2024/25')
    assert.equal(academicYearOf('2025-09-01'), '2025/26')
  })

  it('writes the second year with two digits across a century', () => {
    assert.equal(academicYearLabel(1999), '1999/00')
    assert.equal(academicYearLabel(2008), '2008/09')
  })

  it('refuses what is not a real YYYY-MM-DD date', () => {
    assert.throws(() => academicYearStartOf('2025-9-1'), RangeError)
    assert.throws(() => academicYearStartOf('2023-02-29'), RangeError)
    assert.throws(() => academicYearStartOf('2025-13-01'), RangeError)
    assert.throws(() => academicYearStartOf('01/09/2025'), RangeError)
  })
})

describe('ageOn', () => {
  it('counts completed years, turning on the birthday', () => {
    assert.equal(ageOn('2015-09-01', '2020-08-31'), 4)
    assert.equal(ageOn('2015-09-01', '2020-09-01'), 5)
    assert.equal(ageOn('2015-09-01', '2015-09-01'), 0)
  })

  it('turns someone born on 29 February a year older on 1 March when there is no 29 February', () => {
    assert.equal(ageOn('2016-02-29', '2017-02-28'), 0)
    assert.equal(ageOn('2016-02-29', '2017-03-01'), 1)
    assert.equal(ageOn('2016-02-29', '2020-02-28'), 3)
    assert.equal(ageOn('2016-02-29', '2020-02-29'), 4)
  })

  it('refuses a date before the birth', () => {
    assert.throws(() => ageOn('2015-09-01', '2015-08-31'), RangeError)
  })

  it('measures age at the start of an academic year on the 31 August before it', () => {
    assert.equal(ageAtStartOfAcademicYear('2015-09-01', 2020), 4)
    assert.equal(ageAtStartOfAcademicYear('2016-08-31', 2020), 4)
    assert.equal(ageAtStartOfAcademicYear('2016-09-01', 2020), 3)
  })
})

describe('nationalCurriculumYear', () => {
  it('puts children born 1 September 2015 to 31 August 2016 in Reception in 2020/21 and Year 1 in 2021/22', () => {
    for (const born of ['2015-09-01', '2016-01-01', '2016-08-31']) {
      assert.equal(nationalCurriculumYear(born, 2020), 0, born)
      assert.equal(nationalCurriculumYear(born, 2021), 1, born)
    }
  })

  it('moves a child across the year groups at the 31 August / 1 September birthday boundary', () => {
    assert.equal(nationalCurriculumYear('2015-08-31', 2020), 1)
    assert.equal(nationalCurriculumYear('2015-09-01', 2020), 0)
    assert.equal(nationalCurriculumYear('2016-08-31', 2020), 0)
    assert.equal(nationalCurriculumYear('2016-09-01', 2020), -1)
  })

  it('places a 29 February birth in the year group of its academic year', () => {
    assert.equal(nationalCurriculumYear('2016-02-29', 2020), 0)
    assert.equal(nationalCurriculumYear('2016-02-29', 2027), 7)
  })

  it('counts nursery years down from Reception and runs on past Year 14 to age 25', () => {
    assert.equal(nationalCurriculumYear('2022-03-10', 2025), -1)
    assert.equal(nationalCurriculumYear('2023-03-10', 2025), -2)
    assert.equal(nationalCurriculumYear('2001-03-10', 2025), 20)
  })

  it('equals age on the preceding 31 August less 4, for every birthday of a leap year and its neighbours', () => {
    const day = new Date(Date.UTC(2015, 0, 1))
    while (day.getUTCFullYear() < 2018) {
      const born = day.toISOString().slice(0, 10)
      assert.equal(nationalCurriculumYear(born, 2025), ageAtStartOfAcademicYear(born, 2025) - 4, born)
      day.setUTCDate(day.getUTCDate() + 1)
    }
  })

  it('applies a recorded offset for a child taught out of their year group, in every year', () => {
    // Summer-born, started Reception at 5 in 2021/22 instead of 2020/21.
    assert.equal(nationalCurriculumYear('2016-07-20', 2021, { offsetYears: -1 }), 0)
    assert.equal(nationalCurriculumYear('2016-07-20', 2027, { offsetYears: -1 }), 6)
    assert.equal(nationalCurriculumYear('2016-07-20', 2027, { offsetYears: 1 }), 8)
  })
})

describe('census year-group codes', () => {
  it('maps NCY to the school census codes and back', () => {
    assert.equal(censusYearGroupOf(0), 'R')
    assert.equal(censusYearGroupOf(-1), 'N2')
    assert.equal(censusYearGroupOf(-2), 'N1')
    assert.equal(censusYearGroupOf(7), '7')
    assert.equal(censusYearGroupOf(14), '14')
    assert.equal(censusYearGroupOf(15), undefined)
    assert.equal(censusYearGroupOf(-3), undefined)
    assert.equal(nationalCurriculumYearOfCensusCode('R'), 0)
    assert.equal(nationalCurriculumYearOfCensusCode(' n1 '), -2)
    assert.equal(nationalCurriculumYearOfCensusCode('11'), 11)
    assert.equal(nationalCurriculumYearOfCensusCode('X'), undefined)
    assert.equal(nationalCurriculumYearOfCensusCode('E1'), undefined)
  })
})
