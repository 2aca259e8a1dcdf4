/** The emails about consulting a setting on being named in an EHC plan (reg 14), as plain text. Pure. */
import type { IsoDate } from '../platform/calendar/isoDate.js'
import { formatDate } from '../platform/web/nunjucks.js'
import type { Message } from './advice.messages.js'

export interface ConsultationMessageFacts {
  consultationId: string
  settingName: string
  childName: string
  childDateOfBirth: IsoDate
  caseReference: string
  sentOn: IsoDate
  dueOn: IsoDate
  caseworker: { name: string; email: string } | undefined
  publicUrl: string
}

export const replyNames = {
  can_meet_needs: 'can meet the child’s needs',
  cannot_meet_needs: 'cannot meet the child’s needs',
} as const

export function consultationSentMessage(f: ConsultationMessageFacts, sencoName: string): Message {
  const contact = f.caseworker ? `${f.caseworker.name} (${f.caseworker.email})` : 'the SEND team'
  return {
    subject: `Consultation on naming ${f.settingName} in an EHC plan: ${f.caseReference}`,
    body: [
      `Dear ${sencoName},`,
      `We are consulting ${f.settingName} about naming it in the education, health and care (EHC) plan of:`,
      `${f.childName}, born ${formatDate(f.childDateOfBirth)}\nReference: ${f.caseReference}`,
      `Please read the draft plan and tell us by ${formatDate(f.dueOn)} whether the setting can meet the child’s needs (Children and Families Act 2014, section 39: 15 days to reply).`,
      `Sign in to read the draft plan and reply: ${f.publicUrl}/consultations/${f.consultationId}`,
      `If you have a question, contact ${contact}.`,
    ].join('\n\n'),
  }
}

export function consultationRepliedMessage(
  f: ConsultationMessageFacts,
  reply: keyof typeof replyNames,
  repliedOn: IsoDate,
  note: string | null,
): Message {
  return {
    subject: `Consultation reply: ${f.caseReference}, ${f.settingName}`,
    body: [
      `${f.settingName} replied on ${formatDate(repliedOn)} that it ${replyNames[reply]} (${f.childName}, ${f.caseReference}).`,
      note ? `Their note:\n${note}` : '',
      `The consultation: ${f.publicUrl}/consultations/${f.consultationId}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
  }
}
