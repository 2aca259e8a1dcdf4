import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql, type Updateable } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { AdviceRequestTable, DB } from '../platform/db/schema.js'
import type { AdviceService } from './facts.js'
import { openStatuses } from './workflow.js'

/** SQL for requests for advice (reg 6). Every query is scoped by authority. */

const zeroUuid = '00000000-0000-0000-0000-000000000000'

/** A request for advice with what its pages need of the case and the child. */
export async function findAdviceRequest(db: Queryable, authorityId: string, id: string) {
  return db
    .selectFrom('advice_request')
    .innerJoin('ehc_case', 'ehc_case.id', 'advice_request.case_id')
    .innerJoin('child', 'child.id', 'ehc_case.child_id')
    .selectAll('advice_request')
    .select([
      'ehc_case.child_id',
      'ehc_case.reference as case_reference',
      'ehc_case.status as case_status',
      'ehc_case.team_id as case_team_id',
      'ehc_case.caseworker_user_id as case_caseworker_user_id',
      'ehc_case.closed_on as case_closed_on',
      'child.legal_forename',
      'child.legal_surname',
      'child.preferred_name',
      'child.date_of_birth',
    ])
    .where('advice_request.authority_id', '=', authorityId)
    .where('advice_request.id', '=', id)
    .executeTakeFirst()
}

export type AdviceRequestRow = NonNullable<Awaited<ReturnType<typeof findAdviceRequest>>>

export async function insertAdviceRequest(db: Queryable, values: Insertable<AdviceRequestTable>) {
  return db.insertInto('advice_request').values(values).returningAll().executeTakeFirstOrThrow()
}

/** Changes a request only if nobody has since `expectedVersion`; undefined when someone has (optimistic concurrency). */
export async function updateAdviceRequest(
  db: Queryable,
  authorityId: string,
  id: string,
  expectedVersion: number,
  changes: Omit<Updateable<AdviceRequestTable>, 'id' | 'authority_id' | 'case_id' | 'version' | 'created_at'>,
) {
  return db
    .updateTable('advice_request')
    .set({ ...changes, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

/** Whose requests a list shows: one contributor's, the cases a caseworker may manage, or the whole authority's. */
export type AdviceListScope =
  | { kind: 'contributor'; userId: string }
  | { kind: 'caseworker'; userId: string; teamIds: readonly string[] }
  | { kind: 'authority' }

export type AdviceListStatus = 'outstanding' | 'overdue' | 'received' | 'cancelled' | 'all'

export interface AdviceListFilter {
  authorityId: string
  scope: AdviceListScope
  service?: AdviceService
  status: AdviceListStatus
  today: IsoDate
  limit: number
  offset: number
}

/** Awaited on a case still open, as adviceStatusOf reads it: advice awaited when a case closed is no longer needed. */
const awaitedSql = sql<SqlBool>`advice_request.received_on is null and advice_request.cancelled_on is null and ehc_case.closed_on is null`

function listWhere(filter: AdviceListFilter) {
  return (eb: ExpressionBuilder<DB, 'advice_request' | 'ehc_case'>) => {
    const conditions: Expression<SqlBool>[] = [eb('advice_request.authority_id', '=', filter.authorityId)]
    const { scope } = filter
    if (scope.kind === 'contributor') {
      conditions.push(eb('advice_request.contributor_user_id', '=', scope.userId))
      // A cancelled request no longer opens the child's record to its contributor (loadChildScope): it leaves the list.
      conditions.push(eb('advice_request.cancelled_on', 'is', null))
    } else if (scope.kind === 'caseworker') {
      // The same rule as mayManageCase: the allocated caseworker or the case's team.
      conditions.push(
        eb.or([
          eb('ehc_case.caseworker_user_id', '=', scope.userId),
          eb('ehc_case.team_id', 'in', scope.teamIds.length ? [...scope.teamIds] : [zeroUuid]),
        ]),
      )
    }
    if (filter.service) conditions.push(eb('advice_request.service', '=', filter.service))
    switch (filter.status) {
      case 'outstanding':
        conditions.push(awaitedSql)
        break
      case 'overdue':
        conditions.push(awaitedSql, eb('advice_request.due_on', '<', filter.today))
        break
      case 'received':
        conditions.push(eb('advice_request.received_on', 'is not', null))
        break
      case 'cancelled':
        conditions.push(eb('advice_request.cancelled_on', 'is not', null))
        break
      case 'all':
        break
    }
    return eb.and(conditions)
  }
}

/** A page of requests for advice, outstanding first (soonest due first), then received and cancelled, newest first. */
export async function listAdviceRequests(db: Queryable, filter: AdviceListFilter) {
  const base = db
    .selectFrom('advice_request')
    .innerJoin('ehc_case', 'ehc_case.id', 'advice_request.case_id')
    .where(listWhere(filter))
  const [rows, count] = await Promise.all([
    base
      .innerJoin('child', 'child.id', 'ehc_case.child_id')
      .select([
        'advice_request.id',
        'advice_request.service',
        'advice_request.contributor_name',
        'advice_request.requested_on',
        'advice_request.due_on',
        'advice_request.received_on',
        'advice_request.cancelled_on',
        'ehc_case.closed_on as case_closed_on',
        'ehc_case.id as case_id',
        'ehc_case.reference as case_reference',
        'ehc_case.child_id',
        'child.legal_forename',
        'child.legal_surname',
        'child.preferred_name',
        'child.date_of_birth',
      ])
      .orderBy(sql`case when ${awaitedSql} then 0 else 1 end`)
      .orderBy(sql`case when ${awaitedSql} then advice_request.due_on end`)
      .orderBy(sql`coalesce(advice_request.received_on, advice_request.cancelled_on, ehc_case.closed_on)`, 'desc')
      .orderBy('advice_request.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

export type AdviceListRow = Awaited<ReturnType<typeof listAdviceRequests>>['rows'][number]

/** The authority's advice givers (educational psychologists, health and social care professionals) with accounts. */
export async function adviceGivers(db: Queryable, authorityId: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'email'])
    .where('authority_id', '=', authorityId)
    .where('role', '=', 'advice_giver')
    .where('disabled_at', 'is', null)
    .orderBy('display_name')
    .execute()
}

/** The SENCOs of some settings, who give a setting's advice and reply to its consultations. */
export async function sencosOf(db: Queryable, authorityId: string, settingIds: readonly string[]) {
  if (settingIds.length === 0) return []
  return db
    .selectFrom('app_user')
    .innerJoin('user_scope', 'user_scope.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.display_name', 'app_user.email', 'user_scope.ref_id as setting_id'])
    .where('app_user.authority_id', '=', authorityId)
    .where('app_user.role', '=', 'senco')
    .where('app_user.disabled_at', 'is', null)
    .where('user_scope.kind', '=', 'setting')
    .where('user_scope.ref_id', 'in', [...settingIds])
    .orderBy('app_user.display_name')
    .execute()
}

export async function findUser(db: Queryable, authorityId: string, id: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'email', 'role'])
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .executeTakeFirst()
}

/** The evidence sent with a request, which contributors read before giving advice; infected files are withheld. */
export async function evidenceOf(db: Queryable, authorityId: string, caseId: string) {
  return db
    .selectFrom('document')
    .select(['id', 'filename', 'media_type', 'size_bytes', 'created_at'])
    .where('authority_id', '=', authorityId)
    .where('case_id', '=', caseId)
    .where('kind', '=', 'evidence')
    .where('scan_status', '!=', 'infected')
    .orderBy('created_at')
    .execute()
}

/** Outstanding requests another one would duplicate: the same service asked of the same person. */
export async function outstandingOnCase(db: Queryable, caseId: string) {
  return db
    .selectFrom('advice_request')
    .select(['id', 'service', 'contributor_user_id', 'contributor_email', 'contributor_name', 'requested_on'])
    .where('case_id', '=', caseId)
    .where('received_on', 'is', null)
    .where('cancelled_on', 'is', null)
    .execute()
}

/**
 * Every authority's outstanding requests on open cases due by `dueBy`: the ones a reminder may be owed for. The case's
 * caseworker comes too, to be copied into overdue reminders.
 */
export async function adviceToChase(db: Queryable, dueBy: IsoDate) {
  return db
    .selectFrom('advice_request')
    .innerJoin('ehc_case', 'ehc_case.id', 'advice_request.case_id')
    .innerJoin('child', 'child.id', 'ehc_case.child_id')
    .leftJoin('app_user as contributor', 'contributor.id', 'advice_request.contributor_user_id')
    .leftJoin('app_user as caseworker', 'caseworker.id', 'ehc_case.caseworker_user_id')
    .select([
      'advice_request.id',
      'advice_request.authority_id',
      'advice_request.case_id',
      'advice_request.service',
      'advice_request.contributor_user_id',
      'advice_request.contributor_name',
      'advice_request.contributor_email',
      'advice_request.requested_on',
      'advice_request.due_on',
      'advice_request.questions',
      'advice_request.last_chased_on',
      'advice_request.chasers_sent',
      'advice_request.version',
      'ehc_case.child_id',
      'ehc_case.reference as case_reference',
      'child.legal_forename',
      'child.legal_surname',
      'child.date_of_birth',
      'contributor.email as contributor_user_email',
      'contributor.disabled_at as contributor_disabled_at',
      'caseworker.id as caseworker_user_id',
      'caseworker.display_name as caseworker_name',
      'caseworker.email as caseworker_email',
    ])
    .where('advice_request.received_on', 'is', null)
    .where('advice_request.cancelled_on', 'is', null)
    .where('advice_request.due_on', '<=', dueBy)
    .where('ehc_case.status', 'in', [...openStatuses])
    .orderBy('advice_request.authority_id')
    .orderBy('advice_request.due_on')
    .orderBy('advice_request.id')
    .execute()
}

export type AdviceToChase = Awaited<ReturnType<typeof adviceToChase>>[number]

/** The allocated caseworker of a case, to tell them what happened on it. */
export async function caseworkerOf(db: Queryable, caseworkerUserId: string | null) {
  if (!caseworkerUserId) return undefined
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'email'])
    .where('id', '=', caseworkerUserId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst()
}
