/**
 * Use cases of the family's view of their requests for an EHC needs assessment (issue 4 item 9), of the EHC section of
 * a child's page, and of a SENCO's list of their pupils' requests. Every date comes from the statutory clock, evaluated
 * on the same facts as the caseworker's pages (`clockFactsOf` + `assessCase`).
 */
import { findChild, loadChildScope } from '../people/children.repository.js'
import { type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { documentsOfCase } from '../platform/documents/documents.repository.js'
import { Conflict, Forbidden } from '../platform/errors.js'
import { childVisibility, mayReadChild, mayTake } from '../platform/policy/policy.js'
import { auditAs, type UseCaseContext } from '../platform/useCase.js'
import { documentLinks, draftPlanName, planNamesOf } from './caseDocuments.js'
import { clockInputsOf } from './caseload.repository.js'
import { adviceRequestsOf, type CaseRow, consultationsOf, exceptionsOf, insertCaseEvent } from './cases.repository.js'
import { loadReadableCase } from './cases.service.js'
import { assessCase, type EhcClockStep, type EhcExceptionReason } from './clock.js'
import { type CaseDates, clockFactsOf } from './facts.js'
import {
  appendFamilyViews,
  authorityCode,
  casesOfChild,
  casesVisibleTo,
  childrenVisibleTo,
  consultationsAwaitingReply,
  familyCaseDetails,
  planEventsOf,
  planInForceWithSetting,
} from './family.repository.js'
import type { FamilyViewsInput } from './family.schemas.js'
import { type FamilyContacts, familyContactsFor } from './familyContacts.js'
import {
  type FamilyDate,
  type FamilyProgress,
  familyDate,
  type NextStep,
  nextDueStep,
  nextStepOf,
  presentFamilyProgress,
} from './familyProgress.js'
import { type CaseStatus, isOpen, statusNames } from './workflow.js'

type Named = { legal_forename: string; legal_surname: string; preferred_name: string | null }
const nameOf = (c: Named) => `${c.preferred_name ?? c.legal_forename} ${c.legal_surname}`
const forenameOf = (c: Named) => c.preferred_name ?? c.legal_forename

const isFamily = (role: string) => role === 'parent' || role === 'young_person'

/** Seeing a list of requests is a read of each: one audit entry names every case shown. */
const auditList = (ctx: UseCaseContext, trx: Queryable, view: string, rows: readonly { id: string }[]) =>
  auditAs(ctx, trx, {
    action: 'ehc_case.listed',
    recordType: 'ehc_case',
    details: { view, results: rows.length, caseIds: rows.map((r) => r.id) },
  })

/** Each case's clock evaluation, from the same facts the caseworker's caseload uses. */
async function assessRows<R extends CaseDates & { id: string }>(db: Queryable, rows: readonly R[], today: IsoDate) {
  const inputs = await clockInputsOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((row) => {
    const { advice, consultations, exceptions } = inputs.get(row.id) ?? {
      advice: [],
      consultations: [],
      exceptions: [],
    }
    const facts = clockFactsOf(row, advice, consultations, exceptions)
    return { row: row as R & { status: CaseStatus }, facts, assessment: assessCase(facts, today) }
  })
}

// ---------------------------------------------------------------------------------------------------------------------
// The family's list

export interface FamilyRequestSummary {
  id: string
  reference: string
  statusText: string
  open: boolean
  received: FamilyDate
  next: NextStep
}

export interface FamilyChildRequests {
  child: { id: string; name: string; forename: string }
  requests: FamilyRequestSummary[]
  /** No request is open for this child: the family may make one. */
  mayRequest: boolean
}

/** A parent's children (verified parental responsibility) or a young person's own record, each with its requests. */
export async function listFamilyRequests(ctx: UseCaseContext): Promise<FamilyChildRequests[]> {
  if (!mayTake(ctx.actor, 'ehc:follow')) throw new Forbidden()
  const today = todayInLondon()
  return ctx.db.transaction().execute(async (trx) => {
    const visibility = childVisibility(ctx.actor)
    const [children, rows] = await Promise.all([childrenVisibleTo(trx, visibility), casesVisibleTo(trx, visibility)])
    const assessed = await assessRows(trx, rows, today)
    await auditList(ctx, trx, 'family', rows)
    return children.map((child) => {
      const requests = assessed
        .filter((a) => a.row.child_id === child.id)
        .map(({ row, facts, assessment }) => ({
          id: row.id,
          reference: row.reference,
          statusText: statusNames[row.status].family,
          open: isOpen(row.status),
          received: familyDate(row.request_received),
          next: nextStepOf(row, assessment, facts, today),
        }))
      return {
        child: { id: child.id, name: nameOf(child), forename: forenameOf(child) },
        requests,
        mayRequest: mayTake(ctx.actor, 'ehc:request') && !requests.some((r) => r.open),
      }
    })
  })
}

// ---------------------------------------------------------------------------------------------------------------------
// One request, for the family

export interface FamilyRequestPage {
  id: string
  reference: string
  /** The request is the young person's own: the page speaks to "you". */
  youngPerson: boolean
  child: { id: string; name: string; forename: string }
  requesterName: string
  progress: FamilyProgress
  /** The draft and final plans sent, to download. */
  plans: ReturnType<typeof documentLinks>
  /** The draft plan's link, which the family is asked to read and comment on. */
  draftPlanHref?: string
  /** Who to contact: the caseworker when one is allocated, else the team. */
  caseworker?: { name: string; email: string }
  team?: string
  contacts: FamilyContacts
  /** The family's views so far, a paragraph a line, and when they added to them here. */
  views: { paragraphs: string[]; givenOn: FamilyDate[] }
  namedSetting?: string
}

/** Reads one request as its family sees it, audited. A request that is not theirs is not found (nothing leaked). */
export async function getFamilyRequest(ctx: UseCaseContext, id: string): Promise<FamilyRequestPage> {
  if (!mayTake(ctx.actor, 'ehc:follow')) throw new Forbidden()
  const today = todayInLondon()
  const loaded = await ctx.db.transaction().execute(async (trx) => {
    const found = await loadReadableCase(ctx, trx, id)
    const [details, advice, consultations, exceptions, code, plans, planEvents] = await Promise.all([
      familyCaseDetails(trx, found),
      adviceRequestsOf(trx, found.id),
      consultationsOf(trx, found.id),
      exceptionsOf(trx, found.id),
      authorityCode(trx, found.authority_id),
      documentsOfCase(trx, found.authority_id, found.id, ['plan']),
      planEventsOf(trx, found.id),
    ])
    await auditAs(ctx, trx, {
      action: 'ehc_case.read',
      recordType: 'ehc_case',
      recordId: found.id,
      childId: found.child_id,
      details: { view: 'family' },
    })
    return { found, details, advice, consultations, exceptions, code, plans, planEvents }
  })
  const { found, details, advice, consultations, exceptions, code } = loaded
  const c = found as CaseRow & { status: CaseStatus }
  const facts = clockFactsOf(c, advice, consultations, exceptions)
  const assessment = assessCase(facts, today)
  const progress = presentFamilyProgress({
    case: c,
    facts,
    assessment,
    letters: details.letters,
    exceptions: details.exceptions.map((e) => ({
      reason: e.reason as EhcExceptionReason,
      starts_on: e.starts_on,
      ends_on: e.ends_on,
      told_on: todayInLondon(new Date(e.created_at)),
    })),
    today,
  })
  // A file still being checked for viruses is not offered yet.
  const plans = documentLinks(
    loaded.plans.filter((d) => d.scan_status !== 'pending'),
    planNamesOf(loaded.planEvents),
  )
  return {
    id: c.id,
    reference: c.reference,
    youngPerson: ctx.actor.role === 'young_person',
    child: { id: details.child.id, name: nameOf(details.child), forename: forenameOf(details.child) },
    requesterName: c.requester_name,
    progress,
    caseworker: details.caseworker
      ? { name: details.caseworker.display_name, email: details.caseworker.email }
      : undefined,
    team: details.team?.name,
    contacts: familyContactsFor(code),
    views: {
      paragraphs: (c.family_views ?? '')
        .split(/\n+/)
        .map((p) => p.trim())
        .filter(Boolean),
      givenOn: details.views.map((v) => familyDate(v.occurred_on)),
    },
    namedSetting: details.namedSetting?.name,
    plans,
    draftPlanHref: plans.find((d) => d.name === draftPlanName)?.href,
  }
}

/**
 * Adds the family's views to their open request: appended to what they have said before (never replacing it),
 * recorded on the case's timeline as `views_given`, and audited, in one transaction.
 */
export async function giveFamilyViews(ctx: UseCaseContext, id: string, input: FamilyViewsInput): Promise<void> {
  if (!mayTake(ctx.actor, 'ehc:follow')) throw new Forbidden()
  const today = todayInLondon()
  await ctx.db.transaction().execute(async (trx) => {
    const found = await loadReadableCase(ctx, trx, id)
    if (!isOpen(found.status as CaseStatus)) {
      throw new Conflict('This request has closed, so you cannot add your views to it. Contact us instead')
    }
    const user = ctx.actor.userId
      ? await trx.selectFrom('app_user').select('display_name').where('id', '=', ctx.actor.userId).executeTakeFirst()
      : undefined
    const givenBy = ctx.actor.role === 'young_person' ? 'young person' : 'parent or carer'
    const heading = `From ${user?.display_name ?? 'the family'} (${givenBy}), ${familyDate(today).text}:`
    await appendFamilyViews(trx, found.authority_id, found.id, `${heading}\n${input.views}`)
    await insertCaseEvent(trx, {
      authorityId: found.authority_id,
      caseId: found.id,
      kind: 'views_given',
      occurredOn: today,
      actorUserId: ctx.audit.userId,
      actorLabel: ctx.audit.label,
      details: { views: input.views, givenBy: ctx.actor.role, name: user?.display_name },
    })
    // The views themselves are on the case; the audit log records that they were given, not what they say.
    await auditAs(ctx, trx, {
      action: 'ehc_case.views_given',
      recordType: 'ehc_case',
      recordId: found.id,
      childId: found.child_id,
      details: { characters: input.views.length },
    })
  })
}

// ---------------------------------------------------------------------------------------------------------------------
// The EHC section of a child's page

export interface EhcSection {
  request?: {
    reference: string
    status: CaseStatus
    statusText: string
    open: boolean
    received: FamilyDate
    closed?: FamilyDate
    next?: { step: EhcClockStep; due: FamilyDate; overdue: boolean }
    /** Where to follow it: the case page for staff, the family page for families; none for a SENCO who did not ask. */
    href?: string
    /** A SENCO sees the reference only of a request they made. */
    showReference: boolean
  }
  plan?: { issued: FamilyDate; namedSetting?: string }
  /** Where to make a request, for those who may and when none is open. */
  requestHref?: string
}

/** The actor's way into a case from the child's page. */
function caseHrefFor(ctx: UseCaseContext, c: CaseRow): string | undefined {
  switch (ctx.actor.role) {
    case 'parent':
    case 'young_person':
      return `/your-requests/${c.id}`
    case 'caseworker':
    case 'team_manager':
    case 'panel_member':
      return `/cases/${c.id}`
    case 'senco':
      // a SENCO follows a request they made on its case page; of others they see the status and dates only
      return c.requester_user_id !== null && c.requester_user_id === ctx.actor.userId ? `/cases/${c.id}` : undefined
    default:
      return undefined
  }
}

/**
 * The child's current (or last) request and the plan in force, for the child's page. The caller has shown the child
 * to the actor; this checks again (the rule is cheap) and audits the read of the case it shows.
 */
export async function ehcSectionFor(ctx: UseCaseContext, childId: string): Promise<EhcSection | undefined> {
  if (!mayTake(ctx.actor, 'ehc:read')) return undefined
  const today = todayInLondon()
  return ctx.db.transaction().execute(async (trx) => {
    const child = await findChild(trx, ctx.actor.authorityId, childId)
    if (!child || !mayReadChild(ctx.actor, await loadChildScope(trx, ctx.actor.authorityId, child.id))) {
      return undefined
    }
    const [cases, plan] = await Promise.all([
      casesOfChild(trx, ctx.actor.authorityId, child.id),
      planInForceWithSetting(trx, ctx.actor.authorityId, child.id),
    ])
    const section: EhcSection = {}
    if (plan) section.plan = { issued: familyDate(plan.issued_on), namedSetting: plan.setting_name ?? undefined }
    const latest = cases[0]
    const anyOpen = latest !== undefined && isOpen(latest.status as CaseStatus)
    if (mayTake(ctx.actor, 'ehc:request') && !anyOpen) {
      section.requestHref =
        isFamily(ctx.actor.role) || ctx.actor.role === 'senco'
          ? `/requests/new?childId=${child.id}`
          : `/cases/new?childId=${child.id}`
    }
    if (!latest) return section
    const status = latest.status as CaseStatus
    const [assessed] = await assessRows(trx, [latest], today)
    const next = assessed && nextDueStep(assessed.assessment, latest)
    const href = caseHrefFor(ctx, latest)
    section.request = {
      reference: latest.reference,
      status,
      statusText: isFamily(ctx.actor.role) ? statusNames[status].family : statusNames[status].staff,
      open: isOpen(status),
      received: familyDate(latest.request_received),
      closed: latest.closed_on ? familyDate(latest.closed_on) : undefined,
      next: next ? { step: next.step, due: familyDate(next.due), overdue: next.status === 'overdue' } : undefined,
      href,
      showReference: ctx.actor.role !== 'senco' || href !== undefined,
    }
    await auditAs(ctx, trx, {
      action: 'ehc_case.read',
      recordType: 'ehc_case',
      recordId: latest.id,
      childId: child.id,
      details: { view: 'child page' },
    })
    return section
  })
}

// ---------------------------------------------------------------------------------------------------------------------
// The SENCO's list

export interface SettingRequest {
  id: string
  reference: string
  child: { id: string; name: string }
  statusText: string
  open: boolean
  received: FamilyDate
  next?: { step: EhcClockStep; due: FamilyDate; overdue: boolean }
  /** The SENCO made this request. */
  madeByYou: boolean
}

export interface SettingConsultation {
  id: string
  reference: string
  child: { id: string; name: string }
  setting: string
  sent: FamilyDate
  due: FamilyDate
  overdue: boolean
}

/** Requests for pupils on roll at the SENCO's settings, open ones first, and consultations awaiting their reply. */
export async function listSettingRequests(
  ctx: UseCaseContext,
): Promise<{ requests: SettingRequest[]; consultations: SettingConsultation[] }> {
  if (!mayTake(ctx.actor, 'ehc:follow-pupils')) throw new Forbidden()
  const today = todayInLondon()
  return ctx.db.transaction().execute(async (trx) => {
    const [rows, awaiting] = await Promise.all([
      casesVisibleTo(trx, childVisibility(ctx.actor)),
      consultationsAwaitingReply(trx, ctx.actor.authorityId, ctx.actor.settingIds),
    ])
    const assessed = await assessRows(trx, rows, today)
    await auditList(ctx, trx, 'setting', rows)
    const requests = assessed.map(({ row, assessment }) => {
      const next = nextDueStep(assessment, row)
      return {
        id: row.id,
        reference: row.reference,
        child: { id: row.child_id, name: nameOf(row) },
        statusText: statusNames[row.status].staff,
        open: isOpen(row.status),
        received: familyDate(row.request_received),
        next: next ? { step: next.step, due: familyDate(next.due), overdue: next.status === 'overdue' } : undefined,
        madeByYou: row.requester_user_id !== null && row.requester_user_id === ctx.actor.userId,
      }
    })
    requests.sort((a, b) => Number(b.open) - Number(a.open))
    return {
      requests,
      consultations: awaiting.map((k) => ({
        id: k.id,
        reference: k.reference,
        child: { id: k.child_id, name: nameOf(k) },
        setting: k.setting_name,
        sent: familyDate(k.sent_on),
        due: familyDate(k.due_on),
        overdue: k.due_on < today,
      })),
    }
  })
}
