/**
 * The family's response to the draft plan (SEND Regs 2014 reg 13(1)(a); Code of Practice 9.77 onwards): at least 15
 * days to comment, ask for a meeting and name the school, college or nursery they would like in the plan. The parent or
 * young person responds themselves, or the caseworker records what they said.
 */

import { findChild } from '../people/children.repository.js'
import { addDays, compareIsoDate, type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { Conflict, Forbidden, Invalid, NotFound } from '../platform/errors.js'
import { queueNotification } from '../platform/notify/outbox.js'
import { mayManageCase } from '../platform/policy/policy.js'
import { auditAs, type UseCaseContext } from '../platform/useCase.js'
import { formatDate } from '../platform/web/nunjucks.js'
import { caseworkerOf } from './advice.repository.js'
import type { Links } from './advice.service.js'
import { type CaseRow, updateCase } from './cases.repository.js'
import { caseChanged, caseScopeOf, loadReadableCase, recordCaseEvent } from './cases.service.js'
import { ehcClockRules } from './clock.js'
import { findOpenSetting, openSettings } from './consultations.repository.js'
import { type CaseStatus, statusNames } from './workflow.js'

export type DraftResponder = 'family' | 'caseworker'

export interface DraftResponseInput {
  comments?: string
  wantsMeeting: boolean
  preferredSettingId?: string
  /** The day the family responded: a caseworker recording it gives it; a family responding online responds today. */
  respondedOn?: IsoDate
}

/**
 * The family of the case (a parent with parental responsibility, or the young person) or a caseworker who manages it.
 * Families get 404 for a case not theirs (loadReadableCase); other staff 403.
 */
async function loadRespondableCase(ctx: UseCaseContext, db: Queryable, caseId: string) {
  const c = await loadReadableCase(ctx, db, caseId)
  const { role } = ctx.actor
  if (role === 'parent' || role === 'young_person') return { case: c, responder: 'family' as const }
  if (mayManageCase(ctx.actor, caseScopeOf(c))) return { case: c, responder: 'caseworker' as const }
  throw new Forbidden('Only the family, or a caseworker who manages the case, can respond to the draft plan')
}

/** The last day of the 15 days the family has to respond to the draft plan. */
export const draftResponseDueOn = (draftIssuedOn: IsoDate) => addDays(draftIssuedOn, ehcClockRules.draftResponse.days)

function closedReason(c: CaseRow, responder: DraftResponder): string | undefined {
  if (c.status === 'draft_issued') return undefined
  return responder === 'family'
    ? 'You can only respond to the draft plan while it is with you'
    : `The family's response is recorded while the draft plan is with them. This case is ${statusNames[c.status as CaseStatus].staff.toLowerCase()}`
}

/** What the response form needs: who is responding, the draft's dates, the settings to choose from. An audited read. */
export async function draftResponseForm(ctx: UseCaseContext, caseId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const { case: c, responder } = await loadRespondableCase(ctx, trx, caseId)
    const child = await findChild(trx, ctx.actor.authorityId, c.child_id)
    if (!child) throw new NotFound()
    const today = todayInLondon()
    const settings = await openSettings(trx, ctx.actor.authorityId, today)
    await auditAs(ctx, trx, {
      action: 'ehc_case.read',
      recordType: 'ehc_case',
      recordId: c.id,
      childId: c.child_id,
      details: { page: 'draft-response' },
    })
    return {
      case: c,
      child,
      responder,
      today,
      settings,
      closedReason: closedReason(c, responder),
      dueOn: c.draft_issued_on ? draftResponseDueOn(c.draft_issued_on) : undefined,
    }
  })
}

/** Records the family's response to the draft plan; the caseworker is told, and whether a meeting is wanted. */
export async function respondToDraft(ctx: UseCaseContext, caseId: string, input: DraftResponseInput, links: Links) {
  return ctx.db.transaction().execute(async (trx) => {
    const { case: c, responder } = await loadRespondableCase(ctx, trx, caseId)
    const closed = closedReason(c, responder)
    if (closed) throw new Conflict(closed)
    const today = todayInLondon()
    const respondedOn = responder === 'caseworker' && input.respondedOn ? input.respondedOn : today
    if (compareIsoDate(respondedOn, today) > 0) {
      throw new Invalid([{ field: 'respondedOn', message: 'The date the family responded cannot be in the future' }])
    }
    if (c.draft_issued_on && compareIsoDate(respondedOn, c.draft_issued_on) < 0) {
      throw new Invalid([
        {
          field: 'respondedOn',
          message: `The date the family responded cannot be before the draft plan was issued (${formatDate(c.draft_issued_on)})`,
        },
      ])
    }
    const setting = input.preferredSettingId
      ? await findOpenSetting(trx, ctx.actor.authorityId, input.preferredSettingId, today)
      : undefined
    if (input.preferredSettingId && !setting) {
      throw new Invalid([{ field: 'preferredSettingId', message: 'Choose a school, college or nursery from the list' }])
    }
    const updated = await updateCase(trx, c.authority_id, c.id, c.version, {
      draft_response_on: respondedOn,
      draft_response: input.comments ?? null,
      draft_meeting_requested: input.wantsMeeting,
      preferred_setting_id: setting?.id ?? null,
    })
    if (!updated) throw caseChanged()
    await recordCaseEvent(ctx, trx, c, {
      kind: 'draft_response',
      on: respondedOn,
      details: {
        by: responder,
        comments: input.comments ?? null,
        wantsMeeting: input.wantsMeeting,
        preferredSettingId: setting?.id ?? null,
        preferredSettingName: setting?.name ?? null,
      },
    })
    const caseworker = await caseworkerOf(trx, c.caseworker_user_id)
    if (caseworker && caseworker.id !== ctx.actor.userId) {
      const child = await findChild(trx, ctx.actor.authorityId, c.child_id)
      const childName = child ? `${child.legal_forename} ${child.legal_surname}` : 'the child'
      await queueNotification(trx, {
        authorityId: c.authority_id,
        childId: c.child_id,
        channel: 'email',
        recipientUserId: caseworker.id,
        recipientName: caseworker.display_name,
        toAddress: caseworker.email,
        templateKey: 'ehc.draft-response',
        subject: `${input.wantsMeeting ? 'Meeting asked for: ' : ''}the family responded to the draft plan (${c.reference})`,
        body: [
          `The family of ${childName} (${c.reference}) responded to the draft plan on ${formatDate(respondedOn)}.`,
          input.wantsMeeting
            ? 'They would like a meeting to talk about the draft plan.'
            : 'They did not ask for a meeting.',
          setting
            ? `Their preferred setting: ${setting.name}. Consult it before the final plan.`
            : 'They did not name a setting.',
          `The case: ${links.publicUrl}/cases/${c.id}`,
        ].join('\n\n'),
        reference: `ehc_case:${c.id}`,
      })
    }
    return { case: updated, responder }
  })
}
