import { z } from 'zod'

/** The most a family can write at once: about two sides of A4, enough for views, short enough to read in one go. */
export const familyViewsMaxLength = 5000

export const FamilyViewsInput = z.object({
  views: z
    .string({ message: 'Tell us your views' })
    .trim()
    .min(1, 'Tell us your views')
    .max(
      familyViewsMaxLength,
      `Your views must be ${familyViewsMaxLength.toLocaleString('en-GB')} characters or fewer`,
    ),
})
export type FamilyViewsInput = z.infer<typeof FamilyViewsInput>
