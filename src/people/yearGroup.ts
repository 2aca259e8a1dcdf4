/**
 * Academic years, ages and National Curriculum year (NCY). Pure; dates are ISO `YYYY-MM-DD` strings.
 *
 * NCY is a number: Reception is 0, Years 1 to 14 are 1 to 14, and the years before Reception count down (−1 the year
 * before Reception, −2 the year before that, …). This is the coding of the SEN2 analyses and place-planning model in
 * shared/reference/place-planning-methods.md §2.3 (NCY −5…25) and of MastodonC/witan.sen2 `ncy.clj`; it extends past
 * Year 14 so that a young person up to 25 keeps a year group. The school census's own codes are in censusYearGroupCodes.
 */

interface CalendarDate {
  year: number
  month: number
  day: number
}

function readDate(date: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
    const check = new Date(Date.UTC(year, month - 1, day))
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      return { year, month, day }
    }
  }
  throw new RangeError(`Not a YYYY-MM-DD date: ${date}`)
}

/** The calendar year in which the academic year holding `date` began: academic years run 1 September to 31 August. */
export function academicYearStartOf(date: string): number {
  const { year, month } = readDate(date)
  return month >= 9 ? year : year - 1
}

/** An academic year as the DfE writes it: 2025 → '2025/26'. */
export function academicYearLabel(academicYearStart: number): string {
  return `${academicYearStart}/${String((academicYearStart + 1) % 100).padStart(2, '0')}`
}

/** The academic year holding `date`, as the DfE writes it: '2025-09-01' → '2025/26', '2025-08-31' → '2024/25'. */
export function academicYearOf(date: string): string {
  return academicYearLabel(academicYearStartOf(date))
}

/**
 * Age in completed years on `date`. Someone born on 29 February turns a year older on 1 March in a year without one,
 * the usual reading in England of the Family Law Reform Act 1969 s.9 (a person attains an age at the start of the
 * anniversary of their birth).
 */
export function ageOn(dateOfBirth: string, date: string): number {
  const born = readDate(dateOfBirth)
  const on = readDate(date)
  const hadBirthdayThisYear = on.month > born.month || (on.month === born.month && on.day >= born.day)
  const age = on.year - born.year - (hadBirthdayThisYear ? 0 : 1)
  if (age < 0) throw new RangeError(`${date} is before the date of birth ${dateOfBirth}`)
  return age
}

/**
 * Age on the 31 August before the academic year starts: the age the DfE uses for school year groups and for SEN2's age
 * breakdowns (SEN2 guide 2022 item 1.1, "age as at 31 August", as quoted in MastodonC/witan.sen2 `ncy.clj`).
 */
export function ageAtStartOfAcademicYear(dateOfBirth: string, academicYearStart: number): number {
  return ageOn(dateOfBirth, `${academicYearStart}-08-31`)
}

export interface YearGroupOptions {
  /**
   * Years a child is taught away from their chronological year group, kept on the child's record: −1 for a summer-born
   * child who started Reception at 5 and stays a year below, +1 for a child taught a year above. An offset rather than
   * a fixed year group, because it stays true as the child moves up each September.
   */
  offsetYears?: number
}

/**
 * The child's NCY in the academic year starting in September of `academicYearStart`. A child born 1 September Y to
 * 31 August Y+1 starts Reception (NCY 0) in September Y+5, the September after their fourth birthday (gov.uk "School
 * starting age"), so NCY = age on the preceding 31 August − 4. The result is not clamped: a newborn has NCY −4 or −5.
 */
export function nationalCurriculumYear(
  dateOfBirth: string,
  academicYearStart: number,
  { offsetYears = 0 }: YearGroupOptions = {},
): number {
  if (!Number.isInteger(academicYearStart)) throw new RangeError(`Not a year: ${academicYearStart}`)
  return academicYearStart - academicYearStartOf(dateOfBirth) - 5 + offsetYears
}

/**
 * The school census and CTF year-group codes (NCYearActual) for the NCYs they cover. The census has no code beyond
 * Year 14, and 'X' (curriculum not followed) and the early-years codes E1 and E2 have no NCY here.
 * UNCONFIRMED: which age N1 and N2 stand for. Their names ("nursery first year", "nursery second year") read as the two
 * years before Reception, so N2 = −1 and N1 = −2; check against the school census guide before importing nursery pupils.
 */
export const censusYearGroupCodes: ReadonlyMap<number, string> = new Map([
  [-2, 'N1'],
  [-1, 'N2'],
  [0, 'R'],
  ...Array.from({ length: 14 }, (_, i) => [i + 1, String(i + 1)] as [number, string]),
])

/** The census code of an NCY, or undefined where the census has none. */
export function censusYearGroupOf(ncy: number): string | undefined {
  return censusYearGroupCodes.get(ncy)
}

/** The NCY of a census code such as 'R' or '7', or undefined for 'X', early-years codes and anything unknown. */
export function nationalCurriculumYearOfCensusCode(code: string): number | undefined {
  const wanted = code.trim().toUpperCase()
  for (const [ncy, censusCode] of censusYearGroupCodes) if (censusCode === wanted) return ncy
  return undefined
}
