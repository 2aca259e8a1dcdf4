import { type IsoDate, longIsoDate } from '../platform/calendar/isoDate.js'

/**
 * The text of a seeded draft or final EHC plan, put together from the case's own record (the family's views, the
 * request and the advice received) under the plan's sections A to K (SEND Regulations 2014, reg 12). So that the
 * demo's families and settings have a plan to read: in the service, the caseworker writes the plan and uploads it.
 */

export interface PlanAdvice {
  service: string
  contributor: string
  receivedOn: IsoDate
  needs: { education?: string; health?: string; socialCare?: string }
  outcomes: string
  provision: string
}

export interface PlanFacts {
  stage: 'draft' | 'final'
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

const serviceNames: Record<string, string> = {
  educational_psychology: 'Educational psychology advice',
  health: 'Health advice',
  social_care: 'Social care advice',
  setting: 'Advice from the setting',
  preparing_for_adulthood: 'Preparing for adulthood advice',
  other: 'Other advice',
}

const noneIdentified = 'None identified in the advice received.'

function section(title: string, paragraphs: readonly string[]): string {
  return [title, '-'.repeat(title.length), ...paragraphs, ''].join('\n')
}

function gathered(advice: readonly PlanAdvice[], pick: (a: PlanAdvice) => string | undefined): string[] {
  const found = advice.map(pick).filter((text): text is string => Boolean(text))
  return found.length ? found : [noneIdentified]
}

export function planDocumentText(facts: PlanFacts): string {
  const draft = facts.stage === 'draft'
  const health = facts.advice.filter((a) => a.service === 'health')
  const care = facts.advice.filter((a) => a.service === 'social_care')
  const education = facts.advice.filter((a) => a.service !== 'health' && a.service !== 'social_care')
  const heading = draft ? 'DRAFT Education, Health and Care plan' : 'Education, Health and Care plan'
  return [
    heading,
    '='.repeat(heading.length),
    facts.authorityName,
    `Reference: ${facts.reference}`,
    `Child or young person: ${facts.childName}, born ${longIsoDate(facts.dateOfBirth)}`,
    `${draft ? 'Draft issued' : 'Issued'}: ${longIsoDate(facts.issuedOn)}`,
    '',
    draft
      ? 'This is a draft. You have 15 days to tell us what you think of it, to ask for a meeting about it, and to tell us which school, college or other setting you would like named in section I.'
      : 'This plan is final. If you disagree with it, you can ask for mediation and appeal to the First-tier Tribunal (SEND): the letter that came with it says by when.',
    '',
    section('Section A: The views, interests and aspirations of the child or young person and their family', [
      facts.familyViews ?? 'The family have not yet given their views in writing.',
    ]),
    section('Section B: Special educational needs', [facts.reasons, ...gathered(education, (a) => a.needs.education)]),
    section(
      'Section C: Health needs related to special educational needs',
      gathered(health, (a) => a.needs.health),
    ),
    section(
      'Section D: Social care needs related to special educational needs or disability',
      gathered(care, (a) => a.needs.socialCare),
    ),
    section(
      'Section E: Outcomes',
      gathered(facts.advice, (a) => a.outcomes),
    ),
    section(
      'Section F: Special educational provision',
      gathered(education, (a) => a.provision),
    ),
    section(
      'Section G: Health provision',
      gathered(health, (a) => a.provision),
    ),
    section(
      'Sections H1 and H2: Social care provision',
      gathered(care, (a) => a.provision),
    ),
    section('Section I: Placement', [
      draft
        ? 'Left blank in the draft: the law says a draft plan must not name a school or other setting.'
        : (facts.namedSetting ?? 'The type of setting is to be agreed.'),
    ]),
    section('Section J: Personal budget', ['No personal budget was asked for.']),
    section(
      'Section K: Advice and information',
      facts.advice.length
        ? facts.advice.map(
            (a) =>
              `${serviceNames[a.service] ?? 'Advice'} from ${a.contributor}, received ${longIsoDate(a.receivedOn)}.`,
          )
        : ['No advice is attached.'],
    ),
  ].join('\n')
}

/** The plan's filename, as a family would want to save it. */
export function planFilename(facts: Pick<PlanFacts, 'stage' | 'reference'>): string {
  return `${facts.reference} ${facts.stage} EHC plan.txt`
}
