import { z } from 'zod'
import { isIsoDate, todayInLondon } from '../platform/calendar/isoDate.js'

/**
 * The questions of a request for an EHC needs assessment, as a family or a SENCO answers them (one section a page,
 * saved as they go), and the inputs of the caseworker's entry and of the API. The answers a case keeps beside its
 * reasons and the family's views are `RequestDetails`.
 */

/** Who is writing a request in the portal: the family (parent or the young person) or a setting's SENCO. */
export type PortalRequester = 'parent' | 'young_person' | 'setting'

const maxText = 5000
const tooLong = `Must be ${maxText.toLocaleString('en-GB')} characters or fewer`
const longText = (empty: string) => z.string({ message: empty }).trim().min(1, empty).max(maxText, tooLong)
const optionalText = (max = maxText) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .transform((v) => (v === '' ? undefined : v))

const yearMonth = z
  .string({ message: 'Enter the month and year SEN Support started' })
  .regex(/^\d{4}-\d{2}$/, 'Enter the month and year SEN Support started, like 9 2024')
  .refine((v) => isIsoDate(`${v}-01`), 'The month must be between 1 and 12')
  .refine((v) => `${v}-01` <= todayInLondon(), 'The month SEN Support started must be in the past')
  .refine((v) => v >= '1990-01', 'Enter a year after 1990')

const settingShape = z.object({
  settingChoice: z.string({ message: 'Choose where they go, or that they do not go to a setting' }).min(1),
  settingName: optionalText(200),
})
const setting = settingShape.superRefine((v, ctx) => {
  if (v.settingChoice === 'other' && !v.settingName) {
    ctx.addIssue({ code: 'custom', path: ['settingName'], message: 'Enter the name of the setting' })
  }
})

/** Each section's answers when complete. Saving for later keeps whatever was answered, within the same limits. */
export const sectionSchemas = {
  needs: z.object({
    reasons: longText('Tell us about the needs and why you are asking for an assessment'),
    supportTried: longText('Tell us what help has been tried so far'),
  }),
  'setting-needs': z.object({
    reasons: longText('Tell us about the pupil’s needs and why the setting is asking for an assessment'),
  }),
  'child-views': z.object({
    childViews: longText('Tell us their views, or how they show what they like and find hard'),
  }),
  'family-views': z.object({ familyViews: longText('Tell us your views and what you hope for') }),
  setting,
  consent: z.object({
    consentToContact: z.enum(['yes', 'no'], { message: 'Choose yes if we can contact the professionals' }),
    professionals: optionalText(2000),
  }),
  'sen-support': z.object({
    senSupportSince: yearMonth,
    planReviews: z.coerce
      .number({ message: 'Enter how many times the plan has been reviewed, as a number' })
      .int('Enter a whole number')
      .min(0, 'Enter a number of reviews, 0 or more')
      .max(60, 'Enter a number of reviews up to 60'),
    outcomes: longText('Tell us the outcomes set and the progress made'),
    supportInPlace: longText('Tell us the support in place now'),
    professionals: longText('Tell us which professionals have been involved, or that none have'),
  }),
  views: z.object({
    childViews: longText('Tell us the pupil’s views'),
    familyViews: longText('Tell us the family’s views'),
  }),
  'parent-consent': z.object({
    parentConsent: z.literal('yes', {
      message: 'Confirm the parents, or the young person, know about this request and agree to it',
    }),
  }),
} as const

export type SectionId = keyof typeof sectionSchemas | 'evidence'

/** The answers each section page holds: saving a page replaces these and keeps the rest. */
export const sectionFields: Record<SectionId, readonly string[]> = {
  needs: ['reasons', 'supportTried'],
  'setting-needs': ['reasons'],
  'child-views': ['childViews'],
  'family-views': ['familyViews'],
  setting: ['settingChoice', 'settingName'],
  consent: ['consentToContact', 'professionals'],
  'sen-support': ['senSupportSince', 'planReviews', 'outcomes', 'supportInPlace', 'professionals'],
  views: ['childViews', 'familyViews'],
  'parent-consent': ['parentConsent'],
  evidence: [],
}

/** A section of the request form: its page (and schema), and its heading for each writer. */
export interface SectionView {
  id: SectionId
  title: string
}

/** The sections each writer answers, in order; the evidence page is always last before checking answers. */
export function sectionsFor(requester: PortalRequester): SectionView[] {
  switch (requester) {
    case 'parent':
      return [
        { id: 'needs', title: 'Your child’s needs' },
        { id: 'child-views', title: 'Your child’s views' },
        { id: 'family-views', title: 'Your views' },
        { id: 'setting', title: 'Their school, nursery or college' },
        { id: 'consent', title: 'Contacting professionals' },
        { id: 'evidence', title: 'Reports and evidence' },
      ]
    case 'young_person':
      return [
        { id: 'needs', title: 'Your needs' },
        { id: 'child-views', title: 'Your views' },
        { id: 'setting', title: 'Your school or college' },
        { id: 'consent', title: 'Contacting professionals' },
        { id: 'evidence', title: 'Reports and evidence' },
      ]
    case 'setting':
      return [
        { id: 'setting-needs', title: 'The pupil’s needs' },
        { id: 'sen-support', title: 'SEN Support so far' },
        { id: 'views', title: 'The views of the pupil and their family' },
        { id: 'parent-consent', title: 'Consent' },
        { id: 'evidence', title: 'Reports and evidence' },
      ]
  }
}

export type Answers = Record<string, unknown>

/** Whether a section's answers are complete (the evidence page always is: evidence is welcome, not required). */
export function isSectionComplete(id: SectionId, answers: Answers): boolean {
  return id === 'evidence' || sectionSchemas[id].safeParse(answers).success
}

/** Fields left blank are left out, so saving for later keeps only what was answered. */
function withoutBlanks(values: Answers): Answers {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && String(v).trim() !== ''))
}

/**
 * The answers of one section page: complete ("Save and continue") or as far as they go ("Save and come back
 * later", where blanks are fine but limits still hold).
 */
export function parseSection(
  id: Exclude<SectionId, 'evidence'>,
  values: Answers,
  mode: 'complete' | 'partial',
): z.ZodSafeParseResult<Answers> {
  const schema = sectionSchemas[id] as z.ZodType<Answers>
  if (mode === 'complete') return schema.safeParse(values)
  const given = withoutBlanks(values)
  // A refined schema cannot be made partial: the setting's shape is, without its "name the other setting" rule.
  const partial = (id === 'setting' ? settingShape : sectionSchemas[id]).partial()
  return (partial as z.ZodType<Answers>).safeParse(given)
}

/**
 * The rest of what a request said, kept on the case beside its reasons and the family's views: the child's own
 * views, consent to contact professionals, and a setting's SEN Support evidence.
 */
export const RequestDetails = z.object({
  supportTried: z.string().optional(),
  childViews: z.string().optional(),
  consentToContactProfessionals: z.boolean().optional(),
  professionals: z.string().optional(),
  settingName: z.string().optional(),
  notAtASetting: z.boolean().optional(),
  senSupport: z
    .object({
      since: z.string(),
      planReviews: z.number().int(),
      outcomes: z.string(),
      supportInPlace: z.string(),
      professionals: z.string(),
    })
    .optional(),
  parentConsentConfirmed: z.boolean().optional(),
})
export type RequestDetails = z.infer<typeof RequestDetails>

/** How a request reached the service when a caseworker enters it. */
export const receivedByPost = { letter: 'Letter', email: 'Email', phone: 'Phone call' } as const
export const requesterKindNames = {
  parent: 'Parent or carer',
  young_person: 'The young person',
  setting: 'School, nursery or college',
  professional: 'Another professional',
} as const

const requestReceived = z
  .string({ message: 'Enter the date the request was received' })
  .refine(isIsoDate, 'The date the request was received must be a real date')

/** A request received by letter, email or phone, as a caseworker enters it. */
export const CaseworkerEntry = z.strictObject({
  childId: z.uuid('Choose the child or young person'),
  requestReceived,
  receivedVia: z.enum(['letter', 'email', 'phone'], { message: 'Choose how the request was received' }),
  requesterKind: z.enum(['parent', 'young_person', 'setting', 'professional'], { message: 'Choose who asked' }),
  requesterName: z
    .string({ message: 'Enter the name of who asked' })
    .trim()
    .min(1, 'Enter the name of who asked')
    .max(200, 'Must be 200 characters or fewer'),
  reasons: longText('Enter why the assessment is asked for'),
  familyViews: optionalText(),
})
export type CaseworkerEntry = z.infer<typeof CaseworkerEntry>

/**
 * A request through the API. Families and SENCOs send it for a child they may request for, received today; the
 * service's own staff also say when and how it was received and who asked (as on the caseworker's form).
 */
export const ApiRequestInput = z.strictObject({
  childId: z.uuid('childId must be a UUID'),
  reasons: longText('reasons: say why the assessment is asked for'),
  supportTried: optionalText(),
  childViews: optionalText(),
  familyViews: optionalText(),
  settingId: z.uuid('settingId must be a UUID').optional(),
  consentToContactProfessionals: z.boolean().optional(),
  professionals: optionalText(2000),
  senSupport: z
    .strictObject({
      since: yearMonth,
      planReviews: z.number().int().min(0).max(60),
      outcomes: longText('Say what outcomes were set and the progress made'),
      supportInPlace: longText('Say what support is in place now'),
      professionals: longText('Say which professionals have been involved'),
    })
    .optional()
    .describe('A setting’s SEN Support evidence: required when a SENCO asks'),
  parentConsentConfirmed: z
    .boolean()
    .optional()
    .describe('A SENCO confirms the parents or young person know and agree: required when a SENCO asks'),
  requestReceived: requestReceived.optional().describe('Staff only: the day the request was received'),
  receivedVia: z.enum(['letter', 'email', 'phone']).optional().describe('Staff only: how it was received'),
  requesterKind: z
    .enum(['parent', 'young_person', 'setting', 'professional'])
    .optional()
    .describe('Staff only: who asked'),
  requesterName: optionalText(200).describe('Staff only: the name of who asked'),
})
export type ApiRequestInput = z.infer<typeof ApiRequestInput>

export const RequestCreated = z.object({
  id: z.uuid(),
  reference: z.string(),
  childId: z.uuid(),
  status: z.string(),
  requestReceived: z.iso.date(),
  decisionDue: z.iso.date().describe('The day the family must be told whether the authority will assess (6 weeks)'),
})
