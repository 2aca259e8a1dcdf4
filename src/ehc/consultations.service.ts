/**
 * Consulting settings on being named in a child's EHC plan (SEND Regs 2014 reg 14; Children and Families Act 2014
 * s.39): the draft plan goes to the setting, which has 15 days to say whether it can meet the child's needs. The
 * setting's SENCO replies, or the caseworker records a reply that came another way.
 */

import { findChild } from '../people/children.repository.js'
import { addDays, compareIsoDate, type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { documentsOfCase } from '../platform/documents/documents.repository.js'
import { Conflict, Forbidden, Invalid, NotFound } from '../platform/errors.js'
import { queueNotification } from '../platform/notify/outbox.js'
import { planSharedWithSettings } from '../platform/policy/planSharing.js'
import { mayManageCase, mayTake } from '../platform/policy/policy.js'
import { auditAs, type UseCaseContext } from '../platform/useCase.js'
import { formatDate } from '../platform/web/nunjucks.js'
import { caseworkerOf, sencosOf } from './advice.repository.js'
import type { Links } from './advice.service.js'
import { consultationsOf, updateCase } from './cases.repository.js'
import { caseChanged, caseScopeOf, loadManageableCase, recordCaseEvent } from './cases.service.js'
import { ehcClockRules } from './clock.js'
import {
  type ConsultationMessageFacts,
  consultationRepliedMessage,
  consultationSentMessage,
} from './consultations.messages.js'
import {
  type ConsultationRow,
  findConsultation,
  findOpenSetting,
  insertConsultation,
  openSettings,
  recordReply,
} from './consultations.repository.js'
import type { ConsultationReply, NewConsultation } from './consultations.schemas.js'
import { type CaseStatus, statusNames } from './workflow.js'

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)

/** A consulted setting replies within 15 days of the consultation. */
export const consultationDueOn = (sentOn: IsoDate) => addDays(sentOn, ehcClockRules.consultationReply.days)

const notDraftIssued = (status: string) =>
  `Settings are consulted while the draft plan is with the family. This case is ${statusNames[status as CaseStatus].staff.toLowerCase()}`

/** What the consultation form needs: the case, the directory of open settings and who has been consulted already. */
export async function consultationForm(ctx: UseCaseContext, caseId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadManageableCase(ctx, trx, caseId)
    const child = await findChild(trx, ctx.actor.authorityId, c.child_id)
    if (!child) throw new NotFound()
    const today = todayInLondon()
    const [settings, consulted] = await Promise.all([
      openSettings(trx, ctx.actor.authorityId, today),
      consultationsOf(trx, c.id),
    ])
    await auditAs(ctx, trx, {
      action: 'ehc_case.read',
      recordType: 'ehc_case',
      recordId: c.id,
      childId: c.child_id,
      details: { page: 'consultation-form' },
    })
    return { case: c, child, settings, consulted, today }
  })
}

function messageFacts(
  k: { id: string; sent_on: IsoDate; due_on: IsoDate },
  settingName: string,
  child: { legal_forename: string; legal_surname: string; date_of_birth: IsoDate },
  caseReference: string,
  caseworker: { display_name: string; email: string } | undefined,
  links: Links,
): ConsultationMessageFacts {
  return {
    consultationId: k.id,
    settingName,
    childName: `${child.legal_forename} ${child.legal_surname}`,
    childDateOfBirth: child.date_of_birth,
    caseReference,
    sentOn: k.sent_on,
    dueOn: k.due_on,
    caseworker: caseworker ? { name: caseworker.display_name, email: caseworker.email } : undefined,
    publicUrl: links.publicUrl,
  }
}

/** Sends the draft plan to a setting for its view; its SENCOs are emailed, and it has 15 days to reply. */
export async function consultSetting(ctx: UseCaseContext, caseId: string, input: NewConsultation, links: Links) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadManageableCase(ctx, trx, caseId)
    if (c.status !== 'draft_issued') throw new Conflict(notDraftIssued(c.status))
    const today = todayInLondon()
    const sentOn = input.sentOn ?? today
    if (compareIsoDate(sentOn, today) > 0) {
      throw new Invalid([{ field: 'sentOn', message: 'The date the setting was consulted cannot be in the future' }])
    }
    if (c.draft_issued_on && compareIsoDate(sentOn, c.draft_issued_on) < 0) {
      throw new Invalid([
        {
          field: 'sentOn',
          message: `The date the setting was consulted cannot be before the draft plan was issued (${formatDate(c.draft_issued_on)})`,
        },
      ])
    }
    const setting = await findOpenSetting(trx, ctx.actor.authorityId, input.settingId, today)
    if (!setting) throw new Invalid([{ field: 'settingId', message: 'Choose an open setting from the directory' }])
    const already = (await consultationsOf(trx, c.id)).find((k) => k.setting_id === setting.id)
    if (already) {
      throw new Invalid([
        { field: 'settingId', message: `${setting.name} was already consulted on ${formatDate(already.sent_on)}` },
      ])
    }
    // A consultation awaited holds up the final plan: a decision taken on the case as it was is refused.
    if (!(await updateCase(trx, c.authority_id, c.id, c.version, {}))) throw caseChanged()
    const consultation = await insertConsultation(trx, {
      authorityId: c.authority_id,
      caseId: c.id,
      settingId: setting.id,
      sentOn,
      dueOn: consultationDueOn(sentOn),
    })
    await recordCaseEvent(ctx, trx, c, {
      kind: 'consultation_sent',
      on: sentOn,
      details: {
        consultationId: consultation.id,
        settingId: setting.id,
        settingName: setting.name,
        dueOn: consultation.due_on,
      },
    })
    const child = await findChild(trx, ctx.actor.authorityId, c.child_id)
    if (!child) throw new NotFound()
    const caseworker = await caseworkerOf(trx, c.caseworker_user_id)
    const facts = messageFacts(consultation, setting.name, child, c.reference, caseworker, links)
    const sencos = await sencosOf(trx, ctx.actor.authorityId, [setting.id])
    for (const senco of sencos) {
      await queueNotification(trx, {
        authorityId: c.authority_id,
        childId: c.child_id,
        channel: 'email',
        recipientUserId: senco.id,
        recipientName: senco.display_name,
        toAddress: senco.email,
        templateKey: 'ehc.consultation-sent',
        ...consultationSentMessage(facts, senco.display_name),
        reference: `ehc_consultation:${consultation.id}`,
      })
    }
    return { consultation, sencosTold: sencos.length }
  })
}

export type ConsultationAccess = 'setting' | 'manager' | 'reader'

/**
 * Loads a consultation the actor may see: the SENCO of that setting only, the caseworkers who manage the case, and
 * (to read) the authority's other caseworkers. Everyone else is refused (403: they are staff).
 */
async function loadConsultation(ctx: UseCaseContext, db: Queryable, id: string) {
  const found = isUuid(id) ? await findConsultation(db, ctx.actor.authorityId, id) : undefined
  if (!found) throw new NotFound()
  const { actor } = ctx
  const scope = caseScopeOf({
    authority_id: found.authority_id,
    team_id: found.case_team_id,
    caseworker_user_id: found.case_caseworker_user_id,
  })
  let access: ConsultationAccess | undefined
  if (actor.authorityId !== found.authority_id || !mayTake(actor, 'consultation:reply')) access = undefined
  else if (actor.role === 'senco') access = actor.settingIds.includes(found.setting_id) ? 'setting' : undefined
  else if (mayManageCase(actor, scope)) access = 'manager'
  else if (actor.role === 'caseworker' || actor.role === 'team_manager') access = 'reader'
  if (!access)
    throw new Forbidden('Only the consulted setting and the caseworkers of the case can see this consultation')
  return { consultation: found, access }
}

/** A consultation with the child and the draft plan, for the setting to reply to. An audited read. */
export async function viewConsultation(ctx: UseCaseContext, id: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const { consultation, access } = await loadConsultation(ctx, trx, id)
    const planShared =
      access !== 'setting' ||
      planSharedWithSettings(ctx.actor.settingIds, {
        caseClosedOn: consultation.case_closed_on,
        namedSettingId: consultation.case_named_setting_id,
        consultedSettingIds: [consultation.setting_id],
      })
    const [plan, caseworker] = await Promise.all([
      planShared ? documentsOfCase(trx, consultation.authority_id, consultation.case_id, ['plan']) : [],
      caseworkerOf(trx, consultation.case_caseworker_user_id),
    ])
    await auditAs(ctx, trx, {
      action: 'ehc_consultation.read',
      recordType: 'ehc_consultation',
      recordId: consultation.id,
      childId: consultation.child_id,
    })
    return {
      consultation,
      access,
      planShared,
      plan,
      caseworker: caseworker ? { name: caseworker.display_name, email: caseworker.email } : undefined,
    }
  })
}

/** Whether the setting's reply can be recorded now, or why not. */
function replyRefusal(k: ConsultationRow): string | undefined {
  if (k.replied_on) return `${k.setting_name} already replied on ${formatDate(k.replied_on)}`
  if (k.case_status !== 'draft_issued') return notDraftIssued(k.case_status)
  return undefined
}

export function mayReplyNow(k: ConsultationRow, access: ConsultationAccess): boolean {
  return access !== 'reader' && replyRefusal(k) === undefined
}

/** The setting's reply: whether it can meet the child's needs, and why not. The caseworker is told. */
export async function replyToConsultation(ctx: UseCaseContext, id: string, input: ConsultationReply, links: Links) {
  return ctx.db.transaction().execute(async (trx) => {
    const { consultation: k, access } = await loadConsultation(ctx, trx, id)
    if (access === 'reader') {
      throw new Forbidden('Only the consulted setting, or a caseworker who manages the case, can record its reply')
    }
    const refused = replyRefusal(k)
    if (refused) throw new Conflict(refused)
    const today = todayInLondon()
    // A SENCO replies today; a caseworker records the day the reply came.
    const repliedOn = access === 'manager' && input.repliedOn ? input.repliedOn : today
    if (compareIsoDate(repliedOn, today) > 0) {
      throw new Invalid([{ field: 'repliedOn', message: 'The date the setting replied cannot be in the future' }])
    }
    if (compareIsoDate(repliedOn, k.sent_on) < 0) {
      throw new Invalid([
        {
          field: 'repliedOn',
          message: `The date the setting replied cannot be before it was consulted (${formatDate(k.sent_on)})`,
        },
      ])
    }
    const updated = await recordReply(trx, k.authority_id, k.id, {
      repliedOn,
      reply: input.reply,
      note: input.note ?? null,
    })
    if (!updated) throw new Conflict(`${k.setting_name} has already replied`)
    await recordCaseEvent(
      ctx,
      trx,
      { id: k.case_id, authority_id: k.authority_id, child_id: k.child_id },
      {
        kind: 'consultation_replied',
        on: repliedOn,
        details: {
          consultationId: k.id,
          settingId: k.setting_id,
          settingName: k.setting_name,
          reply: input.reply,
          note: input.note ?? null,
          onTime: compareIsoDate(repliedOn, k.due_on) <= 0,
          recordedBy: access === 'setting' ? 'setting' : 'caseworker',
        },
      },
    )
    const caseworker = await caseworkerOf(trx, k.case_caseworker_user_id)
    if (caseworker && caseworker.id !== ctx.actor.userId) {
      const facts = messageFacts(k, k.setting_name, k, k.case_reference, caseworker, links)
      await queueNotification(trx, {
        authorityId: k.authority_id,
        childId: k.child_id,
        channel: 'email',
        recipientUserId: caseworker.id,
        recipientName: caseworker.display_name,
        toAddress: caseworker.email,
        templateKey: 'ehc.consultation-replied',
        ...consultationRepliedMessage(facts, input.reply, repliedOn, input.note ?? null),
        reference: `ehc_consultation:${k.id}`,
      })
    }
    return updated
  })
}
