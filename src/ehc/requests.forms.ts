import type { Answers, SectionId } from './requests.schemas.js'
import { sectionFields } from './requests.schemas.js'

/**
 * Form fields to and from the answers of a request: GOV.UK date inputs come as separate boxes (day, month, year),
 * everything else is a field of the same name.
 */

const box = (body: Record<string, unknown>, name: string, part: string) => String(body[`${name}-${part}`] ?? '').trim()

/** Day, month and year boxes to `YYYY-MM-DD`: blank stays blank, anything else is left for the schema to judge. */
export function dateFromBoxes(body: Record<string, unknown>, name: string): string | undefined {
  const [day = '', month = '', year = ''] = ['day', 'month', 'year'].map((p) => box(body, name, p))
  if (!day && !month && !year) return undefined
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
}

/** Month and year boxes to `YYYY-MM`. */
export function monthFromBoxes(body: Record<string, unknown>, name: string): string | undefined {
  const [month = '', year = ''] = ['month', 'year'].map((p) => box(body, name, p))
  if (!month && !year) return undefined
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}`
}

/** The values a section page sent, under the answers' names. */
export function sectionValuesOf(section: SectionId, body: Record<string, unknown>): Answers {
  const values: Answers = {}
  for (const field of sectionFields[section]) {
    if (field === 'senSupportSince') values[field] = monthFromBoxes(body, field)
    else if (typeof body[field] === 'string') values[field] = body[field]
  }
  return values
}

/** What a section page's boxes show: the answers, with month-year answers split into their boxes. */
export function formValuesOf(answers: Answers): Record<string, unknown> {
  const values: Record<string, unknown> = { ...answers }
  const since = answers.senSupportSince
  if (typeof since === 'string') {
    const [year, month] = since.split('-')
    values['senSupportSince-year'] = year
    values['senSupportSince-month'] = month?.replace(/^0/, '')
  }
  return values
}

/** The boxes a page sent, to show again beside its errors. */
export function valuesSent(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf' && k !== 'action'))
}
