import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  addWorkingDays,
  BankHolidaysUnknown,
  bankHolidaysInEngland,
  bankHolidayYearsKnown,
  isBankHolidayInEngland,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
} from './bankHolidays.js'
import { addDays, dayOfWeek, splitIsoDate } from './isoDate.js'

// The England and Wales lists as gov.uk/bank-holidays published them (2026 and 2027 as announced).
const publishedLists: Record<number, string[]> = {
  2015: [
    '2015-01-01',
    '2015-04-03',
    '2015-04-06',
    '2015-05-04',
    '2015-05-25',
    '2015-08-31',
    '2015-12-25',
    '2015-12-28',
  ],
  2016: [
    '2016-01-01',
    '2016-03-25',
    '2016-03-28',
    '2016-05-02',
    '2016-05-30',
    '2016-08-29',
    '2016-12-26',
    '2016-12-27',
  ],
  2017: [
    '2017-01-02',
    '2017-04-14',
    '2017-04-17',
    '2017-05-01',
    '2017-05-29',
    '2017-08-28',
    '2017-12-25',
    '2017-12-26',
  ],
  2018: [
    '2018-01-01',
    '2018-03-30',
    '2018-04-02',
    '2018-05-07',
    '2018-05-28',
    '2018-08-27',
    '2018-12-25',
    '2018-12-26',
  ],
  2019: [
    '2019-01-01',
    '2019-04-19',
    '2019-04-22',
    '2019-05-06',
    '2019-05-27',
    '2019-08-26',
    '2019-12-25',
    '2019-12-26',
  ],
  2020: [
    '2020-01-01',
    '2020-04-10',
    '2020-04-13',
    '2020-05-08',
    '2020-05-25',
    '2020-08-31',
    '2020-12-25',
    '2020-12-28',
  ],
  2021: [
    '2021-01-01',
    '2021-04-02',
    '2021-04-05',
    '2021-05-03',
    '2021-05-31',
    '2021-08-30',
    '2021-12-27',
    '2021-12-28',
  ],
  2022: [
    '2022-01-03',
    '2022-04-15',
    '2022-04-18',
    '2022-05-02',
    '2022-06-02',
    '2022-06-03',
    '2022-08-29',
    '2022-09-19',
    '2022-12-26',
    '2022-12-27',
  ],
  2023: [
    '2023-01-02',
    '2023-04-07',
    '2023-04-10',
    '2023-05-01',
    '2023-05-08',
    '2023-05-29',
    '2023-08-28',
    '2023-12-25',
    '2023-12-26',
  ],
  2024: [
    '2024-01-01',
    '2024-03-29',
    '2024-04-01',
    '2024-05-06',
    '2024-05-27',
    '2024-08-26',
    '2024-12-25',
    '2024-12-26',
  ],
  2025: [
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
  ],
  2026: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
  2027: [
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ],
}

// Easter Sunday, from an independent source (python-dateutil's easter()), to check the algorithm in every year known.
const easterSundays: Record<number, string> = {
  2015: '2015-04-05',
  2016: '2016-03-27',
  2017: '2017-04-16',
  2018: '2018-04-01',
  2019: '2019-04-21',
  2020: '2020-04-12',
  2021: '2021-04-04',
  2022: '2022-04-17',
  2023: '2023-04-09',
  2024: '2024-03-31',
  2025: '2025-04-20',
  2026: '2026-04-05',
  2027: '2027-03-28',
  2028: '2028-04-16',
  2029: '2029-04-01',
  2030: '2030-04-21',
  2031: '2031-04-13',
  2032: '2032-03-28',
  2033: '2033-04-17',
  2034: '2034-04-09',
  2035: '2035-03-25',
  2036: '2036-04-13',
  2037: '2037-04-05',
  2038: '2038-04-25',
  2039: '2039-04-10',
  2040: '2040-04-01',
}

const knownYears: number[] = []
for (let year = bankHolidayYearsKnown.first; year <= bankHolidayYearsKnown.last; year += 1) knownYears.push(year)

describe('bankHolidaysInEngland matches the lists gov.uk published', () => {
  for (const [year, expected] of Object.entries(publishedLists)) {
    it(`${year}`, () => assert.deepEqual(bankHolidaysInEngland(Number(year)), expected))
  }
})

describe('bankHolidaysInEngland follows the regular rules in every year known', () => {
  it('Good Friday and Easter Monday sit either side of Easter Sunday', () => {
    for (const year of knownYears) {
      const days = bankHolidaysInEngland(year)
      const easter = easterSundays[year]!
      assert.ok(days.includes(addDays(easter, -2)), `Good Friday ${year}`)
      assert.ok(days.includes(addDays(easter, 1)), `Easter Monday ${year}`)
    }
  })

  it('every bank holiday is a weekday of its year, in date order, with no repeats', () => {
    for (const year of knownYears) {
      const days = bankHolidaysInEngland(year)
      assert.deepEqual([...days].sort(), days)
      assert.equal(new Set(days).size, days.length)
      for (const day of days) {
        assert.ok(dayOfWeek(day) <= 5, `${day} is a weekday`)
        assert.equal(splitIsoDate(day).year, year)
      }
    }
  })

  it('has eight days a year, except the years with one-off changes', () => {
    for (const year of knownYears) {
      const expected = year === 2022 ? 10 : year === 2023 ? 9 : 8
      assert.equal(bankHolidaysInEngland(year).length, expected, `${year}`)
    }
  })

  it('puts early May on the first Monday, spring on the last Monday in May and summer on the last in August', () => {
    for (const year of knownYears) {
      const days = bankHolidaysInEngland(year)
      const mondaysIn = (month: number) =>
        days.filter((day) => splitIsoDate(day).month === month && dayOfWeek(day) === 1)
      const may = mondaysIn(5)
      const august = mondaysIn(8)
      if (year === 2020 || year === 2022) continue
      assert.ok(splitIsoDate(may[0]!).day <= 7, `${year} early May`)
      assert.ok(splitIsoDate(may[may.length - 1]!).day >= 25, `${year} spring`)
      assert.equal(august.length, 1)
      assert.ok(splitIsoDate(august[0]!).day >= 25, `${year} summer`)
    }
  })

  it('moves New Year’s Day, Christmas Day and Boxing Day off weekends', () => {
    assert.deepEqual(bankHolidaysInEngland(2028).slice(0, 1), ['2028-01-03']) // Saturday 1 January
    assert.deepEqual(bankHolidaysInEngland(2034).slice(0, 1), ['2034-01-02']) // Sunday 1 January
    assert.deepEqual(bankHolidaysInEngland(2032).slice(-2), ['2032-12-27', '2032-12-28']) // Christmas on a Saturday
    assert.deepEqual(bankHolidaysInEngland(2033).slice(-2), ['2033-12-26', '2033-12-27']) // Christmas on a Sunday
    assert.deepEqual(bankHolidaysInEngland(2037).slice(-2), ['2037-12-25', '2037-12-28']) // Boxing Day on a Saturday
    assert.deepEqual(bankHolidaysInEngland(2030).slice(-2), ['2030-12-25', '2030-12-26'])
  })

  it('keeps the one-off changes: VE Day 2020, the Platinum Jubilee, the State Funeral and the Coronation', () => {
    assert.equal(isBankHolidayInEngland('2020-05-08'), true)
    assert.equal(isBankHolidayInEngland('2020-05-04'), false)
    assert.equal(isBankHolidayInEngland('2022-05-30'), false)
    assert.equal(isBankHolidayInEngland('2022-06-02'), true)
    assert.equal(isBankHolidayInEngland('2022-06-03'), true)
    assert.equal(isBankHolidayInEngland('2022-09-19'), true)
    assert.equal(isBankHolidayInEngland('2023-05-08'), true)
  })

  it('returns a fresh list each time, so a caller cannot change the next answer', () => {
    const first = bankHolidaysInEngland(2026)
    first.pop()
    assert.equal(bankHolidaysInEngland(2026).length, 8)
  })
})

describe('years outside 2015–2040 are refused, not guessed', () => {
  it('throws BankHolidaysUnknown', () => {
    assert.throws(() => bankHolidaysInEngland(2014), BankHolidaysUnknown)
    assert.throws(() => bankHolidaysInEngland(2041), BankHolidaysUnknown)
    assert.throws(() => bankHolidaysInEngland(2026.5), BankHolidaysUnknown)
    assert.throws(() => isBankHolidayInEngland('2014-12-25'), BankHolidaysUnknown)
    assert.throws(() => isWorkingDay('2041-01-02'), /2015 to 2040, not 2041/)
    assert.throws(() => addWorkingDays('2040-12-31', 1), BankHolidaysUnknown)
    assert.throws(() => nextWorkingDayOnOrAfter('2014-12-31'), BankHolidaysUnknown)
  })

  it('answers for the first and last days known', () => {
    assert.equal(isBankHolidayInEngland('2015-01-01'), true)
    assert.equal(isWorkingDay('2040-12-31'), true)
  })
})

describe('isWorkingDay', () => {
  const cases: [string, boolean, string][] = [
    ['2026-03-02', true, 'a Monday'],
    ['2026-03-06', true, 'a Friday'],
    ['2026-03-07', false, 'a Saturday'],
    ['2026-03-08', false, 'a Sunday'],
    ['2026-04-03', false, 'Good Friday'],
    ['2026-04-06', false, 'Easter Monday'],
    ['2026-08-31', false, 'the summer bank holiday'],
    ['2026-09-01', true, 'the Tuesday after it'],
    ['2026-12-25', false, 'Christmas Day'],
    ['2026-12-28', false, 'Boxing Day (substitute)'],
    ['2026-12-29', true, 'the next working day'],
    ['2026-12-31', true, 'New Year’s Eve'],
    ['2027-01-01', false, 'New Year’s Day'],
  ]
  for (const [date, expected, what] of cases) {
    it(`${date} (${what}) is ${expected ? '' : 'not '}a working day`, () => assert.equal(isWorkingDay(date), expected))
  }
})

describe('addWorkingDays', () => {
  const cases: [string, number, string][] = [
    ['2026-03-02', 0, '2026-03-02'],
    ['2026-03-07', 0, '2026-03-07'],
    ['2026-03-02', 1, '2026-03-03'],
    ['2026-03-02', 3, '2026-03-05'],
    ['2026-03-06', 1, '2026-03-09'], // Friday to Monday
    ['2026-03-06', 3, '2026-03-11'], // Friday to Wednesday
    ['2026-03-07', 1, '2026-03-09'], // from a Saturday
    ['2026-04-02', 1, '2026-04-07'], // over Easter
    ['2026-12-24', 1, '2026-12-29'], // over Christmas
    ['2026-12-24', 3, '2026-12-31'],
    ['2026-12-24', 4, '2027-01-04'], // over New Year
    ['2026-08-28', 1, '2026-09-01'], // over the summer bank holiday
    ['2022-06-01', 1, '2022-06-06'], // over the Platinum Jubilee
    ['2026-03-11', -3, '2026-03-06'],
    ['2026-04-07', -1, '2026-04-02'],
    ['2026-03-02', 20, '2026-03-30'],
  ]
  for (const [date, workingDays, expected] of cases) {
    it(`${date} + ${workingDays} working days = ${expected}`, () =>
      assert.equal(addWorkingDays(date, workingDays), expected))
  }

  it('refuses fractional working days', () => assert.throws(() => addWorkingDays('2026-03-02', 1.5), RangeError))
})

describe('nextWorkingDayOnOrAfter', () => {
  const cases: [string, string][] = [
    ['2026-03-04', '2026-03-04'],
    ['2026-03-07', '2026-03-09'],
    ['2026-03-08', '2026-03-09'],
    ['2026-04-03', '2026-04-07'],
    ['2026-08-29', '2026-09-01'],
    ['2026-12-25', '2026-12-29'],
    ['2027-01-01', '2027-01-04'],
    ['2022-12-24', '2022-12-28'],
    ['2022-09-17', '2022-09-20'],
  ]
  for (const [date, expected] of cases) {
    it(`${date} → ${expected}`, () => assert.equal(nextWorkingDayOnOrAfter(date), expected))
  }
})
