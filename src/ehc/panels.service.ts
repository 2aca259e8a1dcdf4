import { compareIsoDate, type IsoDate, longIsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../platform/errors.js'
import {
  panelAccessDays,
  panelMeetingClosesToMembersAfter,
  panelMeetingOpenToMembers,
} from '../platform/policy/panelAccess.js'
import { type Action, type Actor, mayTake } from '../platform/policy/policy.js'
import { auditAs, type UseCaseContext } from '../platform/useCase.js'
import { type CaseRow, findCase } from './cases.repository.js'
import { caseChanged, recordCaseEvent, transitionCase } from './cases.service.js'
import { computeEhcDeadlines } from './clock.js'
import { type PanelQuestion, panelQuestionNames } from './panelCriteria.js'
import {
  type AgendaRow,
  adviceOf,
  agendaOf,
  type CriterionRow,
  casesAwaitingDecision,
  childSummaryOf,
  criteriaOf,
  criterionUsed,
  decideItem,
  decisionCriteriaOf,
  deleteUndecidedItem,
  documentsOf,
  findAgendaItem,
  findCriterion,
  findMeeting,
  insertAgendaItem,
  insertCriterion,
  insertDecisionCriteria,
  insertDefaultCriteria,
  insertMeeting,
  lockAgendas,
  type MeetingRow,
  meetingsOf,
  membersOf,
  nextAgendaPosition,
  otherListingsOf,
  panelCandidates,
  retireCriterionRow,
  updateCriterionText,
} from './panels.repository.js'
import type { CriterionInput, DecisionInput, NewMeeting, PanelDecision } from './panels.schemas.js'
import { type CaseTransition, statusNames } from './workflow.js'

/**
 * The multi-agency panel (issue 4 item 5): the authority's published criteria, meetings and their members, agendas
 * built from the cases awaiting a decision, the papers, and decisions recorded against the criteria. A decision moves
 * the case through `transitionCase`, which sends the decision letter, in the same transaction.
 */

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)

function authorise(ctx: UseCaseContext, action: Action, message?: string) {
  if (!mayTake(ctx.actor, action)) throw new Forbidden(message)
}

export const childNameOf = (c: { legal_forename: string; legal_surname: string; preferred_name: string | null }) =>
  c.preferred_name && c.preferred_name !== c.legal_forename
    ? `${c.legal_forename} (${c.preferred_name}) ${c.legal_surname}`
    : `${c.legal_forename} ${c.legal_surname}`

/** The statutory date the question must be answered by: 6 weeks for whether to assess, 16 for not issuing a plan. */
export function decisionDue(question: PanelQuestion, requestReceived: IsoDate): IsoDate {
  const due = computeEhcDeadlines({ requestReceived })
  return question === 'assess' ? due.decisionToAssess : due.notToIssue
}

/** The decisions open to the panel on each question. */
export const decisionsFor: Record<PanelQuestion, readonly PanelDecision[]> = {
  assess: ['assess', 'not_assess', 'deferred'],
  issue: ['issue', 'not_issue', 'deferred'],
}

const transitionOf: Record<Exclude<PanelDecision, 'deferred'>, CaseTransition> = {
  assess: 'decide_to_assess',
  not_assess: 'decide_not_to_assess',
  issue: 'decide_to_issue',
  not_issue: 'decide_not_to_issue',
}

const refusals: readonly PanelDecision[] = ['not_assess', 'not_issue']

/** Is the case still waiting for the panel's answer to this question? The reason it is not, if not. */
function awaitingReason(question: PanelQuestion, c: Pick<CaseRow, 'status'>): string | undefined {
  const waiting = question === 'assess' ? ['received', 'considering'].includes(c.status) : c.status === 'assessing'
  if (waiting) return undefined
  const status = statusNames[c.status as keyof typeof statusNames]?.staff.toLowerCase() ?? c.status
  return `This case is no longer awaiting a decision ${question === 'assess' ? 'whether to assess' : 'whether to issue a plan'}: it is ${status}`
}

// ---------------------------------------------------------------------------------------------------------------------
// Criteria

export async function listCriteria(ctx: UseCaseContext) {
  authorise(ctx, 'panel:read')
  return criteriaOf(ctx.db, ctx.actor.authorityId, { includeRetired: true })
}

const auditCriteria = (ctx: UseCaseContext, trx: Queryable, action: string, details: Record<string, unknown>) =>
  auditAs(ctx, trx, { action, recordType: 'panel_criterion', recordId: details.id as string | undefined, details })

/** Publishes the default criteria (panelCriteria.ts) for an authority that has none of them yet. */
export async function publishDefaultCriteria(ctx: UseCaseContext): Promise<number> {
  authorise(ctx, 'panel:configure', 'Only a team manager can change the panel’s criteria')
  return ctx.db.transaction().execute(async (trx) => {
    const added = await insertDefaultCriteria(trx, ctx.actor.authorityId)
    await auditCriteria(ctx, trx, 'panel_criteria.defaults-published', { added })
    return added
  })
}

export async function addCriterion(ctx: UseCaseContext, input: CriterionInput) {
  authorise(ctx, 'panel:configure', 'Only a team manager can change the panel’s criteria')
  return ctx.db.transaction().execute(async (trx) => {
    const added = await insertCriterion(trx, ctx.actor.authorityId, {
      question: input.question,
      text: input.text,
      source: input.source ?? null,
      codeBase: input.question,
    })
    await auditCriteria(ctx, trx, 'panel_criterion.added', { id: added.id, code: added.code })
    return added
  })
}

async function loadCriterion(ctx: UseCaseContext, trx: Queryable, id: string) {
  const found = isUuid(id) ? await findCriterion(trx, ctx.actor.authorityId, id) : undefined
  if (!found) throw new NotFound('The criterion could not be found')
  if (found.retired_at) throw new Conflict('This criterion has been retired: add a new one instead')
  return found
}

export async function viewCriterion(ctx: UseCaseContext, id: string) {
  authorise(ctx, 'panel:configure', 'Only a team manager can change the panel’s criteria')
  return loadCriterion(ctx, ctx.db, id)
}

/**
 * Changes a criterion's wording. Decisions keep the wording they were made against: a criterion already used in a
 * decision is retired and its new wording saved as a new criterion in its place.
 */
export async function changeCriterion(ctx: UseCaseContext, id: string, input: CriterionInput) {
  authorise(ctx, 'panel:configure', 'Only a team manager can change the panel’s criteria')
  return ctx.db.transaction().execute(async (trx) => {
    const found = await loadCriterion(ctx, trx, id)
    if (await criterionUsed(trx, found.id)) {
      await retireCriterionRow(trx, ctx.actor.authorityId, found.id)
      const replacement = await insertCriterion(trx, ctx.actor.authorityId, {
        question: input.question,
        text: input.text,
        source: input.source ?? null,
        codeBase: found.code,
        position: found.position,
      })
      await auditCriteria(ctx, trx, 'panel_criterion.replaced', { id: replacement.id, replaces: found.id })
      return { id: replacement.id, replaced: true }
    }
    await updateCriterionText(trx, ctx.actor.authorityId, found.id, {
      question: input.question,
      text: input.text,
      source: input.source ?? null,
    })
    await auditCriteria(ctx, trx, 'panel_criterion.changed', { id: found.id })
    return { id: found.id, replaced: false }
  })
}

/** Retires a criterion: no longer weighed in new decisions, still shown against the decisions that weighed it. */
export async function retireCriterion(ctx: UseCaseContext, id: string) {
  authorise(ctx, 'panel:configure', 'Only a team manager can change the panel’s criteria')
  await ctx.db.transaction().execute(async (trx) => {
    const found = await loadCriterion(ctx, trx, id)
    await retireCriterionRow(trx, ctx.actor.authorityId, found.id)
    await auditCriteria(ctx, trx, 'panel_criterion.retired', { id: found.id, code: found.code })
  })
}

// ---------------------------------------------------------------------------------------------------------------------
// Meetings

const noUser = '00000000-0000-0000-0000-000000000000'

/** Meetings the actor may see, upcoming (soonest first) and past (latest first): a panel member's own only. */
export async function listMeetings(ctx: UseCaseContext) {
  authorise(ctx, 'panel:read')
  const memberOnly = ctx.actor.role === 'panel_member' ? (ctx.actor.userId ?? noUser) : undefined
  const rows = await meetingsOf(ctx.db, ctx.actor.authorityId, memberOnly)
  const today = todayInLondon()
  const meetings = rows.map((m) => ({
    ...m,
    items: Number(m.items ?? 0),
    decided: Number(m.decided ?? 0),
    startsAt: m.starts_at.slice(0, 5),
    papersOpen: papersOpenTo(ctx.actor, m.meets_on, today),
  }))
  return {
    upcoming: meetings.filter((m) => compareIsoDate(m.meets_on, today) >= 0),
    past: meetings.filter((m) => compareIsoDate(m.meets_on, today) < 0).reverse(),
    /** How long after a meeting a panel member sees its agenda, when the actor is one. */
    memberAccessDays: ctx.actor.role === 'panel_member' ? panelAccessDays : undefined,
  }
}

export async function meetingCandidates(ctx: UseCaseContext) {
  authorise(ctx, 'panel:manage')
  return panelCandidates(ctx.db, ctx.actor.authorityId)
}

export async function scheduleMeeting(ctx: UseCaseContext, input: NewMeeting) {
  authorise(ctx, 'panel:manage')
  if (compareIsoDate(input.meetsOn, todayInLondon()) < 0) {
    throw new Invalid([{ field: 'meetsOn', message: 'The date of the meeting cannot be in the past' }])
  }
  return ctx.db.transaction().execute(async (trx) => {
    const candidates = new Set((await panelCandidates(trx, ctx.actor.authorityId)).map((c) => c.id))
    if (input.members.some((m) => !candidates.has(m.userId))) {
      throw new Invalid([{ field: 'members', message: 'Choose members from the list of panel members and managers' }])
    }
    const meeting = await insertMeeting(trx, {
      authorityId: ctx.actor.authorityId,
      meetsOn: input.meetsOn,
      startsAt: input.startsAt.padStart(5, '0'),
      location: input.location,
      members: input.members,
    })
    await auditAs(ctx, trx, {
      action: 'panel_meeting.scheduled',
      recordType: 'panel_meeting',
      recordId: meeting.id,
      details: { meetsOn: input.meetsOn, members: input.members.length },
    })
    return meeting
  })
}

type Members = Awaited<ReturnType<typeof membersOf>>

const isMember = (actor: Actor, members: Members) =>
  actor.userId !== undefined && members.some((m) => m.user_id === actor.userId)

/** A team manager records any panel's decisions; a panel member only those of a meeting they sit on. */
const mayDecideAt = (actor: Actor, members: Members) =>
  mayTake(actor, 'panel:decide') && (actor.role === 'team_manager' || isMember(actor, members))

/** Caseworkers and managers see every meeting's agenda; a panel member (once a member) for panelAccess.ts's time. */
const papersOpenTo = (actor: Actor, meetsOn: IsoDate, today: IsoDate) =>
  actor.role !== 'panel_member' || panelMeetingOpenToMembers(meetsOn, today)

/**
 * Loads a meeting the actor may see: caseworkers and managers any of the authority's, a panel member their own until
 * panelAccess.ts's days after it.
 */
async function loadMeeting(ctx: UseCaseContext, trx: Queryable, id: string) {
  authorise(ctx, 'panel:read')
  const meeting = isUuid(id) ? await findMeeting(trx, ctx.actor.authorityId, id) : undefined
  if (!meeting) throw new NotFound('The panel meeting could not be found')
  const members = await membersOf(trx, meeting.id)
  if (ctx.actor.role === 'panel_member' && !isMember(ctx.actor, members)) {
    throw new Forbidden('You can only see the panels you are a member of')
  }
  if (!papersOpenTo(ctx.actor, meeting.meets_on, todayInLondon())) {
    const closed = longIsoDate(panelMeetingClosesToMembersAfter(meeting.meets_on))
    throw new Forbidden(
      `Members see a meeting’s agenda and papers until ${panelAccessDays} days after it: this one’s closed to them after ${closed}`,
    )
  }
  return { meeting, members }
}

const listingOpen = (meeting: MeetingRow, today: IsoDate) =>
  meeting.status === 'planned' && compareIsoDate(meeting.meets_on, today) >= 0

function presentAgendaRow(row: AgendaRow) {
  return {
    id: row.id,
    caseId: row.case_id,
    childId: row.child_id,
    reference: row.reference,
    childName: childNameOf(row),
    question: row.question,
    dueOn: decisionDue(row.question, row.request_received),
    caseStatus: row.status,
    caseVersion: row.version,
    decision: row.decision,
    reasons: row.reasons,
    decidedAt: row.decided_at,
    awaiting: row.decision === null && awaitingReason(row.question, row) === undefined,
  }
}

function sortByDue<T extends { dueOn: IsoDate; reference: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => compareIsoDate(a.dueOn, b.dueOn) || a.reference.localeCompare(b.reference))
}

async function awaitingFor(trx: Queryable, meeting: MeetingRow, today: IsoDate, onlyCaseId?: string) {
  const rows = await casesAwaitingDecision(trx, meeting.authority_id, meeting.id, today, onlyCaseId)
  return sortByDue(
    rows.map((r) => ({
      caseId: r.id,
      childId: r.child_id,
      reference: r.reference,
      childName: childNameOf(r),
      question: r.question,
      dueOn: decisionDue(r.question, r.request_received),
      row: r,
    })),
  )
}

/**
 * A meeting with its members and agenda, and for those who manage panels the cases that could be added to it.
 * Names on an agenda are a read of those children's records: one audit entry names them all.
 */
export async function viewMeeting(ctx: UseCaseContext, id: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const { meeting, members } = await loadMeeting(ctx, trx, id)
    const today = todayInLondon()
    const agenda = (await agendaOf(trx, meeting.id)).map(presentAgendaRow)
    const mayManage = mayTake(ctx.actor, 'panel:manage')
    const open = listingOpen(meeting, today)
    const awaiting = mayManage && open ? await awaitingFor(trx, meeting, today) : []
    const childIds = [...new Set([...agenda.map((a) => a.childId), ...awaiting.map((a) => a.childId)])]
    if (childIds.length) {
      await auditAs(ctx, trx, {
        action: 'panel_meeting.read',
        recordType: 'panel_meeting',
        recordId: meeting.id,
        details: { childIds },
      })
    }
    return {
      meeting: { ...meeting, startsAt: meeting.starts_at.slice(0, 5) },
      members,
      agenda,
      awaiting: awaiting.map(({ row: _row, ...a }) => a),
      mayManage,
      mayDecide: mayDecideAt(ctx.actor, members),
      listingOpen: open,
      isPast: compareIsoDate(meeting.meets_on, today) < 0,
    }
  })
}

async function listCase(
  ctx: UseCaseContext,
  trx: Queryable,
  meeting: MeetingRow,
  c: Awaited<ReturnType<typeof awaitingFor>>[number],
  position: number,
  today: IsoDate,
) {
  const item = await insertAgendaItem(trx, {
    authorityId: meeting.authority_id,
    meetingId: meeting.id,
    caseId: c.caseId,
    question: c.question,
    position,
  })
  await recordCaseEvent(ctx, trx, c.row, {
    kind: 'panel_listed',
    on: today,
    details: { meetingId: meeting.id, meetsOn: meeting.meets_on, question: c.question, agendaItemId: item.id },
  })
  return item
}

async function loadMeetingForListing(ctx: UseCaseContext, trx: Queryable, meetingId: string, today: IsoDate) {
  authorise(ctx, 'panel:manage')
  const { meeting } = await loadMeeting(ctx, trx, meetingId)
  if (!listingOpen(meeting, today)) {
    throw new Conflict('Cases can only be added to a planned meeting that has not yet taken place')
  }
  await lockAgendas(trx, meeting.authority_id)
  return meeting
}

/**
 * Adds to the agenda every case awaiting a decision that is not already waiting on a meeting to come, the decision
 * due soonest first. Each listing is recorded on the case. Returns how many were added.
 */
export async function buildAgenda(ctx: UseCaseContext, meetingId: string): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const today = todayInLondon()
    const meeting = await loadMeetingForListing(ctx, trx, meetingId, today)
    const awaiting = await awaitingFor(trx, meeting, today)
    let position = await nextAgendaPosition(trx, meeting.id)
    for (const c of awaiting) await listCase(ctx, trx, meeting, c, position++, today)
    return awaiting.length
  })
}

/** Adds one case awaiting a decision to the agenda. */
export async function addToAgenda(ctx: UseCaseContext, meetingId: string, caseId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const today = todayInLondon()
    const meeting = await loadMeetingForListing(ctx, trx, meetingId, today)
    const [c] = isUuid(caseId) ? await awaitingFor(trx, meeting, today, caseId) : []
    if (!c) {
      throw new Conflict(
        'That case is not awaiting a panel decision, or is already on the agenda of this or another meeting to come',
      )
    }
    return listCase(ctx, trx, meeting, c, await nextAgendaPosition(trx, meeting.id), today)
  })
}

/** Takes a case not yet decided off the agenda; the case's timeline says so. */
export async function removeFromAgenda(ctx: UseCaseContext, meetingId: string, itemId: string) {
  await ctx.db.transaction().execute(async (trx) => {
    authorise(ctx, 'panel:manage')
    const { meeting } = await loadMeeting(ctx, trx, meetingId)
    const item = isUuid(itemId) ? await findAgendaItem(trx, ctx.actor.authorityId, meeting.id, itemId) : undefined
    if (!item) throw new NotFound('The agenda item could not be found')
    if (!(await deleteUndecidedItem(trx, item.id))) {
      throw new Conflict('The panel has already recorded a decision on this case: it stays on the agenda')
    }
    const c = await findCase(trx, ctx.actor.authorityId, item.case_id)
    await recordCaseEvent(ctx, trx, c!, {
      kind: 'note',
      on: todayInLondon(),
      reason: 'Taken off the panel’s agenda',
      details: { meetingId: meeting.id, meetsOn: meeting.meets_on, question: item.question, panelUnlisted: true },
    })
  })
}

// ---------------------------------------------------------------------------------------------------------------------
// Papers and decisions

async function loadItem(ctx: UseCaseContext, trx: Queryable, meetingId: string, itemId: string) {
  const { meeting, members } = await loadMeeting(ctx, trx, meetingId)
  const item = isUuid(itemId) ? await findAgendaItem(trx, ctx.actor.authorityId, meeting.id, itemId) : undefined
  if (!item) throw new NotFound('The agenda item could not be found')
  const c = await findCase(trx, ctx.actor.authorityId, item.case_id)
  if (!c) throw new NotFound()
  return { meeting, members, item, case: c }
}

/** Why this actor cannot record a decision on this item now, or undefined when they can. */
function decisionBlockedBy(
  actor: Actor,
  members: Members,
  meeting: MeetingRow,
  item: { decision: string | null; question: PanelQuestion },
  c: CaseRow,
  today: IsoDate,
): { status: 403 | 409; reason: string } | undefined {
  if (!mayDecideAt(actor, members)) {
    return { status: 403, reason: 'Only members of this panel, or a team manager, can record its decisions' }
  }
  if (item.decision !== null)
    return { status: 409, reason: 'The panel’s decision on this case has already been recorded' }
  const notAwaiting = awaitingReason(item.question, c)
  if (notAwaiting) return { status: 409, reason: notAwaiting }
  if (meeting.status === 'cancelled') return { status: 409, reason: 'This meeting was cancelled' }
  if (compareIsoDate(meeting.meets_on, today) > 0) {
    return { status: 409, reason: 'Decisions can be recorded from the day the panel meets' }
  }
  return undefined
}

/** The papers for one case on the agenda, and what the panel needs to decide it. An audited read of the child. */
export async function viewAgendaItem(ctx: UseCaseContext, meetingId: string, itemId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const { meeting, members, item, case: c } = await loadItem(ctx, trx, meetingId, itemId)
    const today = todayInLondon()
    const [summary, advice, documents, criteria, recorded, others, decidedBy] = await Promise.all([
      childSummaryOf(trx, c.child_id),
      adviceOf(trx, c.id),
      documentsOf(trx, c.id),
      criteriaOf(trx, ctx.actor.authorityId, { includeRetired: false }),
      decisionCriteriaOf(trx, item.id),
      otherListingsOf(trx, c.id, item.id),
      item.decided_by_user_id
        ? trx.selectFrom('app_user').select('display_name').where('id', '=', item.decided_by_user_id).executeTakeFirst()
        : undefined,
    ])
    await auditAs(ctx, trx, {
      action: 'panel_papers.read',
      recordType: 'panel_agenda_item',
      recordId: item.id,
      childId: c.child_id,
      details: { meetingId: meeting.id, caseId: c.id },
    })
    const blocked = decisionBlockedBy(ctx.actor, members, meeting, item, c, today)
    return {
      meeting: { ...meeting, startsAt: meeting.starts_at.slice(0, 5) },
      item: { ...item, decidedBy: decidedBy?.display_name },
      question: { code: item.question, name: panelQuestionNames[item.question] },
      case: c,
      child: { ...summary.child, name: childNameOf(summary.child) },
      settings: summary.settings,
      advice,
      documents,
      criteria: criteria.filter((k) => k.question === item.question),
      recorded,
      others,
      dueOn: decisionDue(item.question, c.request_received),
      decisions: decisionsFor[item.question],
      mayDecide: blocked === undefined,
      blockedBy: mayDecideAt(ctx.actor, members) ? blocked?.reason : undefined,
    }
  })
}

/**
 * What is wrong with a decision as recorded, every problem at once, in the order of the form: a decision that does not
 * answer the question put, a criterion not weighed (a deferral need not weigh them), a refusal without its next step.
 */
export function decisionProblems(
  input: {
    decision?: unknown
    criteria: readonly { criterionId: string }[]
    senSupportNextStep?: unknown
  },
  question: PanelQuestion,
  active: readonly Pick<CriterionRow, 'id' | 'text'>[],
): FieldError[] {
  const problems: FieldError[] = []
  const decision = decisionsFor[question].find((d) => d === input.decision)
  if (input.decision !== undefined && !decision) {
    problems.push({ field: 'decision', message: `Choose a decision on ${panelQuestionNames[question].toLowerCase()}` })
  }
  const known = new Set(active.map((k) => k.id))
  const weighed = new Set(input.criteria.map((k) => k.criterionId))
  if (input.criteria.some((k) => !known.has(k.criterionId))) {
    problems.push({
      field: 'criteria',
      message: 'A criterion is not one of the published criteria for this decision: reload the page',
    })
  } else if (weighed.size !== input.criteria.length) {
    problems.push({ field: 'criteria', message: 'Weigh each criterion once' })
  }
  if (decision !== 'deferred') {
    for (const k of active.filter((k) => !weighed.has(k.id))) {
      problems.push({ field: `criterion-${k.id}`, message: `Say whether this criterion is met: ${k.text}` })
    }
  }
  const nextStep = typeof input.senSupportNextStep === 'string' ? input.senSupportNextStep.trim() : ''
  if (decision && refusals.includes(decision) && !nextStep) {
    problems.push({
      field: 'senSupportNextStep',
      message: 'Name the next step at SEN Support for the child or young person',
    })
  }
  return problems
}

/**
 * Records the panel's decision on a case on its agenda: the decision, its reasons against each published criterion,
 * and for a refusal the named next step at SEN Support and the family's view. The case moves on (and the family is
 * sent the decision letter) in the same transaction; a deferral leaves the case as it is, free to be listed again.
 * A case no longer awaiting this decision, a decision already recorded, or a stale version: refused, nothing changed.
 */
export async function recordDecision(ctx: UseCaseContext, meetingId: string, itemId: string, input: DecisionInput) {
  authorise(ctx, 'panel:decide')
  return ctx.db.transaction().execute(async (trx) => {
    const { meeting, members, item, case: c } = await loadItem(ctx, trx, meetingId, itemId)
    const today = todayInLondon()
    const blocked = decisionBlockedBy(ctx.actor, members, meeting, item, c, today)
    if (blocked?.status === 403) throw new Forbidden(blocked.reason)
    if (blocked) throw new Conflict(blocked.reason)
    const active = (await criteriaOf(trx, ctx.actor.authorityId, { includeRetired: false })).filter(
      (k) => k.question === item.question,
    )
    const problems = decisionProblems(input, item.question, active)
    if (problems.length) throw new Invalid(problems)
    const refusal = refusals.includes(input.decision)
    if (c.version !== input.expectedVersion) throw caseChanged()

    const decided = await decideItem(trx, item.id, {
      decision: input.decision,
      reasons: input.reasons,
      decidedByUserId: ctx.audit.userId,
    })
    if (!decided) throw new Conflict('The panel’s decision on this case has already been recorded')
    await insertDecisionCriteria(trx, item.id, input.criteria)

    const on = meeting.meets_on
    let after: CaseRow = c
    if (input.decision === 'deferred') {
      await recordCaseEvent(ctx, trx, c, {
        kind: 'note',
        on,
        reason: `The panel deferred its decision: ${input.reasons}`,
        details: { meetingId: meeting.id, agendaItemId: item.id, panelDeferred: true, question: item.question },
      })
    } else {
      after = await transitionCase(ctx, trx, c.id, {
        transition: transitionOf[input.decision],
        on,
        expectedVersion: input.expectedVersion,
        reason: input.reasons,
        senSupportNextStep: refusal ? input.senSupportNextStep : undefined,
        familyViewOfOutcome: refusal ? input.familyView : undefined,
        byPanel: true,
      })
    }
    const codes = new Map(active.map((k) => [k.id, k.code]))
    await auditAs(ctx, trx, {
      action: 'panel_decision.recorded',
      recordType: 'panel_agenda_item',
      recordId: item.id,
      childId: c.child_id,
      details: {
        meetingId: meeting.id,
        caseId: c.id,
        decision: input.decision,
        criteria: input.criteria.map((k) => ({ code: codes.get(k.criterionId), met: k.met })),
      },
    })
    const letter =
      input.decision === 'deferred'
        ? undefined
        : await trx
            .selectFrom('ehc_letter')
            .select('id')
            .where('case_id', '=', c.id)
            .orderBy('created_at', 'desc')
            .limit(1)
            .executeTakeFirst()
    return { itemId: item.id, decision: input.decision, case: after, letterId: letter?.id }
  })
}
