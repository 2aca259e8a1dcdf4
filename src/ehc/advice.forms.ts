/** Form fields as the schemas expect them: dates from their three boxes, advice from its text areas. */
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { FieldError } from '../platform/errors.js'

type Body = Record<string, unknown>

const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '')

/** A GOV.UK date input's day, month and year as an ISO date; undefined when all three are empty. */
export function dateFromParts(body: Body, prefix: string): string | undefined {
  const part = (p: string) => text(body[`${prefix}-${p}`]).trim()
  const [day, month, year] = [part('day'), part('month'), part('year')]
  if (!day && !month && !year) return undefined
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
}

/** An ISO date as the values of a date input's three boxes. */
export function datePartsOf(prefix: string, date: IsoDate): Record<string, string> {
  const [year, month, day] = date.split('-')
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year ?? '',
  }
}

/** The items of a GOV.UK date input, filled from the form's values, marked in error when the date is. */
export function dateItems(values: Body, prefix: string, error: boolean) {
  const cls = (width: number) => `govuk-input--width-${width}${error ? ' govuk-input--error' : ''}`
  return [
    { name: 'day', label: 'Day', classes: cls(2), value: text(values[`${prefix}-day`]) },
    { name: 'month', label: 'Month', classes: cls(2), value: text(values[`${prefix}-month`]) },
    { name: 'year', label: 'Year', classes: cls(4), value: text(values[`${prefix}-year`]) },
  ]
}

/** The advice text areas as the AdviceContent schema's shape. */
export function adviceContentOf(body: Body) {
  return {
    needs: {
      education: text(body.needsEducation),
      health: text(body.needsHealth),
      socialCare: text(body.needsSocialCare),
    },
    outcomes: text(body.outcomes),
    provision: text(body.provision),
  }
}

/** Schema paths as the form's field ids: 'needs.education' is the text area 'needs-education'. */
export function renameFields(errors: FieldError[], rename: (field: string) => string): FieldError[] {
  return errors.map((e) => ({ ...e, field: rename(e.field) }))
}

export const bodyText = text
