/**
 * Calendar dates as `YYYY-MM-DD` strings, and the arithmetic the statutory clocks need.
 *
 * A date here is a day in the calendar, not an instant: there are no time zones and no clocks, so a week is always
 * 7 days and adding a day never lands on 23 or 25 hours. Internally a date is a day number (days since 1970-01-01,
 * proleptic Gregorian), which makes comparisons and arithmetic plain integer work with no `Date` objects.
 *
 * Invalid input:
 * - `parseIsoDate` returns `undefined` for anything that is not a real `YYYY-MM-DD` date, because bad input from a
 *   form, a CSV import or an API call is expected and the caller decides what to say about it.
 * - Every other function throws `InvalidIsoDate` when handed a malformed date: by then the value should already have
 *   been parsed, so a bad one is a programming error that must not turn silently into a wrong deadline.
 */

/** A calendar date written `YYYY-MM-DD` (years 0000 to 9999). A plain string, so it travels through JSON and SQL. */
export type IsoDate = string

/** Day of the week as ISO 8601 numbers it: 1 is Monday, 7 is Sunday. */
export type IsoDayOfWeek = 1 | 2 | 3 | 4 | 5 | 6 | 7

export class InvalidIsoDate extends RangeError {
  constructor(readonly value: unknown) {
    super(`Not a calendar date in the form YYYY-MM-DD: ${JSON.stringify(value)}`)
    this.name = 'InvalidIsoDate'
  }
}

const DIGIT_0 = 48
const DIGIT_9 = 57
const HYPHEN = 45

/** Day number of the date, or NaN when the string is not a real YYYY-MM-DD date. Hot path: no regex, no Date. */
function dayNumberOrNaN(value: string): number {
  if (value.length !== 10 || value.charCodeAt(4) !== HYPHEN || value.charCodeAt(7) !== HYPHEN) return Number.NaN
  const year = fourDigits(value, 0)
  const month = twoDigits(value, 5)
  const day = twoDigits(value, 8)
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN
  return dayNumberFromParts(year, month, day)
}

function digitAt(value: string, index: number): number {
  const code = value.charCodeAt(index)
  return code >= DIGIT_0 && code <= DIGIT_9 ? code - DIGIT_0 : -10_000
}

function twoDigits(value: string, at: number): number {
  return digitAt(value, at) * 10 + digitAt(value, at + 1)
}

function fourDigits(value: string, at: number): number {
  return twoDigits(value, at) * 100 + twoDigits(value, at + 2)
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** Days in a month (1–12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

// Days from civil date and back: Howard Hinnant's algorithms (http://howardhinnant.github.io/date_algorithms.html),
// exact for every proleptic Gregorian date, in integer arithmetic only.
function dayNumberFromParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

function formatDayNumber(dayNumber: number): IsoDate {
  const z = dayNumber + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  if (year < 0 || year > 9999) throw new InvalidIsoDate(`day number ${dayNumber}`)
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
}

// Formatted dates from 1900 to 2199 are remembered: the caseload clock turns hundreds of thousands of day numbers back
// into strings, and this keeps each one an array read after the first time.
const FORMAT_CACHE_FROM = dayNumberFromParts(1900, 1, 1)
const FORMAT_CACHE_TO = dayNumberFromParts(2199, 12, 31)
const formatCache: (IsoDate | undefined)[] = new Array(FORMAT_CACHE_TO - FORMAT_CACHE_FROM + 1)

/** Parses a `YYYY-MM-DD` string strictly: `undefined` for other forms and for dates that do not exist (2026-02-30). */
export function parseIsoDate(value: string): IsoDate | undefined {
  return Number.isNaN(dayNumberOrNaN(value)) ? undefined : value
}

/** Whether a value is a real date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && !Number.isNaN(dayNumberOrNaN(value))
}

/** Days since 1970-01-01 (negative before it). Throws `InvalidIsoDate` for a malformed date. */
export function toDayNumber(date: IsoDate): number {
  const dayNumber = dayNumberOrNaN(date)
  if (Number.isNaN(dayNumber)) throw new InvalidIsoDate(date)
  return dayNumber
}

/** The date of a day number (days since 1970-01-01). */
export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isInteger(dayNumber)) throw new InvalidIsoDate(`day number ${dayNumber}`)
  if (dayNumber < FORMAT_CACHE_FROM || dayNumber > FORMAT_CACHE_TO) return formatDayNumber(dayNumber)
  const index = dayNumber - FORMAT_CACHE_FROM
  const cached = formatCache[index]
  if (cached !== undefined) return cached
  const formatted = formatDayNumber(dayNumber)
  formatCache[index] = formatted
  return formatted
}

/** Builds a date from its year, month (1–12) and day, refusing days the month does not have. */
export function makeIsoDate(year: number, month: number, day: number): IsoDate {
  if (
    !Number.isInteger(year) ||
    !Number.isInteger(month) ||
    !Number.isInteger(day) ||
    year < 0 ||
    year > 9999 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month)
  ) {
    throw new InvalidIsoDate(`${year}-${month}-${day}`)
  }
  return fromDayNumber(dayNumberFromParts(year, month, day))
}

/** The year, month (1–12) and day of a date. */
export function splitIsoDate(date: IsoDate): { year: number; month: number; day: number } {
  toDayNumber(date)
  return { year: fourDigits(date, 0), month: twoDigits(date, 5), day: twoDigits(date, 8) }
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`Days must be a whole number: ${days}`)
  return fromDayNumber(toDayNumber(date) + days)
}

export function addWeeks(date: IsoDate, weeks: number): IsoDate {
  if (!Number.isInteger(weeks)) throw new RangeError(`Weeks must be a whole number: ${weeks}`)
  return addDays(date, weeks * 7)
}

/**
 * Adds calendar months: the same day number in the target month, or that month's last day where it has no such day
 * (31 January + 1 month = 28 or 29 February; 29 February 2024 + 12 months = 28 February 2025). This is how DESIGN.md
 * 4.2 and 4.3 count months for annual reviews and tribunal deadlines. Negative months count back the same way.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`Months must be a whole number: ${months}`)
  const { year, month, day } = splitIsoDate(date)
  const monthIndex = year * 12 + (month - 1) + months
  const targetYear = Math.floor(monthIndex / 12)
  const targetMonth = monthIndex - targetYear * 12 + 1
  return makeIsoDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)))
}

/** Days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from)
}

/** -1, 0 or 1 as `a` is before, the same day as, or after `b`; fits `Array.prototype.sort`. */
export function compareIsoDate(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const difference = toDayNumber(a) - toDayNumber(b)
  return difference < 0 ? -1 : difference > 0 ? 1 : 0
}

/** ISO day of the week of a day number: 1 Monday … 7 Sunday (1970-01-01 was a Thursday). */
export function dayOfWeekOfDayNumber(dayNumber: number): IsoDayOfWeek {
  return (((((dayNumber + 3) % 7) + 7) % 7) + 1) as IsoDayOfWeek
}

/** ISO day of the week: 1 Monday … 7 Sunday. */
export function dayOfWeek(date: IsoDate): IsoDayOfWeek {
  return dayOfWeekOfDayNumber(toDayNumber(date))
}

export function isWeekend(date: IsoDate): boolean {
  return dayOfWeek(date) >= 6
}

const londonDateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/**
 * The date in England at an instant (GMT in winter, BST in summer). Statutory days run by the calendar in England, so
 * "today" for the clock is the London date, not the server's or UTC's: at 23:30 UTC on 30 June it is already 1 July.
 */
export function todayInLondon(now: Date = new Date()): IsoDate {
  // London is a whole number of hours from UTC and changes on the hour, so its date holds for each hour of UTC: worked
  // out once an hour rather than on each of the many calls a page makes.
  const hour = Math.floor(now.getTime() / 3_600_000)
  if (keptToday?.hour === hour) return keptToday.date
  let year = ''
  let month = ''
  let day = ''
  for (const part of londonDateFormat.formatToParts(now)) {
    if (part.type === 'year') year = part.value
    else if (part.type === 'month') month = part.value
    else if (part.type === 'day') day = part.value
  }
  const date = makeIsoDate(Number(year), Number(month), Number(day))
  keptToday = { hour, date }
  return date
}

let keptToday: { hour: number; date: IsoDate } | undefined

export const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** Monday first, as ISO day numbers count (1 = Monday). */
export const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** "2 March 2026", as GOV.UK writes dates. */
export function longIsoDate(date: IsoDate): string {
  const { year, month, day } = splitIsoDate(date)
  return `${day} ${monthNames[month - 1]} ${year}`
}
