import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  addDays,
  addMonths,
  addWeeks,
  compareIsoDate,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  InvalidIsoDate,
  isIsoDate,
  isWeekend,
  makeIsoDate,
  parseIsoDate,
  splitIsoDate,
  toDayNumber,
  todayInLondon,
} from './isoDate.js'

describe('parseIsoDate', () => {
  it('accepts real dates written YYYY-MM-DD', () => {
    for (const date of ['2026-03-02', '2024-02-29', '2000-02-29', '1999-12-31', '2026-12-31', '0001-01-01']) {
      assert.equal(parseIsoDate(date), date)
    }
  })

  it('refuses dates that do not exist', () => {
    for (const date of [
      '2026-02-29',
      '2026-02-30',
      '1900-02-29',
      '2100-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
    ]) {
      assert.equal(parseIsoDate(date), undefined, date)
    }
    assert.equal(parseIsoDate('2026-01-00'), undefined)
    assert.equal(parseIsoDate('2026-01-32'), undefined)
  })

  it('refuses other forms', () => {
    for (const text of [
      '',
      '2026-3-2',
      '2026-03-2',
      '26-03-02',
      '02/03/2026',
      '2026/03/02',
      '2026-03-02T00:00:00Z',
      ' 2026-03-02',
      '2026-03-02 ',
      '20260302',
      '2026_03_02',
      '+2026-03-02',
      '2026-0a-02',
      '２０２６-03-02',
    ]) {
      assert.equal(parseIsoDate(text), undefined, JSON.stringify(text))
    }
  })

  it('isIsoDate answers the same question for any value', () => {
    assert.equal(isIsoDate('2026-03-02'), true)
    assert.equal(isIsoDate('2026-02-30'), false)
    assert.equal(isIsoDate(20260302), false)
    assert.equal(isIsoDate(undefined), false)
    assert.equal(isIsoDate(new Date()), false)
  })
})

describe('arithmetic refuses malformed dates with InvalidIsoDate', () => {
  it('throws a typed error naming the value', () => {
    assert.throws(() => addDays('2026-02-30', 1), InvalidIsoDate)
    assert.throws(() => addMonths('not a date', 1), InvalidIsoDate)
    assert.throws(() => daysBetween('2026-01-01', '2026-1-2'), InvalidIsoDate)
    assert.throws(() => dayOfWeek(''), /YYYY-MM-DD: ""/)
    assert.throws(() => makeIsoDate(2026, 2, 29), InvalidIsoDate)
    assert.throws(() => splitIsoDate('2026-02-29'), InvalidIsoDate)
  })

  it('refuses fractional amounts rather than rounding them', () => {
    assert.throws(() => addDays('2026-01-01', 1.5), RangeError)
    assert.throws(() => addWeeks('2026-01-01', 0.5), RangeError)
    assert.throws(() => addMonths('2026-01-01', 1.5), RangeError)
  })
})

describe('day numbers', () => {
  it('count days from 1970-01-01', () => {
    assert.equal(toDayNumber('1970-01-01'), 0)
    assert.equal(toDayNumber('1970-01-02'), 1)
    assert.equal(toDayNumber('1969-12-31'), -1)
    assert.equal(toDayNumber('2000-03-01'), 11_017)
    assert.equal(fromDayNumber(0), '1970-01-01')
    assert.equal(fromDayNumber(-1), '1969-12-31')
  })

  it('agree with JavaScript Date (UTC) across 1890 to 2210, in and out of the remembered range', () => {
    const millisecondsPerDay = 86_400_000
    for (let dayNumber = -29_220; dayNumber <= 87_660; dayNumber += 1) {
      const expected = new Date(dayNumber * millisecondsPerDay).toISOString().slice(0, 10)
      assert.equal(fromDayNumber(dayNumber), expected)
      assert.equal(toDayNumber(expected), dayNumber)
    }
  })

  it('splits and builds dates', () => {
    assert.deepEqual(splitIsoDate('2026-03-02'), { year: 2026, month: 3, day: 2 })
    assert.equal(makeIsoDate(2026, 3, 2), '2026-03-02')
    assert.equal(makeIsoDate(987, 1, 1), '0987-01-01')
  })

  it('knows the length of every month', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => daysInMonth(2026, month)),
      [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
    )
    assert.equal(daysInMonth(2024, 2), 29)
    assert.equal(daysInMonth(2000, 2), 29)
    assert.equal(daysInMonth(1900, 2), 28)
    assert.equal(daysInMonth(2100, 2), 28)
  })
})

describe('addDays and addWeeks', () => {
  const cases: [string, number, string][] = [
    ['2026-03-02', 0, '2026-03-02'],
    ['2026-03-02', 1, '2026-03-03'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-03-02', 42, '2026-04-13'],
    ['2026-03-02', 140, '2026-07-20'],
    ['2025-12-15', 30, '2026-01-14'],
    ['2026-03-29', 1, '2026-03-30'], // the clocks go forward in London: still one calendar day
    ['2026-10-25', 1, '2026-10-26'], // the clocks go back
  ]
  for (const [date, days, expected] of cases) {
    it(`${date} + ${days} days = ${expected}`, () => assert.equal(addDays(date, days), expected))
  }

  it('adds weeks as 7 days each', () => {
    assert.equal(addWeeks('2026-03-02', 6), '2026-04-13')
    assert.equal(addWeeks('2026-03-02', 16), '2026-06-22')
    assert.equal(addWeeks('2026-03-02', 20), '2026-07-20')
    assert.equal(addWeeks('2026-12-24', 1), '2026-12-31')
    assert.equal(addWeeks('2026-12-28', 1), '2027-01-04')
    assert.equal(addWeeks('2024-02-22', 1), '2024-02-29')
    assert.equal(addWeeks('2026-01-05', -2), '2025-12-22')
  })
})

describe('addMonths: the same day number, or the last day of a shorter month', () => {
  const cases: [string, number, string][] = [
    ['2026-03-02', 1, '2026-04-02'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-01-30', 1, '2026-02-28'],
    ['2026-01-29', 1, '2026-02-28'],
    ['2024-01-29', 1, '2024-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-11-30', 2, '2027-01-30'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2023-02-28', 12, '2024-02-28'],
    ['2026-06-30', 2, '2026-08-30'],
    ['2026-10-31', 2, '2026-12-31'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2027-02-28', -12, '2026-02-28'],
    ['2026-09-15', -5, '2026-04-15'],
    ['2026-03-02', 0, '2026-03-02'],
    ['2026-03-02', 120, '2036-03-02'],
  ]
  for (const [date, months, expected] of cases) {
    it(`${date} + ${months} months = ${expected}`, () => assert.equal(addMonths(date, months), expected))
  }

  it('does not carry a shortened day into later months (months are counted from the start date)', () => {
    assert.equal(addMonths(addMonths('2026-01-31', 1), 1), '2026-03-28')
    assert.equal(addMonths('2026-01-31', 2), '2026-03-31')
  })
})

describe('daysBetween and compareIsoDate', () => {
  it('counts days, signed', () => {
    assert.equal(daysBetween('2026-03-02', '2026-07-20'), 140)
    assert.equal(daysBetween('2026-07-20', '2026-03-02'), -140)
    assert.equal(daysBetween('2026-03-02', '2026-03-02'), 0)
    assert.equal(daysBetween('2024-02-01', '2024-03-01'), 29)
    assert.equal(daysBetween('2026-02-01', '2026-03-01'), 28)
    assert.equal(daysBetween('2026-12-31', '2027-01-01'), 1)
    assert.equal(daysBetween('2024-01-01', '2025-01-01'), 366)
    assert.equal(daysBetween('2025-01-01', '2026-01-01'), 365)
  })

  it('orders dates', () => {
    assert.equal(compareIsoDate('2026-03-02', '2026-03-03'), -1)
    assert.equal(compareIsoDate('2026-03-03', '2026-03-02'), 1)
    assert.equal(compareIsoDate('2026-03-02', '2026-03-02'), 0)
    assert.equal(compareIsoDate('2026-12-31', '2027-01-01'), -1)
    assert.deepEqual(['2027-01-01', '2026-03-02', '2026-12-31'].sort(compareIsoDate), [
      '2026-03-02',
      '2026-12-31',
      '2027-01-01',
    ])
  })
})

describe('dayOfWeek and isWeekend', () => {
  it('numbers days as ISO 8601 does, Monday 1 to Sunday 7', () => {
    assert.equal(dayOfWeek('2026-03-02'), 1) // Monday
    assert.equal(dayOfWeek('2026-03-03'), 2)
    assert.equal(dayOfWeek('2026-03-06'), 5) // Friday
    assert.equal(dayOfWeek('2026-03-07'), 6) // Saturday
    assert.equal(dayOfWeek('2026-03-08'), 7) // Sunday
    assert.equal(dayOfWeek('1970-01-01'), 4) // Thursday
    assert.equal(dayOfWeek('1969-12-28'), 7) // Sunday, before day 0
    assert.equal(dayOfWeek('2024-02-29'), 4)
    assert.equal(dayOfWeek('2026-12-25'), 5)
    assert.equal(dayOfWeek('2027-01-01'), 5)
  })

  it('treats Saturday and Sunday as the weekend', () => {
    assert.equal(isWeekend('2026-03-06'), false)
    assert.equal(isWeekend('2026-03-07'), true)
    assert.equal(isWeekend('2026-03-08'), true)
    assert.equal(isWeekend('2026-03-09'), false)
  })
})

describe('todayInLondon', () => {
  const cases: [string, string, string][] = [
    ['2026-01-15T12:00:00Z', '2026-01-15', 'winter midday'],
    ['2026-01-15T23:59:59Z', '2026-01-15', 'winter: London is on UTC'],
    ['2026-06-30T22:59:59Z', '2026-06-30', 'summer, just before midnight BST'],
    ['2026-06-30T23:00:00Z', '2026-07-01', 'summer: midnight BST is 23:00 UTC'],
    ['2026-03-29T00:30:00Z', '2026-03-29', 'the night the clocks go forward, before the change'],
    ['2026-03-29T23:30:00Z', '2026-03-30', 'the first evening of BST'],
    ['2026-10-24T23:30:00Z', '2026-10-25', 'the night the clocks go back, still BST'],
    ['2026-10-25T23:30:00Z', '2026-10-25', 'the first evening of GMT'],
    ['2026-12-31T23:30:00Z', '2026-12-31', 'new year’s eve in winter'],
    ['2027-01-01T00:00:00Z', '2027-01-01', 'new year'],
  ]
  for (const [instant, expected, what] of cases) {
    it(`${instant} is ${expected} in London (${what})`, () => assert.equal(todayInLondon(new Date(instant)), expected))
  }

  it('defaults to now', () => assert.equal(isIsoDate(todayInLondon()), true))

  it('agrees with the London calendar minute by minute through midnights and both changes of the clocks', () => {
    const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
    for (const from of [
      '2026-03-28T20:00:00Z',
      '2026-06-30T20:00:00Z',
      '2026-10-24T20:00:00Z',
      '2026-12-31T20:00:00Z',
    ]) {
      for (let minute = 0; minute < 36 * 60; minute++) {
        const instant = new Date(Date.parse(from) + minute * 60_000)
        assert.equal(todayInLondon(instant), london.format(instant), instant.toISOString())
      }
    }
  })

  it('refuses an instant that is not one, every time', () => {
    assert.throws(() => todayInLondon(new Date('not a date')), RangeError)
    assert.throws(() => todayInLondon(new Date('not a date')), RangeError)
  })
})
