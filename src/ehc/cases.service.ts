import { findChild, loadChildScope } from '../people/children.repository.js'
import { compareIsoDate, type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { linkDocumentsToCase } from '../platform/documents/documents.repository.js'
import { AppError, Conflict, Forbidden, Invalid, NotFound } from '../platform/errors.js'
import { type CaseScope, mayManageCase, mayReadChild, mayTake } from '../platform/policy/policy.js'
import { auditAs, type UseCaseContext } from '../platform/useCase.js'
import {
  adviceRequestsOf,
  type CaseRow,
  consultationsOf,
  findCase,
  findOpenCaseForChild,
  insertCase,
  insertCaseEvent,
  latestEventOn,
  nextReference,
  planInForce,
  teamFor,
  updateCase,
} from './cases.repository.js'
import { transitionFactsOf } from './facts.js'
import { sendLettersFor } from './letters.service.js'
import { type CaseTransition, checkTransition, transitionRules } from './workflow.js'

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)

/** A second request for a child whose request is still open: the service adds to the open one instead. */
export class DuplicateRequest extends AppError {
  constructor(readonly existing: { id: string; reference: string; requestReceived: string }) {
    super(
      409,
      'Duplicate request',
      `There is already an open request for this child or young person (${existing.reference}, received ${existing.requestReceived})`,
    )
  }
}

export function caseScopeOf(c: Pick<CaseRow, 'authority_id' | 'team_id' | 'caseworker_user_id'>): CaseScope {
  return {
    authorityId: c.authority_id,
    teamId: c.team_id ?? undefined,
    caseworkerUserId: c.caseworker_user_id ?? undefined,
  }
}

const auditCase = (
  ctx: UseCaseContext,
  trx: Queryable,
  action: string,
  c: Pick<CaseRow, 'id' | 'child_id'>,
  details: Record<string, unknown> = {},
) => auditAs(ctx, trx, { action, recordType: 'ehc_case', recordId: c.id, childId: c.child_id, details })

/**
 * Loads a case the actor may see, or refuses. Families get 404 (that a case exists is itself personal); staff 403.
 * Advice givers do not read cases: they read the requests for advice addressed to them.
 */
export async function loadReadableCase(ctx: UseCaseContext, db: Queryable, id: string): Promise<CaseRow> {
  const found = isUuid(id) ? await findCase(db, ctx.actor.authorityId, id) : undefined
  if (!found) throw new NotFound()
  const scope = await loadChildScope(db, ctx.actor.authorityId, found.child_id)
  if (!mayTake(ctx.actor, 'ehc:read') || !mayReadChild(ctx.actor, scope)) {
    if (ctx.actor.role === 'parent' || ctx.actor.role === 'young_person') throw new NotFound()
    throw new Forbidden('You can only see the cases your role gives you access to')
  }
  return found
}

/** Loads a case the actor may move on (the allocated caseworker, their team, or a team manager). */
export async function loadManageableCase(ctx: UseCaseContext, db: Queryable, id: string): Promise<CaseRow> {
  const found = await loadReadableCase(ctx, db, id)
  if (!mayManageCase(ctx.actor, caseScopeOf(found))) {
    throw new Forbidden('Only the allocated caseworker, their team or a team manager can change this case')
  }
  return found
}

/** Reads a case for display, and records the read in the audit log. */
export async function readCase(ctx: UseCaseContext, id: string): Promise<CaseRow> {
  return ctx.db.transaction().execute(async (trx) => {
    const found = await loadReadableCase(ctx, trx, id)
    await auditCase(ctx, trx, 'ehc_case.read', found)
    return found
  })
}

export interface NewRequest {
  childId: string
  requesterKind: CaseRow['requester_kind']
  requesterName: string
  requesterUserId?: string
  requesterSettingId?: string
  receivedVia: CaseRow['received_via']
  requestReceived: IsoDate
  reasons: string
  familyViews?: string
  settingId?: string
  /** Evidence already uploaded, linked to the child and now to this request. */
  documentIds?: readonly string[]
  /** The rest of what the request said (child's views, consent, SEN Support evidence): RequestDetails. */
  details?: Record<string, unknown>
}

/**
 * Records a request for an EHC needs assessment: the clock starts on the day it was received. The caller has checked
 * that the actor may make a request for this child; here the dates, the duplicate and the allocation are settled.
 */
export async function receiveRequest(ctx: UseCaseContext, trx: Queryable, request: NewRequest): Promise<CaseRow> {
  const today = todayInLondon()
  if (compareIsoDate(request.requestReceived, today) > 0) {
    throw new Invalid([
      { field: 'requestReceived', message: 'The date the request was received cannot be in the future' },
    ])
  }
  const child = await findChild(trx, ctx.actor.authorityId, request.childId)
  if (!child || child.merged_into_id) throw new NotFound('The child or young person could not be found')
  if (compareIsoDate(request.requestReceived, child.date_of_birth) < 0) {
    throw new Invalid([{ field: 'requestReceived', message: 'The date received cannot be before the child was born' }])
  }
  const open = await findOpenCaseForChild(trx, ctx.actor.authorityId, child.id)
  if (open) {
    throw new DuplicateRequest({ id: open.id, reference: open.reference, requestReceived: open.request_received })
  }
  const enteredByCaseworker = ctx.actor.role === 'caseworker' && ctx.actor.userId !== undefined
  const teamId =
    (enteredByCaseworker ? ctx.actor.teamIds[0] : undefined) ??
    (await teamFor(trx, ctx.actor.authorityId, child.locality))
  const created = await insertCase(trx, {
    authority_id: ctx.actor.authorityId,
    child_id: child.id,
    reference: await nextReference(trx, request.requestReceived),
    status: 'received',
    requester_kind: request.requesterKind,
    requester_user_id: request.requesterUserId ?? null,
    requester_name: request.requesterName,
    requester_setting_id: request.requesterSettingId ?? null,
    received_via: request.receivedVia,
    request_received: request.requestReceived,
    reasons: request.reasons,
    family_views: request.familyViews ?? null,
    request_details: JSON.stringify(request.details ?? {}),
    family_views_invited_on: null,
    setting_id: request.settingId ?? null,
    team_id: teamId ?? null,
    caseworker_user_id: enteredByCaseworker ? ctx.actor.userId! : null,
    decision_on: null,
    decision: null,
    issue_decision_on: null,
    issue_decision: null,
    draft_issued_on: null,
    draft_response_on: null,
    draft_response: null,
    preferred_setting_id: null,
    final_issued_on: null,
    named_setting_id: null,
    closed_on: null,
    closed_reason: null,
    sen_support_next_step: null,
    family_view_of_outcome: null,
  })
  const evidence = await linkDocumentsToCase(
    trx,
    { authorityId: created.authority_id, childId: created.child_id, caseId: created.id },
    request.documentIds ?? [],
  )
  await insertCaseEvent(trx, {
    authorityId: created.authority_id,
    caseId: created.id,
    kind: 'request_received',
    toStatus: 'received',
    occurredOn: request.requestReceived,
    actorUserId: ctx.audit.userId,
    actorLabel: ctx.audit.label,
    details: {
      via: request.receivedVia,
      requester: request.requesterKind,
      documents: evidence.length,
    },
  })
  await auditCase(ctx, trx, 'ehc_case.create', created, { via: request.receivedVia })
  await sendLettersFor(ctx, trx, created, 'request_received', request.requestReceived)
  return created
}

export interface TransitionInput {
  transition: CaseTransition
  on: IsoDate
  expectedVersion: number
  reason?: string
  senSupportNextStep?: string
  familyViewOfOutcome?: string
  /** Set only by the panel service, which records the decision against its criteria. */
  byPanel?: boolean
  /** The setting named in a final plan. */
  namedSettingId?: string
  /** Shown on the timeline beside the reason (e.g. the named setting's name). */
  details?: Record<string, unknown>
}

type CaseChanges = Parameters<typeof updateCase>[4]

/** The columns each transition sets, beside its status. */
function changesFor(input: TransitionInput): CaseChanges {
  const { on } = input
  switch (input.transition) {
    case 'invite_views':
      return { family_views_invited_on: on }
    case 'decide_to_assess':
      return { decision_on: on, decision: 'assess' }
    case 'decide_not_to_assess':
      return refusal(input, { decision_on: on, decision: 'not_assess' })
    case 'decide_to_issue':
      return { issue_decision_on: on, issue_decision: 'issue' }
    case 'decide_not_to_issue':
      return refusal(input, { issue_decision_on: on, issue_decision: 'not_issue' })
    case 'issue_draft':
      return { draft_issued_on: on }
    case 'issue_final':
      return {
        final_issued_on: on,
        closed_on: on,
        ...(input.namedSettingId ? { named_setting_id: input.namedSettingId } : {}),
      }
    case 'withdraw':
    case 'transfer_out':
    case 'child_moved':
      return { closed_on: on, closed_reason: input.reason ?? null }
  }
}

function refusal(input: TransitionInput, changes: CaseChanges): CaseChanges {
  return {
    ...changes,
    closed_on: input.on,
    closed_reason: input.reason ?? null,
    sen_support_next_step: input.senSupportNextStep?.trim() ?? null,
    family_view_of_outcome: input.familyViewOfOutcome?.trim() || null,
  }
}

/**
 * Moves a case on by one step of the workflow table, in the caller's transaction: checks the step is allowed now,
 * records who, when and why, and refuses a stale version (someone else changed the case first).
 */
export async function transitionCase(
  ctx: UseCaseContext,
  trx: Queryable,
  caseId: string,
  input: TransitionInput,
): Promise<CaseRow> {
  // A panel decision is authorised by the panel service (a member of that meeting, or a team manager): panel members
  // read the case through the agenda but do not manage cases.
  const panelDecision = input.byPanel === true && transitionRules[input.transition].panelDecision
  const current = panelDecision ? await loadReadableCase(ctx, trx, caseId) : await loadManageableCase(ctx, trx, caseId)
  if (current.version !== input.expectedVersion) throw caseChanged()
  const today = todayInLondon()
  const [advice, consultations, lastOn, plan] = await Promise.all([
    adviceRequestsOf(trx, current.id),
    consultationsOf(trx, current.id),
    latestEventOn(trx, current.id),
    planInForce(trx, current.child_id),
  ])
  const facts = transitionFactsOf(current, advice, consultations, lastOn, plan !== undefined, today)
  const check = checkTransition(
    facts,
    {
      transition: input.transition,
      on: input.on,
      reason: input.reason,
      senSupportNextStep: input.senSupportNextStep,
      namedSettingId: input.namedSettingId,
      byPanel: input.byPanel === true,
    },
    today,
  )
  if (!check.ok) throw new Conflict(check.reason)
  const updated = await updateCase(trx, current.authority_id, current.id, input.expectedVersion, {
    status: check.to,
    ...changesFor(input),
  })
  if (!updated) throw caseChanged()
  await insertCaseEvent(trx, {
    authorityId: current.authority_id,
    caseId: current.id,
    kind: input.transition,
    fromStatus: current.status,
    toStatus: check.to,
    occurredOn: input.on,
    actorUserId: ctx.audit.userId,
    actorLabel: ctx.audit.label,
    reason: input.reason,
    details: {
      ...(input.senSupportNextStep ? { senSupportNextStep: input.senSupportNextStep } : {}),
      ...input.details,
    },
  })
  await auditCase(ctx, trx, `ehc_case.${input.transition}`, current, { from: current.status, to: check.to })
  await sendLettersFor(ctx, trx, updated, input.transition, input.on, input.reason)
  return updated
}

export function caseChanged() {
  return new Conflict('Someone else changed this case while you were working on it. Check the case and try again')
}

/** Records an event that is not a change of status (a note, a view given, an allocation) against a case. */
export async function recordCaseEvent(
  ctx: UseCaseContext,
  trx: Queryable,
  c: Pick<CaseRow, 'id' | 'authority_id' | 'child_id'>,
  event: { kind: string; on: IsoDate; reason?: string; details?: Record<string, unknown> },
) {
  await insertCaseEvent(trx, {
    authorityId: c.authority_id,
    caseId: c.id,
    kind: event.kind,
    occurredOn: event.on,
    actorUserId: ctx.audit.userId,
    actorLabel: ctx.audit.label,
    reason: event.reason,
    details: event.details,
  })
  await auditCase(ctx, trx, `ehc_case.${event.kind}`, c, event.details ?? {})
}

/** Allocates a case to a caseworker (and their team); a team manager's decision. */
export async function allocateCase(
  ctx: UseCaseContext,
  input: { caseId: string; caseworkerUserId: string; expectedVersion: number; reason?: string },
): Promise<CaseRow> {
  if (!mayTake(ctx.actor, 'ehc:allocate')) throw new Forbidden('Only a team manager can allocate cases')
  return ctx.db.transaction().execute(async (trx) => {
    const current = await loadManageableCase(ctx, trx, input.caseId)
    const worker = await trx
      .selectFrom('app_user')
      .select(['id', 'display_name'])
      .select((eb) =>
        eb
          .selectFrom('user_scope')
          .select('ref_id')
          .whereRef('user_scope.user_id', '=', 'app_user.id')
          .where('user_scope.kind', '=', 'team')
          .limit(1)
          .as('team_id'),
      )
      .where('authority_id', '=', ctx.actor.authorityId)
      .where('role', '=', 'caseworker')
      .where('disabled_at', 'is', null)
      .where(
        'id',
        '=',
        isUuid(input.caseworkerUserId) ? input.caseworkerUserId : '00000000-0000-0000-0000-000000000000',
      )
      .executeTakeFirst()
    if (!worker) throw new Invalid([{ field: 'caseworkerUserId', message: 'Choose a caseworker in this authority' }])
    const updated = await updateCase(trx, current.authority_id, current.id, input.expectedVersion, {
      caseworker_user_id: worker.id,
      team_id: worker.team_id ?? current.team_id,
    })
    if (!updated) throw caseChanged()
    await recordCaseEvent(ctx, trx, current, {
      kind: current.caseworker_user_id ? 'reallocated' : 'allocated',
      on: todayInLondon(),
      reason: input.reason,
      details: { caseworker: worker.display_name, caseworkerUserId: worker.id },
    })
    return updated
  })
}
