import { isBankHolidayInEngland } from '../platform/calendar/bankHolidays.js'
import { dayOfWeekOfDayNumber, fromDayNumber } from '../platform/calendar/isoDate.js'

/** Day numbers of the seeded dates: the days the SEND service works, on which its staff act. */

export function isBankHoliday(day: number): boolean {
  try {
    return isBankHolidayInEngland(fromDayNumber(day))
  } catch {
    return false // a year the calendar does not know: no bank holidays assumed
  }
}

/** Monday to Friday, not a bank holiday in England. */
export function isWorkingDay(day: number): boolean {
  return dayOfWeekOfDayNumber(day) <= 5 && !isBankHoliday(day)
}

export function workingDayOnOrAfter(day: number): number {
  let d = day
  while (!isWorkingDay(d)) d++
  return d
}

export function workingDayOnOrBefore(day: number): number {
  let d = day
  while (!isWorkingDay(d)) d--
  return d
}
