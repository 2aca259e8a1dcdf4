/**
 * The decision criteria a new authority starts with: the statutory tests for the two panel decisions, and the matters
 * the SEND Code of Practice says the authority should consider. Each authority publishes its own criteria (issue 4
 * item 5) and changes them on the criteria page; these are only the starting text. Pure data: the seed and the
 * criteria page's "publish the default criteria" both write them.
 */

export const panelQuestions = ['assess', 'issue'] as const
export type PanelQuestion = (typeof panelQuestions)[number]

export const panelQuestionNames: Record<PanelQuestion, string> = {
  assess: 'Whether to carry out an EHC needs assessment',
  issue: 'Whether to issue an EHC plan',
}

export interface DefaultPanelCriterion {
  /** Stable within an authority; decisions refer to the criterion, never to its code. */
  code: string
  question: PanelQuestion
  text: string
  source: string
}

export const defaultPanelCriteria: readonly DefaultPanelCriterion[] = [
  // Children and Families Act 2014 s.36(8): the authority must assess where both parts of the test are met.
  {
    code: 'assess-sen',
    question: 'assess',
    text: 'The child or young person has or may have special educational needs.',
    source: 'Children and Families Act 2014, section 36(8)(a)',
  },
  {
    code: 'assess-necessary',
    question: 'assess',
    text: 'It may be necessary for special educational provision to be made for the child or young person in accordance with an EHC plan.',
    source: 'Children and Families Act 2014, section 36(8)(b)',
  },
  {
    code: 'assess-progress',
    question: 'assess',
    text: 'There is evidence of the child or young person’s attainment (or developmental milestones) and rate of progress, and that despite relevant and purposeful action by the setting they have not made expected progress.',
    source: 'SEND Code of Practice 0 to 25 (2015), paragraph 9.14',
  },
  {
    code: 'assess-action-taken',
    question: 'assess',
    text: 'The setting has identified, assessed and tried to meet the special educational needs through SEN Support (assess, plan, do, review), and the action taken is described.',
    source: 'SEND Code of Practice 0 to 25 (2015), paragraphs 6.44 to 6.56 and 9.14',
  },
  {
    code: 'assess-wider-needs',
    question: 'assess',
    text: 'The evidence covers the child or young person’s physical, emotional and social development and health needs, from the professionals involved.',
    source: 'SEND Code of Practice 0 to 25 (2015), paragraph 9.14',
  },
  // Children and Families Act 2014 s.37(1): after assessment, a plan must be issued where it is necessary.
  {
    code: 'issue-necessary',
    question: 'issue',
    text: 'In the light of the EHC needs assessment, it is necessary for special educational provision to be made for the child or young person in accordance with an EHC plan.',
    source: 'Children and Families Act 2014, section 37(1)',
  },
  {
    code: 'issue-not-ordinarily-available',
    question: 'issue',
    text: 'The special educational provision the child or young person needs cannot reasonably be provided from the resources normally available to mainstream early years providers, schools and post-16 institutions.',
    source: 'SEND Code of Practice 0 to 25 (2015), paragraphs 9.54 to 9.56',
  },
  {
    code: 'issue-advice-agrees',
    question: 'issue',
    text: 'The advice received describes the needs, the outcomes sought and the provision required, and the family’s views, wishes and feelings have been taken into account.',
    source: 'SEND Regulations 2014, regulations 6 and 7; SEND Code of Practice 0 to 25 (2015), paragraph 9.55',
  },
]
