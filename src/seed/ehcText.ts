import type { AdviceService } from '../ehc/facts.js'
import type { Random } from './random.js'

/**
 * The words of the synthetic EHC needs assessments: why a request was made, the family's views, advice, the panel's
 * reasons, the next step at SEN Support. Made up and deliberately ordinary; a few variants of each, by need.
 */

const needWords: Record<string, string> = {
  ASD: 'autism',
  SLCN: 'speech, language and communication needs',
  SEMH: 'social, emotional and mental health needs',
  MLD: 'moderate learning difficulties',
  SLD: 'severe learning difficulties',
  PMLD: 'profound and multiple learning difficulties',
  SPLD: 'specific learning difficulties (dyslexia)',
  HI: 'hearing impairment',
  VI: 'vision impairment',
  MSI: 'multi-sensory impairment',
  PD: 'a physical disability',
  DS: 'Down syndrome',
  OTH: 'complex medical and learning needs',
  NSA: 'learning needs not yet assessed by a specialist',
}

export function needWordsOf(need: string): string {
  return needWords[need] ?? 'special educational needs'
}

const needDetail: Record<string, string[]> = {
  ASD: [
    'finds changes of routine very hard, and has left the classroom most days this term',
    'needs an adult nearby to stay regulated at unstructured times, and has been excluded at lunchtimes',
    'is anxious about school noise and crowds, and attendance has fallen below 70%',
  ],
  SLCN: [
    'understands only short instructions and is far behind in reading and writing',
    'has very little spoken language for their age and becomes frustrated when not understood',
    'has a speech sound disorder and language delay that speech and language therapy has not closed',
  ],
  SEMH: [
    'has had several fixed-term suspensions and is on a reduced timetable',
    'shows high anxiety and low mood, and is now rarely able to attend full days',
    'struggles to manage anger and relationships with adults and other children',
  ],
  MLD: [
    'is working well below age-related expectations in all subjects despite small-group teaching',
    'has made little measurable progress in reading and number over the last year',
  ],
  SLD: ['needs an adult with them for most of the day for learning, safety and personal care'],
  PMLD: ['needs help with every part of the day, including feeding, moving and communicating'],
  PD: ['needs help moving around the building, and physiotherapy and equipment through the day'],
  HI: ['relies on hearing aids and signing support to follow lessons'],
  VI: ['needs enlarged and tactile resources for all learning, and mobility training'],
}

export function requestReasons(
  need: string,
  requester: 'parent' | 'young_person' | 'setting' | 'professional',
  random: Random,
): string {
  const detail = random.pick(needDetail[need] ?? ['is not making the progress expected despite support'])
  switch (requester) {
    case 'setting':
      return `The school has given SEN Support for ${needWordsOf(need)} over three review cycles. The child ${detail}. We cannot meet their needs from our own resources and ask for an EHC needs assessment.`
    case 'young_person':
      return `I have ${needWordsOf(need)}. The support at college is not enough, and I am asking for an EHC needs assessment so that I get the help I need to learn and to prepare for work.`
    case 'professional':
      return `Referred by the professional involved: the child has ${needWordsOf(need)}, ${detail}, and needs provision beyond SEN Support.`
    default:
      return `Our child has ${needWordsOf(need)} and ${detail}. The support at school has not been enough and we are asking for an EHC needs assessment.`
  }
}

const views = [
  'We want our child to be happy at school, to make friends and to be understood.',
  'We would like more help with communication, and for staff to understand what triggers their distress.',
  'We are worried about the move to secondary school and want the right support in place first.',
  'We want to be listened to. Our child is struggling every day and we have asked for help for a long time.',
  'We hope for a place where our child feels safe and can learn at their own pace.',
]

export function familyViews(random: Random): string {
  return random.pick(views)
}

const questions: Record<AdviceService, string> = {
  educational_psychology:
    'Please describe the child’s cognitive, learning and social and emotional needs, the outcomes sought and the special educational provision needed.',
  health: 'Please describe any health needs relevant to the child’s education and the health provision they need.',
  social_care:
    'Please describe any social care needs, including any assessment under the Children Act 1989, and the provision needed.',
  setting: 'Please describe the SEN Support given so far, its outcomes, and the provision the child needs now.',
  preparing_for_adulthood:
    'Please advise on preparing for adulthood: employment, independent living, community participation and health.',
  other: 'Please give your advice on the child’s needs and the provision required.',
}

export function adviceQuestions(service: AdviceService): string {
  return questions[service]
}

/** Advice as contributors submit it (advice.schemas.ts): needs by area, the outcomes sought, the provision. */
export function adviceGiven(
  service: AdviceService,
  need: string,
): { needs: { education?: string; health?: string; socialCare?: string }; outcomes: string; provision: string } {
  const words = needWordsOf(need)
  switch (service) {
    case 'educational_psychology':
      return {
        needs: {
          education: `Assessment confirms ${words}. Working memory and processing speed are well below the average range.`,
        },
        outcomes: 'To communicate needs and choices; to take part in learning in a small group for most of the day.',
        provision: 'Daily small-group teaching with visual supports; an adult to pre-teach vocabulary; a quiet space.',
      }
    case 'health':
      return {
        needs: { health: `Health needs related to ${words} are known to the service and are being monitored.` },
        outcomes: 'To manage their own health needs at school with support.',
        provision: 'A termly therapy programme delivered by school staff, reviewed by the therapist each term.',
      }
    case 'social_care':
      return {
        needs: { socialCare: 'The family is known to early help; there are no child protection concerns.' },
        outcomes: 'For the family to be supported to manage at home.',
        provision: 'Short breaks assessment offered; signposting to the parent carer forum.',
      }
    case 'setting':
      return {
        needs: { education: `The school's assessments show ${words} and limited progress despite SEN Support.` },
        outcomes: 'To make measurable progress in reading, number and independence.',
        provision: 'Three review cycles of SEN Support are attached, with the costed provision map.',
      }
    default:
      return {
        needs: { education: 'Needs as described in the request.' },
        outcomes: 'To move into further learning, work and independent living.',
        provision: 'Travel training and a supported internship pathway.',
      }
  }
}

const refusalReasons = [
  'The panel found that the setting has not yet tried the SEN Support the evidence recommends, and that the child is making some progress with the support in place.',
  'The evidence does not show that the child may need special educational provision beyond what the setting can make from its own resources.',
  'The panel found too little evidence of the action the school has taken and its impact over time (assess, plan, do, review).',
]

const nextSteps = [
  'SEN Support Provision Plan (SSPP) reviewed with the family within 6 weeks, with advice from a specialist teacher of the Pupil and School Support service.',
  'The school to apply for top-up funding through an SSPP, with speech and language therapy advice, and to review in one term.',
  'Referral to the Communication and Autism Team for advice to the school; SSPP review in 8 weeks with the family.',
  'Educational psychology consultation for the school through the traded service; SSPP targets and provision updated this half term.',
]

const familyFeelings = [
  'The family were disappointed and said they will consider mediation.',
  'The family understood the decision and agreed to the SSPP review.',
  'The family disagreed with the decision and asked for the mediation adviser’s details.',
  'The family were upset: they feel the school cannot meet their child’s needs.',
]

export function refusal(random: Random): { reason: string; nextStep: string; familyView: string } {
  return {
    reason: random.pick(refusalReasons),
    nextStep: random.pick(nextSteps),
    familyView: random.pick(familyFeelings),
  }
}

const notIssueReasons = [
  'The assessment shows that the child’s needs can be met from the resources normally available to the setting, with the provision the advice describes.',
  'The advice agrees that the needs can be met at SEN Support with the changes recommended; a plan is not necessary.',
]

export function notIssue(random: Random): { reason: string; nextStep: string; familyView: string } {
  return {
    reason: random.pick(notIssueReasons),
    nextStep: random.pick(nextSteps),
    familyView: random.pick(familyFeelings),
  }
}

export const assessReasons =
  'The evidence shows the child has or may have special educational needs, and that provision in accordance with an EHC plan may be necessary.'
export const issueReasons =
  'The assessment shows that special educational provision in accordance with an EHC plan is necessary.'
export const deferralReasons =
  'Deferred: the panel asked for the school’s latest SEN Support plan and review before deciding.'

const closures = {
  withdrawn: [
    'The family withdrew the request: the child has moved to a school that can meet their needs.',
    'The setting withdrew its request after agreeing a new SEN Support plan with the family.',
  ],
  moved_away: ['The family moved out of the area; their new authority has been told.'],
  transferred_out: ['The child moved to another authority, which has taken over the request.'],
} as const

export function closureReason(status: keyof typeof closures, random: Random): string {
  return random.pick(closures[status])
}

const draftResponses = [
  'We agree with the draft. Please add more speech and language therapy in section F.',
  'We want the plan to name a specialist resource base.',
  'We asked for a meeting to discuss sections B and F.',
  'We are happy with the draft plan and the school named.',
]

export function draftResponse(random: Random): string {
  return random.pick(draftResponses)
}

export const consultationNotes = {
  can_meet_needs: 'The school can meet the needs described with the provision in section F.',
  cannot_meet_needs:
    'The school cannot meet the needs described: it has no place in the year group and no specialist staff.',
} as const

export const exceptionNotes = {
  'school-or-college-closed': 'Advice asked of the school across the summer holiday.',
  'early-years-provider-closed': 'The nursery closed for four weeks over the summer.',
  'exceptional-personal-circumstances': 'Bereavement in the family: the family asked for time before the appointments.',
  'away-from-area': 'The family are abroad visiting relatives for six weeks.',
  'missed-appointment': 'The family missed the educational psychologist’s appointment.',
} as const
