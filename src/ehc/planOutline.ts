import { type IsoDate, longIsoDate } from '../platform/calendar/isoDate.js'

/**
 * A draft or final EHC plan put together from the case's own record: the family's views, the request and the advice
 * received, under the plan's sections A to K (SEND Regulations 2014, reg 12; Code of Practice 9.62). The caseworker
 * starts the plan from it, edits it and uploads it as the plan issued; the demo's plans are made from it too. Pure: the
 * facts come from planOutline.repository.ts, and planOutline.docx.ts writes it as a Word document.
 */

export interface PlanAdvice {
  service: string
  contributor: string
  receivedOn: IsoDate
  /** Empty when the advice came only as a document. */
  needs: { education?: string | undefined; health?: string | undefined; socialCare?: string | undefined }
  outcomes?: string | undefined
  provision?: string | undefined
}

export type PlanStage = 'draft' | 'final'

export interface PlanFacts {
  stage: PlanStage
  authorityName: string
  reference: string
  childName: string
  dateOfBirth: IsoDate
  issuedOn: IsoDate
  familyViews: string | null
  reasons: string
  advice: readonly PlanAdvice[]
  /** The setting named in section I of a final plan. */
  namedSetting: string | null
}

export interface PlanSection {
  heading: string
  paragraphs: string[]
}

export interface PlanOutline {
  title: string
  /** Reference, child and date: what identifies the plan. */
  summary: string[]
  /** What the family can do with it now. */
  preface: string
  sections: PlanSection[]
}

const serviceNames: Record<string, string> = {
  educational_psychology: 'Educational psychology advice',
  health: 'Health advice',
  social_care: 'Social care advice',
  setting: 'Advice from the setting',
  preparing_for_adulthood: 'Preparing for adulthood advice',
  other: 'Other advice',
}

const noneIdentified = 'None identified in the advice received.'

function gathered(advice: readonly PlanAdvice[], pick: (a: PlanAdvice) => string | undefined): string[] {
  const found = advice.map(pick).filter((text): text is string => Boolean(text))
  return found.length ? found : [noneIdentified]
}

export function planOutline(facts: PlanFacts): PlanOutline {
  const draft = facts.stage === 'draft'
  const health = facts.advice.filter((a) => a.service === 'health')
  const care = facts.advice.filter((a) => a.service === 'social_care')
  const education = facts.advice.filter((a) => a.service !== 'health' && a.service !== 'social_care')
  return {
    title: draft ? 'DRAFT Education, Health and Care plan' : 'Education, Health and Care plan',
    summary: [
      facts.authorityName,
      `Reference: ${facts.reference}`,
      `Child or young person: ${facts.childName}, born ${longIsoDate(facts.dateOfBirth)}`,
      `${draft ? 'Draft issued' : 'Issued'}: ${longIsoDate(facts.issuedOn)}`,
    ],
    preface: draft
      ? 'This is a draft. You have 15 days to tell us what you think of it, to ask for a meeting about it, and to tell us which school, college or other setting you would like named in section I.'
      : 'This plan is final. If you disagree with it, you can ask for mediation and appeal to the First-tier Tribunal (SEND): the letter that came with it says by when.',
    sections: [
      {
        heading: 'Section A: The views, interests and aspirations of the child or young person and their family',
        paragraphs: [facts.familyViews ?? 'The family have not yet given their views in writing.'],
      },
      {
        heading: 'Section B: Special educational needs',
        paragraphs: [facts.reasons, ...gathered(education, (a) => a.needs.education)],
      },
      {
        heading: 'Section C: Health needs related to special educational needs',
        paragraphs: gathered(health, (a) => a.needs.health),
      },
      {
        heading: 'Section D: Social care needs related to special educational needs or disability',
        paragraphs: gathered(care, (a) => a.needs.socialCare),
      },
      { heading: 'Section E: Outcomes', paragraphs: gathered(facts.advice, (a) => a.outcomes) },
      { heading: 'Section F: Special educational provision', paragraphs: gathered(education, (a) => a.provision) },
      { heading: 'Section G: Health provision', paragraphs: gathered(health, (a) => a.provision) },
      { heading: 'Sections H1 and H2: Social care provision', paragraphs: gathered(care, (a) => a.provision) },
      {
        heading: 'Section I: Placement',
        paragraphs: [
          draft
            ? 'Left blank in the draft: the law says a draft plan must not name a school or other setting.'
            : (facts.namedSetting ??
              'Name the school, college or other setting (or the type of setting) agreed after the consultation.'),
        ],
      },
      { heading: 'Section J: Personal budget', paragraphs: ['No personal budget was asked for.'] },
      {
        heading: 'Section K: Advice and information',
        paragraphs: facts.advice.length
          ? facts.advice.map(
              (a) =>
                `${serviceNames[a.service] ?? 'Advice'} from ${a.contributor}, received ${longIsoDate(a.receivedOn)}.`,
            )
          : ['No advice is attached.'],
      },
    ],
  }
}

/** The plan's filename, as a family would want to save it. */
export function planFilename(facts: Pick<PlanFacts, 'stage' | 'reference'>): string {
  return `${facts.reference} ${facts.stage} EHC plan.docx`
}
