import { sql } from 'kysely'
import { visibleTo } from '../people/children.repository.js'
import type { Queryable } from '../platform/db/database.js'
import type { ChildVisibility } from '../platform/policy/policy.js'

/** SQL for the family's view of their requests, the child page's EHC section and the SENCO's list. */

const caseColumns = [
  'ehc_case.id',
  'ehc_case.authority_id',
  'ehc_case.child_id',
  'ehc_case.reference',
  'ehc_case.status',
  'ehc_case.requester_kind',
  'ehc_case.requester_user_id',
  'ehc_case.request_received',
  'ehc_case.decision',
  'ehc_case.decision_on',
  'ehc_case.issue_decision',
  'ehc_case.issue_decision_on',
  'ehc_case.draft_issued_on',
  'ehc_case.draft_response_on',
  'ehc_case.final_issued_on',
  'ehc_case.closed_on',
  'ehc_case.sen_support_next_step',
  'child.legal_forename',
  'child.legal_surname',
  'child.preferred_name',
] as const

/** The requests for the children a visibility rule lets the actor see, newest first. */
export async function casesVisibleTo(db: Queryable, visibility: ChildVisibility) {
  return db
    .selectFrom('ehc_case')
    .innerJoin('child', 'child.id', 'ehc_case.child_id')
    .select(caseColumns)
    .where(visibleTo(visibility))
    .where('child.merged_into_id', 'is', null)
    .orderBy('ehc_case.request_received', 'desc')
    .orderBy('ehc_case.created_at', 'desc')
    .execute()
}

/** The children a visibility rule lets the actor see (a family's own: a handful), by name. */
export async function childrenVisibleTo(db: Queryable, visibility: ChildVisibility) {
  return db
    .selectFrom('child')
    .select(['child.id', 'child.legal_forename', 'child.legal_surname', 'child.preferred_name'])
    .where(visibleTo(visibility))
    .where('child.merged_into_id', 'is', null)
    .orderBy('child.date_of_birth')
    .execute()
}

export type VisibleCaseRow = Awaited<ReturnType<typeof casesVisibleTo>>[number]

/** Everything the family page shows beside the case itself. */
export async function familyCaseDetails(
  db: Queryable,
  c: {
    id: string
    child_id: string
    caseworker_user_id: string | null
    team_id: string | null
    named_setting_id: string | null
  },
) {
  const [child, letters, exceptions, views, caseworker, team, namedSetting] = await Promise.all([
    db
      .selectFrom('child')
      .select(['id', 'legal_forename', 'legal_surname', 'preferred_name'])
      .where('id', '=', c.child_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('ehc_letter')
      .select(['id', 'dated', 'subject', 'appeal_by', 'mediation_contact_by'])
      .where('case_id', '=', c.id)
      .orderBy('dated', 'desc')
      .orderBy('created_at', 'desc')
      .execute(),
    db
      .selectFrom('ehc_exception')
      .select(['reason', 'starts_on', 'ends_on', 'created_at'])
      .where('case_id', '=', c.id)
      .orderBy('starts_on')
      .execute(),
    db
      .selectFrom('ehc_case_event')
      .select(['occurred_on', 'actor_label'])
      .where('case_id', '=', c.id)
      .where('kind', '=', 'views_given')
      .orderBy('recorded_at', 'desc')
      .execute(),
    c.caseworker_user_id
      ? db
          .selectFrom('app_user')
          .select(['display_name', 'email'])
          .where('id', '=', c.caseworker_user_id)
          .where('disabled_at', 'is', null)
          .executeTakeFirst()
      : undefined,
    c.team_id ? db.selectFrom('team').select('name').where('id', '=', c.team_id).executeTakeFirst() : undefined,
    c.named_setting_id
      ? db.selectFrom('setting').select('name').where('id', '=', c.named_setting_id).executeTakeFirst()
      : undefined,
  ])
  return { child, letters, exceptions, views, caseworker, team, namedSetting }
}

export async function authorityCode(db: Queryable, authorityId: string): Promise<string | undefined> {
  const row = await db.selectFrom('authority').select('code').where('id', '=', authorityId).executeTakeFirst()
  return row?.code
}

/**
 * Adds the family's views to those already on the case, in one statement, so two people adding views at once both
 * keep theirs (no read-then-write), and moves the case's version on so a caseworker's form open on it notices.
 */
export async function appendFamilyViews(db: Queryable, authorityId: string, caseId: string, views: string) {
  return db
    .updateTable('ehc_case')
    .set({
      family_views: sql<string>`case when family_views is null or family_views = '' then ${views}
        else family_views || ${'\n\n'} || ${views} end`,
      version: sql<number>`version + 1`,
      updated_at: new Date(),
    })
    .where('authority_id', '=', authorityId)
    .where('id', '=', caseId)
    .returning(['id', 'version'])
    .executeTakeFirst()
}

/** The child's requests, the open one (if any) first, then the newest. */
export async function casesOfChild(db: Queryable, authorityId: string, childId: string) {
  return db
    .selectFrom('ehc_case')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('child_id', '=', childId)
    .orderBy(sql`case when closed_on is null then 0 else 1 end`)
    .orderBy('request_received', 'desc')
    .orderBy('created_at', 'desc')
    .execute()
}

/** The EHC plan in force for a child, with the setting it names. */
export async function planInForceWithSetting(db: Queryable, authorityId: string, childId: string) {
  return db
    .selectFrom('ehc_plan')
    .leftJoin('setting', 'setting.id', 'ehc_plan.named_setting_id')
    .select(['ehc_plan.id', 'ehc_plan.issued_on', 'ehc_plan.case_id', 'setting.name as setting_name'])
    .where('ehc_plan.authority_id', '=', authorityId)
    .where('ehc_plan.child_id', '=', childId)
    .where('ehc_plan.ceased_on', 'is', null)
    .executeTakeFirst()
}

/**
 * Consultations with the SENCO's settings still awaiting a reply (the advice area's /consultations pages answer them),
 * on cases still open: a request withdrawn with the reply awaited no longer needs one.
 */
export async function consultationsAwaitingReply(db: Queryable, authorityId: string, settingIds: readonly string[]) {
  if (settingIds.length === 0) return []
  return db
    .selectFrom('ehc_consultation')
    .innerJoin('ehc_case', 'ehc_case.id', 'ehc_consultation.case_id')
    .innerJoin('child', 'child.id', 'ehc_case.child_id')
    .innerJoin('setting', 'setting.id', 'ehc_consultation.setting_id')
    .select([
      'ehc_consultation.id',
      'ehc_consultation.sent_on',
      'ehc_consultation.due_on',
      'ehc_case.reference',
      'ehc_case.child_id',
      'child.legal_forename',
      'child.legal_surname',
      'child.preferred_name',
      'setting.name as setting_name',
    ])
    .where('ehc_consultation.authority_id', '=', authorityId)
    .where('ehc_consultation.setting_id', 'in', [...settingIds])
    .where('ehc_consultation.replied_on', 'is', null)
    .where('ehc_case.closed_on', 'is', null)
    .orderBy('ehc_consultation.due_on')
    .execute()
}

/** The steps that sent the family a plan, with the plan document each named. */
export async function planEventsOf(db: Queryable, caseId: string) {
  return db
    .selectFrom('ehc_case_event')
    .select(['kind', 'details'])
    .where('case_id', '=', caseId)
    .where('kind', 'in', ['issue_draft', 'issue_final'])
    .execute()
}
