import { z } from 'zod'
import { parseIsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import { isUpnUnknownReason, upnUnknownReasons, validateNhsNumber, validateUln, validateUpn } from './identifiers.js'
import { isSenSupportNeedCode } from './needs.js'
import { ageOn } from './yearGroup.js'

const trimmed = (max: number, empty: string) =>
  z.string({ message: empty }).trim().min(1, empty).max(max, `Must be ${max} characters or fewer`)
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v === '' ? undefined : v))

/** An identifier checked with its own algorithm, normalised (spaces removed, capitals). */
const identifier = (check: (s: string) => { ok: true; value: string } | { ok: false; reason: string }) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined
      const result = check(v)
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: result.reason })
        return z.NEVER
      }
      return result.value
    })

const postcode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/, 'Enter a real postcode, like B1 1BB')
  .transform((v) => v.replace(/^(.+?) ?(\d[A-Z]{2})$/, '$1 $2'))

const needCode = z.string().refine(isSenSupportNeedCode, 'Choose a type of need from the list')

/** A child or young person (0–25) as a caseworker records them. */
export const ChildInput = z
  .strictObject({
    legalForename: trimmed(100, 'Enter the child’s first name'),
    legalSurname: trimmed(100, 'Enter the child’s last name'),
    preferredName: optionalText(100),
    dateOfBirth: z
      .string({ message: 'Enter the date of birth' })
      .refine((v) => parseIsoDate(v) !== undefined, 'Date of birth must be a real date, like 2015-03-27'),
    sex: z.enum(['F', 'M', 'U'], { message: 'Choose female, male or not known' }),
    ethnicity: z
      .string()
      .regex(/^[A-Z]{4}$/, 'Ethnicity must be a DfE ethnicity code, like WBRI')
      .optional(),
    homePostcode: postcode.optional(),
    locality: optionalText(100),
    upn: identifier(validateUpn),
    uln: identifier(validateUln),
    nhsNumber: identifier(validateNhsNumber),
    noIdentifierReason: z
      .string()
      .optional()
      .refine((v) => v === undefined || v === '' || isUpnUnknownReason(v), {
        message: `Choose a reason from the list: ${Object.keys(upnUnknownReasons).join(', ')}`,
      })
      .transform((v) => (v === '' ? undefined : v)),
    yearGroupOffset: z.coerce
      .number()
      .int()
      .min(-3, 'Out of year group by at most 3 years')
      .max(3, 'Out of year group by at most 3 years')
      .default(0),
    primaryNeed: needCode.optional(),
    secondaryNeed: needCode.optional(),
    language: optionalText(60),
    interpreterNeeded: z.boolean().default(false),
    preferredFormat: optionalText(100),
  })
  .superRefine((child, ctx) => {
    const today = todayInLondon()
    if (parseIsoDate(child.dateOfBirth) !== undefined) {
      if (child.dateOfBirth > today)
        ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'Date of birth must be in the past' })
      else if (ageOn(child.dateOfBirth, today) > 25) {
        ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'A young person must be 25 or younger' })
      }
    }
    if (!child.upn && !child.uln && !child.noIdentifierReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['noIdentifierReason'],
        message: 'Give a UPN or ULN, or the reason neither is known',
      })
    }
    if (child.secondaryNeed && child.secondaryNeed === child.primaryNeed) {
      ctx.addIssue({
        code: 'custom',
        path: ['secondaryNeed'],
        message: 'The secondary need must differ from the primary need',
      })
    }
  })
export type ChildInput = z.output<typeof ChildInput>

export const ChildSearch = z.strictObject({
  q: z.string().trim().max(100, 'Search for 100 characters or fewer').optional(),
  dateOfBirth: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || v === '' || parseIsoDate(v) !== undefined,
      'Date of birth must be a real date, like 2015-03-27',
    )
    .transform((v) => (v === '' ? undefined : v)),
  settingId: z
    .uuid('Choose a setting from the list')
    .optional()
    .or(z.literal('').transform(() => undefined)),
})
export type ChildSearch = z.output<typeof ChildSearch>
