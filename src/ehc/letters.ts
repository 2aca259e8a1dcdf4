/**
 * The letters the authority sends about a request for an EHC needs assessment, as templates (issue 4 item 7). Pure:
 * the service gathers the facts, `renderLetter` fills the template, and what is rendered is what is kept and sent.
 *
 * Templates are data: plain text with `{placeholders}`; a placeholder without a value is an error, never sent as
 * "{appealBy}". Every authority gets this wording for now; per-authority wording (a row per authority and kind that
 * overrides these) can come later without changing the callers.
 *
 * Sources: Children and Families Act 2014 ss.36–39, 51–55; SEND Regulations 2014 regs 3–5, 10, 13, 32–34; SEND Code
 * of Practice 0 to 25 (2015) 9.12–9.19, 9.60–9.62, 9.77–9.79, 11.13–11.51; Tribunal Procedure (First-tier Tribunal)
 * (HESC) Rules 2008 rule 20. Appeal dates come from `computeAppealDeadlines` (clock.ts), never from the text.
 */
import { type IsoDate, longIsoDate } from '../platform/calendar/isoDate.js'
import { computeAppealDeadlines } from './clock.js'
import type { CaseTransition } from './workflow.js'

export const letterKinds = [
  'request_acknowledged',
  'decision_to_assess',
  'decision_not_to_assess',
  'decision_to_issue',
  'decision_not_to_issue',
  'draft_plan_issued',
  'final_plan_issued',
  'exception_recorded',
  'exception_ended',
] as const
export type LetterKind = (typeof letterKinds)[number]

/** What each letter is, as its heading and in lists of letters. */
export const letterKindNames: Record<LetterKind, string> = {
  request_acknowledged: 'Request for an EHC needs assessment received',
  decision_to_assess: 'Decision to carry out an EHC needs assessment',
  decision_not_to_assess: 'Decision not to carry out an EHC needs assessment',
  decision_to_issue: 'Decision to issue an EHC plan',
  decision_not_to_issue: 'Decision not to issue an EHC plan',
  draft_plan_issued: 'Draft EHC plan issued',
  final_plan_issued: 'Final EHC plan issued',
  exception_recorded: 'The time limits of the EHC needs assessment',
  exception_ended: 'The time limits of the EHC needs assessment apply again',
}

/** What happened to a case, and the letter it calls for. Steps not listed send no letter. */
export type LetterOccasion = CaseTransition | 'request_received'

export const letterForOccasion: Partial<Record<LetterOccasion, LetterKind>> = {
  request_received: 'request_acknowledged',
  decide_to_assess: 'decision_to_assess',
  decide_not_to_assess: 'decision_not_to_assess',
  decide_to_issue: 'decision_to_issue',
  decide_not_to_issue: 'decision_not_to_issue',
  issue_draft: 'draft_plan_issued',
  issue_final: 'final_plan_issued',
}

/**
 * Which letters carry appeal rights (Children and Families Act 2014 s.51(2)): a refusal to assess, a refusal to issue
 * a plan, and a final plan (sections B, F and I). For an appeal about section I alone the family need not contact a
 * mediation adviser first (s.55(2)).
 */
export const appealableLetters: Partial<Record<LetterKind, 'decision' | 'plan'>> = {
  decision_not_to_assess: 'decision',
  decision_not_to_issue: 'decision',
  final_plan_issued: 'plan',
}

export interface LetterTemplate {
  subject: string
  /** The letter, from the salutation to the sign-off; blank lines part paragraphs. */
  body: string
  /** A text message for those who asked to be contacted by phone: the decision and any deadline, in brief. */
  sms: string
}

const greeting = `Dear {recipientName}

{title}
Child or young person: {childName}
Our reference: {reference}`

const signature = `If you have any questions, contact us and quote our reference, {reference}. You can also get free, confidential and impartial information, advice and support from {sendiass}.

Yours sincerely

{signedBy}
{authorityName}`

const sendiast =
  'the First-tier Tribunal (Special Educational Needs and Disability), often called the SEND Tribunal or SENDIST'

/** The appeal rights of a refusal to assess or to issue a plan (Code of Practice 11.45–11.51). */
const decisionAppealRights = `Your right to appeal
If you disagree with this decision, you can appeal to ${sendiast}. The tribunal is independent of the council.

Before you appeal: contact a mediation adviser
Before you can appeal, you must contact a mediation adviser, within 2 months of the date of this letter: by {mediationContactBy}. The adviser will tell you about mediation: a free, confidential meeting with us, led by an independent mediator, to try to settle the disagreement. You do not have to take part in mediation. If you decide not to, the adviser will give you a certificate within 3 working days. If you take part, you will get the certificate when mediation ends. You need the certificate to appeal.
{mediationAdviser}

The date you must appeal by
You must appeal by {appealBy}. This is 2 months from the date of this letter, or 1 month from the date on your mediation certificate if that is later. (The tribunal's rules move a deadline that falls in August, or between 25 December and 1 January, to the next working day after; the date above already allows for this.)

To appeal, fill in form SEND35 on GOV.UK (www.gov.uk/appeal-ehc-plan-decision) and send it to the tribunal with a copy of this letter and your mediation certificate.

You can talk to us about this decision at any time. Talking to us does not change these deadlines.`

/** The appeal rights of a final plan: sections B, F and I (Code of Practice 11.45–11.51). */
const planAppealRights = `Your right to appeal
If you disagree with the description of {childName}’s special educational needs (section B), the special educational provision (section F), or the school, college or other setting named in the plan (section I), or that no setting is named, you can appeal to ${sendiast}. If you appeal, the tribunal can also make recommendations about the health and social care parts of the plan.

Before you appeal: contact a mediation adviser
Before you can appeal, you must contact a mediation adviser, within 2 months of the date of this letter: by {mediationContactBy}. You do not need to do this if your appeal is only about the setting named in section I. The adviser will tell you about mediation: a free, confidential meeting with us, led by an independent mediator. You do not have to take part. If you decide not to, the adviser will give you a certificate within 3 working days; if you take part, you will get it when mediation ends. You need the certificate to appeal.
{mediationAdviser}

The date you must appeal by
You must appeal by {appealBy}. This is 2 months from the date of this letter, or 1 month from the date on your mediation certificate if that is later. (The tribunal's rules move a deadline that falls in August, or between 25 December and 1 January, to the next working day after; the date above already allows for this.)

To appeal, fill in form SEND35 on GOV.UK (www.gov.uk/appeal-ehc-plan-decision) and send it to the tribunal with a copy of this letter and, unless your appeal is only about section I, your mediation certificate.

You can talk to us about the plan at any time. Talking to us does not change these deadlines.`

/** Every letter's wording. */
export const letterTemplates: Record<LetterKind, LetterTemplate> = {
  // Children and Families Act 2014 s.36(4)–(5), SEND Regs 2014 reg 3: tell the family the request is being considered
  // and that they may give their views and evidence.
  request_acknowledged: {
    subject: 'We have received the request for an EHC needs assessment for {childName}',
    body: `${greeting}

We received the request for an education, health and care (EHC) needs assessment for {childName} on {requestReceived}.

What happens next
We will decide whether to carry out an EHC needs assessment. A panel of people from education, health and social care will look at the request against our published criteria. We must tell you our decision by {decisionDue}, which is 6 weeks from the day we received the request.

What you can do now
You can tell us your views, wishes and feelings, and {childName}’s, and send us any information or evidence you think we should see. Please do this as soon as you can, so that we can consider it before we decide.

If we decide to assess, the whole process, up to a final EHC plan if one is needed, should take no more than 20 weeks: until {finalPlanDue}.

${signature}`,
    sms: '{authorityName}: we received the request for an EHC needs assessment for {childName} on {requestReceived} (ref {reference}). We will tell you by {decisionDue} whether we will assess. {copyNote}',
  },

  // SEND Regs 2014 reg 5(1): notify the decision within 6 weeks.
  decision_to_assess: {
    subject: 'We will carry out an EHC needs assessment for {childName}',
    body: `${greeting}

We have decided to carry out an education, health and care (EHC) needs assessment for {childName}. Our panel made this decision on {decidedOn}.

What happens next
We will ask for advice about {childName}’s needs, and the support they need, from you, from {childName}’s school, college or other setting, from an educational psychologist, from health and social care services, and from anyone else whose advice we need. Each of them has 6 weeks to give their advice.

You can give us your views, wishes and feelings, and {childName}’s, and any information you want us to consider, at any time during the assessment.

When the assessment is finished we will decide whether to issue an EHC plan. If we decide not to, we must tell you by {notToIssueDue}. If we decide to issue a plan, we will send you a draft first, and the final plan must be issued by {finalPlanDue}.

${signature}`,
    sms: '{authorityName}: we have decided to carry out an EHC needs assessment for {childName} (ref {reference}). We will ask for advice over the next 6 weeks. If a plan is needed, the final plan is due by {finalPlanDue}. {copyNote}',
  },

  // SEND Regs 2014 reg 5(1), Code of Practice 9.18–9.19: the decision, the reasons, the appeal and mediation rights.
  decision_not_to_assess: {
    subject: 'Our decision not to carry out an EHC needs assessment for {childName}',
    body: `${greeting}

We have decided not to carry out an education, health and care (EHC) needs assessment for {childName}. Our panel made this decision on {decidedOn}.

Why we made this decision
{reasons}

Support for {childName} now
{childName} will continue to get support at SEN Support, from their school, college or other setting. The next step agreed is:
{senSupportNextStep}

We would be glad to meet you, with {childName}’s setting, to talk about this decision and the support {childName} gets.

${decisionAppealRights}

${signature}`,
    sms: '{authorityName}: we have decided not to carry out an EHC needs assessment for {childName} (ref {reference}). You can appeal: contact a mediation adviser by {mediationContactBy}, and appeal by {appealBy}. {copyNote}',
  },

  // Code of Practice 9.53–9.59: after the assessment, the authority decides to issue and prepares a draft.
  decision_to_issue: {
    subject: 'We will issue an EHC plan for {childName}',
    body: `${greeting}

We have finished the education, health and care (EHC) needs assessment for {childName}, and we have decided to issue an EHC plan. Our panel made this decision on {decidedOn}.

What happens next
We will write a draft EHC plan and send it to you. When you get it, you will have at least 15 days to comment on it, to ask to meet us to discuss it, and to tell us which school, college or other setting you would like named in the plan.

The final EHC plan must be issued by {finalPlanDue}.

${signature}`,
    sms: '{authorityName}: we have decided to issue an EHC plan for {childName} (ref {reference}). We will send you a draft plan to comment on. The final plan is due by {finalPlanDue}. {copyNote}',
  },

  // SEND Regs 2014 reg 10(1), Code of Practice 9.60–9.62: within 16 weeks, with reasons and appeal rights.
  decision_not_to_issue: {
    subject: 'Our decision not to issue an EHC plan for {childName}',
    body: `${greeting}

We have finished the education, health and care (EHC) needs assessment for {childName}, and we have decided not to issue an EHC plan. Our panel made this decision on {decidedOn}.

Why we made this decision
{reasons}

Support for {childName} now
{childName} will continue to get support at SEN Support, from their school, college or other setting. The next step agreed is:
{senSupportNextStep}

We will send you, and {childName}’s setting, the information and advice gathered during the assessment, which may help in planning {childName}’s support. We would be glad to meet you to talk about this decision.

${decisionAppealRights}

${signature}`,
    sms: '{authorityName}: we have decided not to issue an EHC plan for {childName} (ref {reference}). You can appeal: contact a mediation adviser by {mediationContactBy}, and appeal by {appealBy}. {copyNote}',
  },

  // Children and Families Act 2014 s.38, SEND Regs 2014 reg 13(1): at least 15 days to comment, meet and name a setting.
  draft_plan_issued: {
    subject: 'The draft EHC plan for {childName}: your comments by {draftResponseDue}',
    body: `${greeting}

We have sent you the draft education, health and care (EHC) plan for {childName}, dated {draftIssuedOn}. It is a draft: section I, which names the school, college or other setting, is left blank until you have told us what you would like.

What you can do, by {draftResponseDue}
You have 15 days, until {draftResponseDue}, to:
- comment on the draft plan, and tell us about anything you think should change
- ask to meet us to talk about the draft plan
- tell us which school, college or other setting you would like named in the plan

You can ask for a maintained school or nursery school, an academy or free school, a further education or sixth form college, a non-maintained special school, or an independent school or college approved for this purpose. We will consult the setting you ask for and name it unless it would be unsuitable for {childName}, or would not be a good use of resources or would affect other children's education.

The final EHC plan must be issued by {finalPlanDue}.

${signature}`,
    sms: '{authorityName}: the draft EHC plan for {childName} (ref {reference}) is on its way to you. You have until {draftResponseDue} to comment, ask to meet us, and tell us which setting you would like named. {copyNote}',
  },

  // SEND Regs 2014 reg 13(2); the plan is appealable in sections B, F and I (s.51(2)(c)).
  final_plan_issued: {
    subject: 'The final EHC plan for {childName}',
    body: `${greeting}

We have issued the final education, health and care (EHC) plan for {childName}, dated {finalIssuedOn}. It is sent with this letter.

{placement}

The plan will be reviewed at least every 12 months. You can ask us for an earlier review if {childName}’s needs change.

${planAppealRights}

${signature}`,
    sms: '{authorityName}: we have issued the final EHC plan for {childName} (ref {reference}). If you disagree with it, contact a mediation adviser by {mediationContactBy}, and appeal by {appealBy}. {copyNote}',
  },

  // SEND Regs 2014 regs 5(4), 8(2), 10(4), 13(3): the time limits need not be met in these circumstances. Telling the
  // family what was recorded and why (DESIGN.md 4.1) lets them correct it; the due dates themselves do not move.
  exception_recorded: {
    subject: 'The time limits of the EHC needs assessment for {childName}',
    body: `${greeting}

We are writing to let you know that we have recorded a reason why we may not be able to meet one or more of the time limits of the education, health and care (EHC) needs assessment for {childName}: {exceptionReason}, {exceptionPeriod}.

The law allows for this in these circumstances (Special Educational Needs and Disability Regulations 2014). It does not change the dates we are working to, and we will still do all we can to meet them. The final EHC plan, if we decide to issue one, is due by {finalPlanDue}.

If this is not right, or your circumstances change, please tell us, quoting our reference.

${signature}`,
    sms: '{authorityName}: we have recorded why a time limit of the EHC needs assessment for {childName} (ref {reference}) may not be met: {exceptionReason}, {exceptionPeriod}. The dates we work to do not change. Tell us if this is not right. {copyNote}',
  },
  exception_ended: {
    subject: 'The time limits of the EHC needs assessment for {childName} apply again',
    body: `${greeting}

We wrote to let you know that we might not be able to meet one or more of the time limits of the education, health and care (EHC) needs assessment for {childName}: {exceptionReason}, {exceptionPeriod}. That has now ended.

The time limits apply again to every step still to come. The final EHC plan, if we decide to issue one, is due by {finalPlanDue}. If that date has already passed, we will finish the assessment as soon as we can.

If this is not right, please tell us, quoting our reference.

${signature}`,
    sms: '{authorityName}: the reason a time limit of the EHC needs assessment for {childName} (ref {reference}) might not be met has ended: {exceptionReason}, {exceptionPeriod}. The time limits apply again. {copyNote}',
  },
}

/** What the mediation-adviser paragraph says until an authority sets its own contact details. */
export const defaultMediationAdviser =
  'The contact details of our mediation adviser are on our Local Offer website, or ask us and we will give them to you.'

/** Whom families can ask for independent help, until an authority's own service is named. */
export const defaultSendiass = 'your local SEND Information, Advice and Support Service (SENDIASS)'

/** Everything a letter can say, gathered by the service. Dates are ISO dates; the template shows them in words. */
export interface LetterFacts {
  authorityName: string
  childName: string
  reference: string
  /** Whom the letter is addressed to ("Sam Ahmed", "Sam Ahmed and Ali Ahmed"). */
  recipientName: string
  /** The date of the letter: appeal deadlines run from it. */
  dated: IsoDate
  requestReceived: IsoDate
  decisionDue: IsoDate
  notToIssueDue: IsoDate
  finalPlanDue: IsoDate
  decidedOn?: IsoDate
  reasons?: string
  senSupportNextStep?: string
  draftIssuedOn?: IsoDate
  draftResponseDue?: IsoDate
  finalIssuedOn?: IsoDate
  /** Why a time limit may not be met (src/ehc/clock.ts ehcExceptionReasons' label: "a missed appointment"). */
  exceptionReason?: string
  /** When that applies, in words: "from 2 March 2026", "from 2 March 2026 to 27 March 2026". */
  exceptionPeriod?: string
  /** The setting the final plan names (section I). */
  namedSetting?: string
  /**
   * When the plan names another setting than the one the family asked for in response to the draft: the one they
   * asked for, and why it is not named (Children and Families Act 2014 s.39(4)).
   */
  preferenceSetAside?: { preferredSetting: string; because: string }
  signedBy: string
  /** The authority's SEND information, advice and support service, with how to reach it. */
  sendiass?: string
  mediationAdviser?: string
}

export interface RenderedLetter {
  kind: LetterKind
  subject: string
  body: string
  sms: string
  appealBy?: IsoDate
  mediationContactBy?: IsoDate
}

/** "2 March 2026", as GOV.UK writes dates. */
export const longDate = longIsoDate

export class MissingLetterFact extends Error {
  override name = 'MissingLetterFact'
}

/** Fills `{name}` placeholders; one with no value throws, so a letter is never sent with a gap in it. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = values[name]
    if (value === undefined || value.trim() === '') throw new MissingLetterFact(`The letter needs ${name}`)
    return value
  })
}

const isoDateFacts = [
  'dated',
  'requestReceived',
  'decisionDue',
  'notToIssueDue',
  'finalPlanDue',
  'decidedOn',
  'draftIssuedOn',
  'draftResponseDue',
  'finalIssuedOn',
] as const

/**
 * What the final plan letter says of section I: the setting named, and, when it is not the one the family asked for,
 * why not (Children and Families Act 2014 s.39(4)), so the family can weigh an appeal about section I alone.
 */
export function placementOf(facts: LetterFacts): string {
  const { childName, namedSetting, preferenceSetAside } = facts
  if (!namedSetting) return `Section I of the plan sets out the type of setting ${childName} will attend.`
  const named = `The plan names ${namedSetting} as the setting ${childName} will attend (section I).`
  if (!preferenceSetAside) return named
  const because = preferenceSetAside.because.trim()
  if (!because) throw new MissingLetterFact('The letter needs the reason the setting asked for is not named')
  const stop = /[.!?]$/.test(because) ? '' : '.'
  return `${named} You asked for ${preferenceSetAside.preferredSetting}. We have not named it because: ${because}${stop}`
}

/**
 * Renders one letter. An appealable letter computes its appeal and mediation dates from its own date, and returns
 * them for the letter's record; `copyNote` is the text message's last sentence (how the full letter reaches them).
 */
export function renderLetter(
  kind: LetterKind,
  facts: LetterFacts,
  options: { copyNote?: string } = {},
): RenderedLetter {
  const template = letterTemplates[kind]
  const appeal = appealableLetters[kind] ? computeAppealDeadlines({ decisionLetter: facts.dated }) : undefined
  const values: Record<string, string | undefined> = {
    authorityName: facts.authorityName,
    childName: facts.childName,
    reference: facts.reference,
    recipientName: facts.recipientName,
    title: letterKindNames[kind],
    reasons: facts.reasons,
    senSupportNextStep: facts.senSupportNextStep,
    exceptionReason: facts.exceptionReason,
    exceptionPeriod: facts.exceptionPeriod,
    signedBy: facts.signedBy,
    mediationAdviser: facts.mediationAdviser ?? defaultMediationAdviser,
    sendiass: facts.sendiass ?? defaultSendiass,
    copyNote: options.copyNote ?? `Contact us quoting ${facts.reference} for the full letter.`,
    placement: kind === 'final_plan_issued' ? placementOf(facts) : undefined,
    appealBy: appeal ? longDate(appeal.appealBy) : undefined,
    mediationContactBy: appeal ? longDate(appeal.mediationContactBy) : undefined,
  }
  for (const name of isoDateFacts) {
    const value = facts[name]
    if (value !== undefined) values[name] = longDate(value)
  }
  const dateLine = `${longDate(facts.dated)}\n\n`
  return {
    kind,
    subject: fillTemplate(template.subject, values),
    body: dateLine + fillTemplate(template.body, values),
    sms: fillTemplate(template.sms, values),
    appealBy: appeal?.appealBy,
    mediationContactBy: appeal?.mediationContactBy,
  }
}

/** "Sam Ahmed", "Sam Ahmed and Ali Ahmed", "Sam Ahmed, Ali Ahmed and Jo Bell". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}
