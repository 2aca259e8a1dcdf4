/**
 * Bank holidays in England (and Wales), and working days, computed by rule for 2015 to 2040.
 *
 * Working days matter to tribunal deadlines (Tribunal Procedure (First-tier Tribunal) (HESC) Rules 2008, rule 12) and
 * to the mediation certificate (SEND Regs 2014 reg 34): both exclude weekends and bank holidays in England.
 *
 * The regular days come from the Banking and Financial Dealings Act 1971 and the royal proclamations made under it each
 * year. One-off changes are made by proclamation, usually months ahead but sometimes within days (the State
 * Funeral of 19 September 2022 was announced less than two weeks before), and are listed in `announcedChanges` below: when gov.uk/bank-holidays announces
 * one, add it there with its test. Years outside 2015–2040 are refused rather than guessed.
 */
import { dayOfWeekOfDayNumber, fromDayNumber, type IsoDate, makeIsoDate, splitIsoDate, toDayNumber } from './isoDate.js'

export const bankHolidayYearsKnown = { first: 2015, last: 2040 } as const

export class BankHolidaysUnknown extends RangeError {
  constructor(readonly year: number) {
    super(
      `Bank holidays are only known for ${bankHolidayYearsKnown.first} to ${bankHolidayYearsKnown.last}, not ${year}`,
    )
    this.name = 'BankHolidaysUnknown'
  }
}

/**
 * One-off changes to the regular pattern in England and Wales, as published at https://www.gov.uk/bank-holidays
 * (the "england-and-wales" division of https://www.gov.uk/bank-holidays.json).
 * `replaces` names the regular day that the change moved; a change without it is an extra day.
 */
const announcedChanges: readonly { date: IsoDate; replaces?: IsoDate; name: string }[] = [
  { date: '2020-05-08', replaces: '2020-05-04', name: 'Early May bank holiday (VE day), moved from Monday 4 May' },
  { date: '2022-06-02', replaces: '2022-05-30', name: 'Spring bank holiday, moved from Monday 30 May' },
  { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
  { date: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' },
]

const MONDAY = 1
const FRIDAY = 5
const SATURDAY = 6
const SUNDAY = 7

function dayNumberOf(year: number, month: number, day: number): number {
  return toDayNumber(makeIsoDate(year, month, day))
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): number {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return dayNumberOf(year, month, day)
}

function firstMondayOf(year: number, month: number): number {
  const first = dayNumberOf(year, month, 1)
  return first + ((MONDAY - dayOfWeekOfDayNumber(first) + 7) % 7)
}

function lastMondayOfMonthWith31Days(year: number, month: number): number {
  const last = dayNumberOf(year, month, 31)
  return last - ((dayOfWeekOfDayNumber(last) - MONDAY + 7) % 7)
}

/** The regular pattern, with the substitute days the proclamations give when a fixed day falls at a weekend. */
function regularBankHolidays(year: number): number[] {
  const newYearsDay = dayNumberOf(year, 1, 1)
  const newYearsWeekday = dayOfWeekOfDayNumber(newYearsDay)
  const easter = easterSunday(year)
  const christmasDay = dayNumberOf(year, 12, 25)
  const christmasWeekday = dayOfWeekOfDayNumber(christmasDay)

  const days = [
    // New Year's Day, or the Monday after when it falls at a weekend
    newYearsWeekday === SATURDAY ? newYearsDay + 2 : newYearsWeekday === SUNDAY ? newYearsDay + 1 : newYearsDay,
    easter - 2, // Good Friday
    easter + 1, // Easter Monday
    firstMondayOf(year, 5), // early May bank holiday
    lastMondayOfMonthWith31Days(year, 5), // spring bank holiday
    lastMondayOfMonthWith31Days(year, 8), // summer bank holiday
  ]
  // Christmas Day and Boxing Day; when either falls at a weekend its holiday moves to the next weekday not already taken
  if (christmasWeekday === SATURDAY) days.push(christmasDay + 2, christmasDay + 3)
  else if (christmasWeekday === SUNDAY) days.push(christmasDay + 1, christmasDay + 2)
  else if (christmasWeekday === FRIDAY) days.push(christmasDay, christmasDay + 3)
  else days.push(christmasDay, christmasDay + 1)
  return days
}

const holidaysByYear = new Map<number, readonly number[]>()
let holidayDayNumbers: Set<number> | undefined
const firstKnownDay = toDayNumber(`${bankHolidayYearsKnown.first}-01-01`)
const lastKnownDay = toDayNumber(`${bankHolidayYearsKnown.last}-12-31`)

function holidaysOf(year: number): readonly number[] {
  if (!Number.isInteger(year) || year < bankHolidayYearsKnown.first || year > bankHolidayYearsKnown.last) {
    throw new BankHolidaysUnknown(year)
  }
  let days = holidaysByYear.get(year)
  if (days === undefined) {
    const moved = new Set<number>()
    const added: number[] = []
    for (const change of announcedChanges) {
      if (splitIsoDate(change.date).year !== year) continue
      added.push(toDayNumber(change.date))
      if (change.replaces !== undefined) moved.add(toDayNumber(change.replaces))
    }
    days = [...regularBankHolidays(year).filter((day) => !moved.has(day)), ...added].sort((a, b) => a - b)
    holidaysByYear.set(year, days)
  }
  return days
}

function isBankHolidayDayNumber(dayNumber: number): boolean {
  if (holidayDayNumbers === undefined) {
    const all = new Set<number>()
    for (let year = bankHolidayYearsKnown.first; year <= bankHolidayYearsKnown.last; year += 1) {
      for (const day of holidaysOf(year)) all.add(day)
    }
    holidayDayNumbers = all
  }
  return holidayDayNumbers.has(dayNumber)
}

function refuseUnknownYears(dayNumber: number): void {
  if (dayNumber < firstKnownDay || dayNumber > lastKnownDay) {
    throw new BankHolidaysUnknown(splitIsoDate(fromDayNumber(dayNumber)).year)
  }
}

function isWorkingDayNumber(dayNumber: number): boolean {
  refuseUnknownYears(dayNumber)
  return dayOfWeekOfDayNumber(dayNumber) < SATURDAY && !isBankHolidayDayNumber(dayNumber)
}

/** The bank holidays in England of a year, in date order, as gov.uk lists them (substitute days in place). */
export function bankHolidaysInEngland(year: number): IsoDate[] {
  return holidaysOf(year).map(fromDayNumber)
}

export function isBankHolidayInEngland(date: IsoDate): boolean {
  const dayNumber = toDayNumber(date)
  refuseUnknownYears(dayNumber)
  return isBankHolidayDayNumber(dayNumber)
}

/** A working day: Monday to Friday and not a bank holiday in England. */
export function isWorkingDay(date: IsoDate): boolean {
  return isWorkingDayNumber(toDayNumber(date))
}

/**
 * The date `workingDays` working days after `date` (before it, when negative); the start date itself does not count,
 * so 3 working days from a Friday is the Wednesday after. Zero returns the date unchanged.
 */
export function addWorkingDays(date: IsoDate, workingDays: number): IsoDate {
  if (!Number.isInteger(workingDays)) throw new RangeError(`Working days must be a whole number: ${workingDays}`)
  let dayNumber = toDayNumber(date)
  const step = workingDays < 0 ? -1 : 1
  for (let remaining = Math.abs(workingDays); remaining > 0; ) {
    dayNumber += step
    if (isWorkingDayNumber(dayNumber)) remaining -= 1
  }
  return fromDayNumber(dayNumber)
}

/** The date itself when it is a working day, otherwise the next working day after it. */
export function nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
  let dayNumber = toDayNumber(date)
  while (!isWorkingDayNumber(dayNumber)) dayNumber += 1
  return fromDayNumber(dayNumber)
}
