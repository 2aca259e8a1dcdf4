/**
 * The directory's own words for kinds of setting: provision types, Ofsted grades and GIAS phases of education.
 * Pure data, shared by the GIAS mapping, the pages, the API and the command line.
 */

/** The kinds of provision place planning and funding count separately (DESIGN.md sections 2.3 and 4.6). */
export const provisions = [
  'early_years',
  'mainstream',
  'resource_base',
  'special',
  'post_16',
  'alternative_provision',
  'independent',
] as const
export type Provision = (typeof provisions)[number]

export const provisionNames: Record<Provision, string> = {
  early_years: 'Early years',
  mainstream: 'Mainstream school',
  resource_base: 'Resource base',
  special: 'Special school',
  post_16: 'Post-16',
  alternative_provision: 'Alternative provision',
  independent: 'Independent or non-maintained',
}

export function isProvision(value: unknown): value is Provision {
  return typeof value === 'string' && (provisions as readonly string[]).includes(value)
}

/** Ofsted's overall effectiveness grades, stored as 1 to 4. */
export const ofstedGrades = [
  { grade: 1, name: 'Outstanding' },
  { grade: 2, name: 'Good' },
  { grade: 3, name: 'Requires improvement' },
  { grade: 4, name: 'Inadequate' },
] as const
export type OfstedGrade = (typeof ofstedGrades)[number]['grade']

export function ofstedName(grade: number | null | undefined): string | undefined {
  return ofstedGrades.find((g) => g.grade === grade)?.name
}

/** GIAS "PhaseOfEducation (name)" values, in age order; GIAS's "Not applicable" is stored as no phase. */
export const phases = [
  'Nursery',
  'Primary',
  'Middle deemed primary',
  'Middle deemed secondary',
  'Secondary',
  'All-through',
  '16 plus',
] as const
export type Phase = (typeof phases)[number]

/** An academic year is stored as the calendar year it starts in: 2025 is 2025/26. */
export function academicYearName(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`
}
