/**
 * The emails about requests for advice, rendered as plain text when queued (what is kept is what was sent). Pure.
 * Each names the child, the reference and the date, and says what to do next and where.
 */
import type { IsoDate } from '../platform/calendar/isoDate.js'
import { formatDate } from '../platform/web/nunjucks.js'
import type { ChaserKind } from './chasers.js'
import { type AdviceService, adviceServiceNames } from './facts.js'

export interface AdviceMessageFacts {
  adviceRequestId: string
  service: AdviceService
  contributorName: string
  /** Whether the contributor signs in to give the advice (else they reply by email). */
  hasAccount: boolean
  childName: string
  childDateOfBirth: IsoDate
  caseReference: string
  requestedOn: IsoDate
  dueOn: IsoDate
  questions: string | null
  caseworker: { name: string; email: string } | undefined
  publicUrl: string
}

export interface Message {
  subject: string
  body: string
}

const serviceWords = (service: AdviceService) =>
  service === 'other' ? 'advice' : `${adviceServiceNames[service].toLowerCase()} advice`

const contact = (f: AdviceMessageFacts) =>
  f.caseworker ? `${f.caseworker.name} (${f.caseworker.email})` : 'the SEND team'

function howToReply(f: AdviceMessageFacts): string {
  return f.hasAccount
    ? `Sign in to read the evidence and give your advice: ${f.publicUrl}/advice/${f.adviceRequestId}`
    : `Send your advice by email to ${contact(f)}, quoting the reference ${f.caseReference}.`
}

const whoFor = (f: AdviceMessageFacts) =>
  `Child or young person: ${f.childName}, born ${formatDate(f.childDateOfBirth)}\nReference: ${f.caseReference}`

export function adviceRequestedMessage(f: AdviceMessageFacts): Message {
  const asked = f.questions?.trim()
    ? `What we would like your advice to cover:\n${f.questions.trim()}`
    : 'Please describe the child’s needs, the outcomes you would hope for, and the provision you recommend.'
  return {
    subject: `Request for ${serviceWords(f.service)}: EHC needs assessment ${f.caseReference}`,
    body: [
      `Dear ${f.contributorName},`,
      `We are carrying out an education, health and care (EHC) needs assessment and ask for your ${serviceWords(f.service)}.`,
      whoFor(f),
      asked,
      `Please give your advice by ${formatDate(f.dueOn)}. The law gives 6 weeks from the request (SEND Regulations 2014, regulation 8).`,
      howToReply(f),
      `If you have a question, contact ${contact(f)}.`,
    ].join('\n\n'),
  }
}

const chaserOpening: Record<ChaserKind, (f: AdviceMessageFacts, daysOverdue: number) => string> = {
  before_due: (f) =>
    `This is a reminder that your ${serviceWords(f.service)} is due in a week, on ${formatDate(f.dueOn)}.`,
  due_today: (f) => `This is a reminder that your ${serviceWords(f.service)} is due today, ${formatDate(f.dueOn)}.`,
  overdue: (f, days) =>
    `Your ${serviceWords(f.service)} was due on ${formatDate(f.dueOn)} and is now ${days} ${days === 1 ? 'day' : 'days'} overdue. The family are waiting for it: please send it as soon as you can, or tell us when it will come.`,
}

export function adviceChaserMessage(f: AdviceMessageFacts, kind: ChaserKind, daysOverdue: number): Message {
  const prefix = kind === 'overdue' ? 'Overdue' : 'Reminder'
  return {
    subject: `${prefix}: ${serviceWords(f.service)} for EHC needs assessment ${f.caseReference}`,
    body: [
      `Dear ${f.contributorName},`,
      chaserOpening[kind](f, daysOverdue),
      whoFor(f),
      `We asked for it on ${formatDate(f.requestedOn)}.`,
      howToReply(f),
      `If you cannot give your advice in time, contact ${contact(f)}.`,
    ].join('\n\n'),
  }
}

/** The caseworker's copy of an overdue reminder. */
export function adviceOverdueCopyMessage(f: AdviceMessageFacts, daysOverdue: number): Message {
  return {
    subject: `Advice overdue: ${f.caseReference}, ${adviceServiceNames[f.service]} (${f.contributorName})`,
    body: [
      `Advice from ${f.contributorName} (${adviceServiceNames[f.service]}) for ${f.childName} (${f.caseReference}) was due on ${formatDate(f.dueOn)} and is ${daysOverdue} ${daysOverdue === 1 ? 'day' : 'days'} overdue.`,
      'They have been sent a reminder. Consider contacting them, and recording an exception if one applies.',
      `The request: ${f.publicUrl}/advice/${f.adviceRequestId}`,
    ].join('\n\n'),
  }
}

export function adviceCancelledMessage(f: AdviceMessageFacts): Message {
  return {
    subject: `Request for advice cancelled: ${f.caseReference}`,
    body: [
      `Dear ${f.contributorName},`,
      `We no longer need your ${serviceWords(f.service)} for ${f.childName} (${f.caseReference}), which we asked for on ${formatDate(f.requestedOn)}. You do not need to do anything more.`,
      `If you have a question, contact ${contact(f)}.`,
    ].join('\n\n'),
  }
}

/** To the allocated caseworker when advice comes in. */
export function adviceReceivedMessage(f: AdviceMessageFacts, receivedOn: IsoDate): Message {
  return {
    subject: `Advice received: ${f.caseReference}, ${adviceServiceNames[f.service]} (${f.contributorName})`,
    body: [
      `Advice from ${f.contributorName} (${adviceServiceNames[f.service]}) for ${f.childName} (${f.caseReference}) was received on ${formatDate(receivedOn)}. It was due on ${formatDate(f.dueOn)}.`,
      `Read it: ${f.publicUrl}/advice/${f.adviceRequestId}`,
    ].join('\n\n'),
  }
}
