import { currentSettings } from '../people/children.repository.js'
/**
 * Requests for advice (SEND Regs 2014 reg 6 and 8): asked of educational psychology, health, social care, the setting
 * and others while a case is being assessed, each due 6 weeks after it is asked; given by the person asked, who sees
 * only what they were asked for; or recorded by the caseworker when it came on paper.
 */

import { findChild } from '../people/children.repository.js'
import { academicYearStartOf, nationalCurriculumYear } from '../people/yearGroup.js'
import { addDays, compareIsoDate, type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Db, Queryable } from '../platform/db/database.js'
import type { Documents } from '../platform/documents/documents.service.js'
import { Conflict, Forbidden, Invalid, NotFound } from '../platform/errors.js'
import { queueNotification } from '../platform/notify/outbox.js'
import { adviceOpensRecord } from '../platform/policy/adviceAccess.js'
import {
  type Actor,
  type AdviceRequestScope,
  mayGiveAdvice,
  mayManageCase,
  mayReadAdviceRequest,
  mayTake,
} from '../platform/policy/policy.js'
import { auditAs, type UseCaseContext } from '../platform/useCase.js'
import { formatDate } from '../platform/web/nunjucks.js'
import { type AdviceAttachment, storeAdviceDocument } from './advice.attachments.js'
import {
  type AdviceMessageFacts,
  adviceCancelledMessage,
  adviceReceivedMessage,
  adviceRequestedMessage,
} from './advice.messages.js'
import {
  type AdviceListScope,
  type AdviceRequestRow,
  adviceGivers,
  caseworkerOf,
  evidenceOf,
  findAdviceRequest,
  findUser,
  insertAdviceRequest,
  listAdviceRequests,
  outstandingOnCase,
  sencosOf,
  updateAdviceRequest,
} from './advice.repository.js'
import type { AdviceContent, AdviceListQuery, NewAdviceRequest, NewAdviceRequests } from './advice.schemas.js'
import { updateCase } from './cases.repository.js'
import { caseChanged, caseScopeOf, loadManageableCase, recordCaseEvent } from './cases.service.js'
import { ehcClockRules } from './clock.js'
import { type AdviceService, adviceServiceNames } from './facts.js'
import { type CaseStatus, isOpen, statusNames } from './workflow.js'

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)

/** Links in emails point at the service's public address. */
export interface Links {
  publicUrl: string
}

/** What recording advice needs beyond the database: links for emails, and the document storage for a report. */
export interface AdviceDeps {
  links: Links
  documents: Documents
}

/** SEND Code of Practice 8.9 onwards: preparing-for-adulthood advice is asked for from year 9. */
export const preparingForAdulthoodFromYear = 9

/** Advice is due 6 weeks after it is asked for (reg 8(1)). */
export const adviceDueOn = (requestedOn: IsoDate) => addDays(requestedOn, ehcClockRules.advice.days)

const childNameOf = (r: { legal_forename: string; legal_surname: string }) => `${r.legal_forename} ${r.legal_surname}`

const contributorLabel = (r: { service: AdviceService; contributor_name: string }) =>
  `${adviceServiceNames[r.service]} (${r.contributor_name})`

/** Who may be asked for each service: the SENCO of the child's setting gives the setting's advice. */
export async function contributorChoices(db: Queryable, authorityId: string, childId: string) {
  const [givers, settings] = await Promise.all([adviceGivers(db, authorityId), currentSettings(db, childId)])
  const sencos = await sencosOf(
    db,
    authorityId,
    settings.map((s) => s.id),
  )
  return {
    adviceGivers: givers.map((g) => ({ id: g.id, name: g.display_name, email: g.email })),
    sencos: sencos.map((s) => ({
      id: s.id,
      name: s.display_name,
      email: s.email,
      settingName: settings.find((x) => x.id === s.setting_id)?.name ?? '',
    })),
    settings,
  }
}

/** Whether preparing-for-adulthood advice may be asked for a child on a date. */
export function mayAskPreparingForAdulthood(
  child: { date_of_birth: IsoDate; year_group_offset: number },
  on: IsoDate,
): { ok: boolean; year: number } {
  const year = nationalCurriculumYear(child.date_of_birth, academicYearStartOf(on), {
    offsetYears: child.year_group_offset,
  })
  return { ok: year >= preparingForAdulthoodFromYear, year }
}

/** What the new-request form needs: the case, the people who may be asked, and whether year 9 has been reached. */
export async function adviceRequestForm(ctx: UseCaseContext, caseId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadManageableCase(ctx, trx, caseId)
    const child = await findChild(trx, ctx.actor.authorityId, c.child_id)
    if (!child) throw new NotFound()
    const today = todayInLondon()
    const choices = await contributorChoices(trx, ctx.actor.authorityId, c.child_id)
    await auditAs(ctx, trx, {
      action: 'ehc_case.read',
      recordType: 'ehc_case',
      recordId: c.id,
      childId: c.child_id,
      details: { page: 'advice-request-form' },
    })
    return {
      case: c,
      child,
      today,
      preparingForAdulthood: mayAskPreparingForAdulthood(child, today).ok,
      ...choices,
    }
  })
}

interface ResolvedContributor {
  userId: string | null
  name: string
  email: string
}

async function resolveContributor(
  trx: Queryable,
  actor: Actor,
  request: NewAdviceRequest,
  childSettingIds: readonly string[],
  field: (name: string) => string,
): Promise<ResolvedContributor> {
  if (!request.contributorUserId) {
    return { userId: null, name: request.contributorName!, email: request.contributorEmail! }
  }
  const user = await findUser(trx, actor.authorityId, request.contributorUserId)
  const isSenco =
    user?.role === 'senco' && (await sencosOf(trx, actor.authorityId, childSettingIds)).some((s) => s.id === user.id)
  const fits = user && (user.role === 'advice_giver' || (request.service === 'setting' && isSenco))
  if (!user || !fits) {
    throw new Invalid([
      {
        field: field('contributorUserId'),
        message:
          request.service === 'setting'
            ? 'Choose the SENCO of the child’s setting, an advice giver, or someone without an account'
            : 'Choose an advice giver from the list, or someone without an account',
      },
    ])
  }
  return { userId: user.id, name: user.display_name, email: user.email }
}

/** The facts every email about a request for advice is written from. */
export function adviceMessageFacts(
  r: {
    id: string
    service: AdviceService
    contributor_name: string
    contributor_user_id: string | null
    requested_on: IsoDate
    due_on: IsoDate
    questions: string | null
  },
  child: { legal_forename: string; legal_surname: string; date_of_birth: IsoDate },
  caseReference: string,
  caseworker: { display_name: string; email: string } | undefined,
  links: Links,
): AdviceMessageFacts {
  return {
    adviceRequestId: r.id,
    service: r.service,
    contributorName: r.contributor_name,
    hasAccount: r.contributor_user_id !== null,
    childName: childNameOf(child),
    childDateOfBirth: child.date_of_birth,
    caseReference,
    requestedOn: r.requested_on,
    dueOn: r.due_on,
    questions: r.questions,
    caseworker: caseworker ? { name: caseworker.display_name, email: caseworker.email } : undefined,
    publicUrl: links.publicUrl,
  }
}

/**
 * Asks for advice, from one service or several at once, on a case being assessed. Each request is due 6 weeks after
 * the day it is asked, is recorded on the timeline, and its contributor is emailed what is asked and by when.
 */
export async function requestAdvice(
  ctx: UseCaseContext,
  caseId: string,
  input: NewAdviceRequests,
  links: Links,
): Promise<{ id: string; dueOn: IsoDate }[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadManageableCase(ctx, trx, caseId)
    if (c.status !== 'assessing') {
      throw new Conflict(
        `Advice can only be asked for while the case is being assessed. This case is ${statusNames[c.status as CaseStatus].staff.toLowerCase()}`,
      )
    }
    const today = todayInLondon()
    const requestedOn = input.requestedOn ?? today
    if (compareIsoDate(requestedOn, today) > 0) {
      throw new Invalid([{ field: 'requestedOn', message: 'The date advice was requested cannot be in the future' }])
    }
    if (c.decision_on && compareIsoDate(requestedOn, c.decision_on) < 0) {
      throw new Invalid([
        {
          field: 'requestedOn',
          message: `The date advice was requested cannot be before the decision to assess (${formatDate(c.decision_on)})`,
        },
      ])
    }
    const child = await findChild(trx, ctx.actor.authorityId, c.child_id)
    if (!child) throw new NotFound()
    const childSettingIds = (await currentSettings(trx, c.child_id)).map((s) => s.id)
    const awaited = await outstandingOnCase(trx, c.id)
    const resolved: { request: NewAdviceRequest; contributor: ResolvedContributor }[] = []
    for (const [i, request] of input.requests.entries()) {
      const field = (name: string) => `requests.${i}.${name}`
      if (request.service === 'preparing_for_adulthood') {
        const pfa = mayAskPreparingForAdulthood(child, requestedOn)
        if (!pfa.ok) {
          throw new Invalid([
            {
              field: field('service'),
              message: `Preparing for adulthood advice is asked for from year ${preparingForAdulthoodFromYear}: the child is in year ${pfa.year}`,
            },
          ])
        }
      }
      const contributor = await resolveContributor(trx, ctx.actor, request, childSettingIds, field)
      const same = (a: { service: string; userId: string | null; email: string | null }) =>
        a.service === request.service &&
        (contributor.userId !== null
          ? a.userId === contributor.userId
          : a.email?.toLowerCase() === contributor.email.toLowerCase())
      const already = awaited.find((a) =>
        same({ service: a.service, userId: a.contributor_user_id, email: a.contributor_email }),
      )
      if (already) {
        throw new Invalid([
          {
            field: field('service'),
            message: `${adviceServiceNames[request.service]} advice is already awaited from ${already.contributor_name}, asked for on ${formatDate(already.requested_on)}`,
          },
        ])
      }
      if (resolved.some((r) => same({ service: r.request.service, ...r.contributor }))) {
        throw new Invalid([{ field: field('service'), message: 'The same person is asked twice for the same advice' }])
      }
      resolved.push({ request, contributor })
    }
    // Asking for advice changes what the case is waiting for: a decision taken on the case as it was is refused.
    if (!(await updateCase(trx, c.authority_id, c.id, c.version, {}))) throw caseChanged()
    const caseworker = await caseworkerOf(trx, c.caseworker_user_id)
    const created: { id: string; dueOn: IsoDate }[] = []
    for (const { request, contributor } of resolved) {
      const row = await insertAdviceRequest(trx, {
        authority_id: c.authority_id,
        case_id: c.id,
        service: request.service,
        contributor_user_id: contributor.userId,
        contributor_name: contributor.name,
        contributor_email: contributor.email,
        requested_on: requestedOn,
        due_on: adviceDueOn(requestedOn),
        questions: request.questions ?? null,
      })
      await recordCaseEvent(ctx, trx, c, {
        kind: 'advice_requested',
        on: requestedOn,
        details: {
          adviceRequestId: row.id,
          service: row.service,
          contributor: contributorLabel(row),
          dueOn: row.due_on,
        },
      })
      const message = adviceRequestedMessage(adviceMessageFacts(row, child, c.reference, caseworker, links))
      await queueNotification(trx, {
        authorityId: c.authority_id,
        childId: c.child_id,
        channel: 'email',
        recipientUserId: contributor.userId ?? undefined,
        recipientName: contributor.name,
        toAddress: contributor.email,
        templateKey: 'ehc.advice-requested',
        ...message,
        reference: `advice_request:${row.id}`,
      })
      created.push({ id: row.id, dueOn: row.due_on })
    }
    return created
  })
}

export type AdviceAccess = 'contributor' | 'manager' | 'reader'

function adviceScopeOf(r: AdviceRequestRow): AdviceRequestScope {
  return {
    contributorUserId: r.contributor_user_id ?? undefined,
    case: caseScopeOf({
      authority_id: r.authority_id,
      team_id: r.case_team_id,
      caseworker_user_id: r.case_caseworker_user_id,
    }),
  }
}

/** Loads a request the actor may read, and how they stand to it; refuses anyone else (403: they are all staff). */
async function loadAdviceRequest(ctx: UseCaseContext, db: Queryable, id: string) {
  const found = isUuid(id) ? await findAdviceRequest(db, ctx.actor.authorityId, id) : undefined
  if (!found) throw new NotFound()
  const scope = adviceScopeOf(found)
  if (!mayReadAdviceRequest(ctx.actor, scope)) {
    throw new Forbidden('You can only see the requests for advice sent to you')
  }
  const access: AdviceAccess = mayGiveAdvice(ctx.actor, scope)
    ? 'contributor'
    : mayManageCase(ctx.actor, scope.case)
      ? 'manager'
      : 'reader'
  return { request: found, access }
}

/** Whose requests a list shows: a contributor's own, a caseworker's cases', or a team manager's whole authority's. */
function listScopeOf(actor: Actor): AdviceListScope {
  if (actor.role === 'team_manager') return { kind: 'authority' }
  if (actor.role === 'caseworker' && actor.userId) {
    return { kind: 'caseworker', userId: actor.userId, teamIds: actor.teamIds }
  }
  // Advice givers and SENCOs, and a token not acting as a user (which is asked for nothing).
  return { kind: 'contributor', userId: actor.userId ?? '00000000-0000-0000-0000-000000000000' }
}

export const advicePageSize = 50

/** The actor's requests for advice, outstanding first. Names of children are shown: the list is an audited read. */
export async function listAdvice(ctx: UseCaseContext, query: AdviceListQuery) {
  if (!mayTake(ctx.actor, 'advice:read')) throw new Forbidden()
  const scope = listScopeOf(ctx.actor)
  const status = query.status ?? (scope.kind === 'contributor' ? 'all' : 'outstanding')
  const today = todayInLondon()
  return ctx.db.transaction().execute(async (trx) => {
    const { rows, total } = await listAdviceRequests(trx, {
      authorityId: ctx.actor.authorityId,
      scope,
      service: query.service,
      status,
      today,
      limit: advicePageSize,
      offset: (query.page - 1) * advicePageSize,
    })
    if (rows.length) {
      await auditAs(ctx, trx, {
        action: 'advice_request.listed',
        recordType: 'advice_request',
        details: { childIds: [...new Set(rows.map((r) => r.child_id))], adviceRequestIds: rows.map((r) => r.id) },
      })
    }
    return {
      rows,
      total,
      status,
      scope: scope.kind,
      today,
      page: query.page,
      pageCount: Math.max(1, Math.ceil(total / advicePageSize)),
    }
  })
}

/**
 * One request for advice with what its contributor needs to answer it: the child, the questions, the evidence.
 * An audited read. A cancelled request shows its contributor only that it was cancelled.
 */
export async function viewAdviceRequest(ctx: UseCaseContext, id: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const { request, access } = await loadAdviceRequest(ctx, trx, id)
    if (access === 'contributor' && request.cancelled_on) {
      return { request, access, withdrawn: true as const }
    }
    // The advice giver's sight of the child's record and the evidence ends a while after their advice is given.
    const recordOpen =
      access !== 'contributor' ||
      adviceOpensRecord(
        { receivedOn: request.received_on, cancelledOn: request.cancelled_on, caseClosedOn: request.case_closed_on },
        todayInLondon(),
      )
    const [settings, evidence, document, caseworker] = await Promise.all([
      recordOpen ? currentSettings(trx, request.child_id) : [],
      recordOpen ? evidenceOf(trx, request.authority_id, request.case_id) : [],
      request.document_id
        ? trx
            .selectFrom('document')
            .select(['id', 'filename', 'media_type', 'size_bytes'])
            .where('id', '=', request.document_id)
            .executeTakeFirst()
        : undefined,
      caseworkerOf(trx, request.case_caseworker_user_id),
    ])
    await auditAs(ctx, trx, {
      action: 'advice_request.read',
      recordType: 'advice_request',
      recordId: request.id,
      childId: request.child_id,
    })
    return {
      request,
      access,
      withdrawn: false as const,
      recordOpen,
      settings,
      evidence,
      document,
      caseworker: caseworker ? { name: caseworker.display_name, email: caseworker.email } : undefined,
    }
  })
}

/** Why advice can no longer be given or recorded on this request, or undefined when it can. */
export function adviceClosedReason(r: AdviceRequestRow): string | undefined {
  if (r.received_on) return `Advice was already received on ${formatDate(r.received_on)}`
  if (r.cancelled_on) return `This request for advice was cancelled on ${formatDate(r.cancelled_on)}`
  const status = r.case_status as CaseStatus
  if (!isOpen(status)) {
    return `The assessment has ended (${statusNames[status].staff.toLowerCase()}): advice is no longer needed`
  }
  return undefined
}

/** A transaction that keeps stored files in step with it: a report stored by work that then fails is removed. */
const inTransaction = <T>(db: Db, deps: AdviceDeps, work: (trx: Queryable) => Promise<T>) =>
  deps.documents.transaction(db, work)

interface Receipt {
  receivedOn: IsoDate
  advice: AdviceContent | undefined
  attachment: AdviceAttachment | undefined
  /** Recorded by a caseworker for advice that came on paper or by email. */
  onBehalf: boolean
}

async function recordReceived(
  ctx: UseCaseContext,
  trx: Queryable,
  r: AdviceRequestRow,
  receipt: Receipt,
  { links, documents }: AdviceDeps,
) {
  const document = receipt.attachment
    ? await storeAdviceDocument(documents, ctx, trx, {
        childId: r.child_id,
        caseId: r.case_id,
        file: receipt.attachment,
      })
    : undefined
  const updated = await updateAdviceRequest(trx, r.authority_id, r.id, r.version, {
    received_on: receipt.receivedOn,
    advice: receipt.advice
      ? JSON.stringify({
          ...receipt.advice,
          givenBy: { name: r.contributor_name, userId: r.contributor_user_id },
          ...(receipt.onBehalf ? { recordedByUserId: ctx.actor.userId ?? null } : {}),
        })
      : null,
    document_id: document?.id ?? null,
  })
  if (!updated) {
    throw new Conflict(
      'Someone else changed this request for advice while you were working on it. Check it and try again',
    )
  }
  await recordCaseEvent(
    ctx,
    trx,
    { id: r.case_id, authority_id: r.authority_id, child_id: r.child_id },
    {
      kind: 'advice_received',
      on: receipt.receivedOn,
      details: {
        adviceRequestId: r.id,
        service: r.service,
        contributor: contributorLabel(r),
        dueOn: r.due_on,
        onTime: compareIsoDate(receipt.receivedOn, r.due_on) <= 0,
        onBehalf: receipt.onBehalf,
        documentId: document?.id ?? null,
      },
    },
  )
  const caseworker = await caseworkerOf(trx, r.case_caseworker_user_id)
  // The caseworker is told when advice comes in, unless they are the one who recorded it.
  if (caseworker && caseworker.id !== ctx.actor.userId) {
    await queueNotification(trx, {
      authorityId: r.authority_id,
      childId: r.child_id,
      channel: 'email',
      recipientUserId: caseworker.id,
      recipientName: caseworker.display_name,
      toAddress: caseworker.email,
      templateKey: 'ehc.advice-received',
      ...adviceReceivedMessage(adviceMessageFacts(r, r, r.case_reference, caseworker, links), receipt.receivedOn),
      reference: `advice_request:${r.id}`,
    })
  }
  return updated
}

/** The person asked gives their advice, today. Nobody else may, and only once. */
export async function giveAdvice(
  ctx: UseCaseContext,
  id: string,
  input: { advice: AdviceContent; attachment?: AdviceAttachment },
  deps: AdviceDeps,
) {
  return inTransaction(ctx.db, deps, async (trx) => {
    const { request, access } = await loadAdviceRequest(ctx, trx, id)
    if (access !== 'contributor') {
      throw new Forbidden(
        access === 'manager'
          ? 'Only the person asked gives this advice: record advice that came on paper or by email as received instead'
          : 'You can only give advice you were asked for',
      )
    }
    const closed = adviceClosedReason(request)
    if (closed) throw new Conflict(closed)
    return recordReceived(
      ctx,
      trx,
      request,
      { receivedOn: todayInLondon(), advice: input.advice, attachment: input.attachment, onBehalf: false },
      deps,
    )
  })
}

/** A caseworker records advice that came on paper or by email, on the day it came. */
export async function recordAdviceReceived(
  ctx: UseCaseContext,
  id: string,
  input: { receivedOn: IsoDate; advice?: AdviceContent; attachment?: AdviceAttachment },
  deps: AdviceDeps,
) {
  return inTransaction(ctx.db, deps, async (trx) => {
    const { request, access } = await loadAdviceRequest(ctx, trx, id)
    if (access !== 'manager') {
      throw new Forbidden(
        access === 'contributor'
          ? 'Give your advice with the form on this page'
          : 'Only the allocated caseworker, their team or a team manager can record advice on this case',
      )
    }
    const closed = adviceClosedReason(request)
    if (closed) throw new Conflict(closed)
    if (compareIsoDate(input.receivedOn, todayInLondon()) > 0) {
      throw new Invalid([{ field: 'receivedOn', message: 'The date the advice was received cannot be in the future' }])
    }
    if (compareIsoDate(input.receivedOn, request.requested_on) < 0) {
      throw new Invalid([
        {
          field: 'receivedOn',
          message: `The date the advice was received cannot be before it was asked for (${formatDate(request.requested_on)})`,
        },
      ])
    }
    return recordReceived(
      ctx,
      trx,
      request,
      { receivedOn: input.receivedOn, advice: input.advice, attachment: input.attachment, onBehalf: true },
      deps,
    )
  })
}

/** Withdraws a request that is no longer needed; its contributor is told, and it no longer opens the child's record. */
export async function cancelAdviceRequest(ctx: UseCaseContext, id: string, input: { reason: string }, links: Links) {
  return ctx.db.transaction().execute(async (trx) => {
    const { request, access } = await loadAdviceRequest(ctx, trx, id)
    if (access !== 'manager') {
      throw new Forbidden('Only the allocated caseworker, their team or a team manager can cancel a request for advice')
    }
    if (request.received_on) {
      throw new Conflict(`Advice was already received on ${formatDate(request.received_on)}: it cannot be cancelled`)
    }
    if (request.cancelled_on) {
      throw new Conflict(`This request for advice was already cancelled on ${formatDate(request.cancelled_on)}`)
    }
    const today = todayInLondon()
    const updated = await updateAdviceRequest(trx, request.authority_id, request.id, request.version, {
      cancelled_on: today,
    })
    if (!updated) {
      throw new Conflict(
        'Someone else changed this request for advice while you were working on it. Check it and try again',
      )
    }
    await recordCaseEvent(
      ctx,
      trx,
      { id: request.case_id, authority_id: request.authority_id, child_id: request.child_id },
      {
        kind: 'advice_cancelled',
        on: today,
        reason: input.reason,
        details: { adviceRequestId: request.id, service: request.service, contributor: contributorLabel(request) },
      },
    )
    const caseworker = await caseworkerOf(trx, request.case_caseworker_user_id)
    const email = request.contributor_email
    if (email) {
      await queueNotification(trx, {
        authorityId: request.authority_id,
        childId: request.child_id,
        channel: 'email',
        recipientUserId: request.contributor_user_id ?? undefined,
        recipientName: request.contributor_name,
        toAddress: email,
        templateKey: 'ehc.advice-cancelled',
        ...adviceCancelledMessage(adviceMessageFacts(request, request, request.case_reference, caseworker, links)),
        reference: `advice_request:${request.id}`,
      })
    }
    return updated
  })
}
