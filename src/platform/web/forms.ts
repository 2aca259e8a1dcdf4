import type { z } from 'zod'
import { type FieldError, Invalid } from '../errors.js'

/** Turns schema issues into one error per field, in form order, worded for people. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>()
  const errors: FieldError[] = []
  for (const issue of error.issues) {
    const field = issue.path.length
      ? issue.path.join('.')
      : issue.code === 'unrecognized_keys'
        ? issue.keys.join(', ')
        : 'body'
    if (seen.has(field)) continue
    seen.add(field)
    errors.push({ field, message: issue.message })
  }
  return errors
}

/** Parses input with a schema at the edge; throws Invalid naming every field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw new Invalid(fieldErrors(result.error))
  return result.data
}

/** GOV.UK error summary items and per-field messages for a template. */
export function errorView(errors: FieldError[]) {
  return {
    errors: errors.map((e) => ({ text: e.message, href: `#${e.field.replace(/\./g, '-')}` })),
    fieldErrors: Object.fromEntries(errors.map((e) => [e.field, { text: e.message }])),
  }
}
