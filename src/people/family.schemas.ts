import { z } from 'zod'
import { parseIsoDate } from '../platform/calendar/isoDate.js'

const text = (max: number, empty: string) =>
  z.string({ message: empty }).trim().min(1, empty).max(max, `Must be ${max} characters or fewer`)
const isoDate = (label: string) =>
  z
    .string({ message: `Enter ${label}` })
    .refine((v) => parseIsoDate(v) !== undefined, `${label} must be a real date, like 2026-03-02`)

export const FamilyMemberInput = z
  .strictObject({
    forename: text(100, 'Enter their first name'),
    surname: text(100, 'Enter their last name'),
    relationship: z.enum(
      [
        'Mother',
        'Father',
        'Step-parent',
        'Grandparent',
        'Foster carer',
        'Special guardian',
        'Kinship carer',
        'Other carer',
      ],
      {
        message: 'Choose the relationship from the list',
      },
    ),
    parentalResponsibility: z.boolean({ message: 'Say whether they have parental responsibility' }),
    email: z.email('Enter an email address in the correct format, like name@example.com').max(320).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{10,20}$/, 'Enter a UK phone number, like 0121 496 0000')
      .optional(),
    address: z.string().trim().max(300).optional(),
    postcode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/, 'Enter a real postcode, like B1 1BB')
      .optional(),
    contactPreference: z
      .enum(['email', 'sms', 'post', 'phone'], { message: 'Choose email, text message, post or phone' })
      .default('email'),
    language: z.string().trim().max(60).optional(),
    interpreterNeeded: z.boolean().default(false),
  })
  .superRefine((m, ctx) => {
    if (m.contactPreference === 'email' && !m.email)
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'Give an email address to contact them by email' })
    if (m.contactPreference === 'sms' && !m.phone)
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'Give a phone number to contact them by text message' })
    if (m.contactPreference === 'phone' && !m.phone)
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'Give a phone number to contact them by phone' })
    if (m.contactPreference === 'post' && !m.address)
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'Give an address to contact them by post' })
  })

export const ConsentInput = z.strictObject({
  givenBy: text(200, 'Say who gave consent'),
  scope: text(300, 'Say what may be shared'),
  sharedWith: text(300, 'Say who it may be shared with'),
  givenOn: isoDate('the date consent was given'),
})

export const WithdrawConsentInput = z.strictObject({ withdrawnOn: isoDate('the date consent was withdrawn') })

export const ProfessionalInput = z.strictObject({
  role: z.enum(
    [
      'Educational psychologist',
      'Health visitor',
      'Social worker',
      'Key worker',
      'Paediatrician',
      'Speech and language therapist',
      'Occupational therapist',
      'Physiotherapist',
      'CAMHS clinician',
      'Other',
    ],
    {
      message: 'Choose the role from the list',
    },
  ),
  name: text(200, 'Enter their name'),
  organisation: z.string().trim().max(200).optional(),
  email: z.email('Enter an email address in the correct format, like name@example.com').optional(),
  phone: z.string().trim().max(30).optional(),
  startedOn: isoDate('the start date').optional(),
})

export const LinkAccountInput = z.strictObject({ userId: z.uuid('userId must be a UUID') })

export type FamilyMemberInput = z.output<typeof FamilyMemberInput>
export type ConsentInput = z.output<typeof ConsentInput>
export type ProfessionalInput = z.output<typeof ProfessionalInput>
