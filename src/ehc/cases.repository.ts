import { type Insertable, sql, type Updateable } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { EhcCaseTable } from '../platform/db/schema.js'
import { openStatuses } from './workflow.js'

/** SQL for EHC cases and their events. Every query is scoped by authority. */

export async function findCase(db: Queryable, authorityId: string, id: string) {
  return db
    .selectFrom('ehc_case')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>

/** The open case for a child, if there is one: a second request is a duplicate of it. */
export async function findOpenCaseForChild(db: Queryable, authorityId: string, childId: string) {
  return db
    .selectFrom('ehc_case')
    .select(['id', 'reference', 'request_received', 'status'])
    .where('authority_id', '=', authorityId)
    .where('child_id', '=', childId)
    .where('status', 'in', [...openStatuses])
    .executeTakeFirst()
}

/** The next reference, e.g. EHC-2026-00042: the year received and a number unique across the deployment. */
export async function nextReference(db: Queryable, received: IsoDate): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('ehc_case_reference_seq')::text as n`.execute(db)
  return `EHC-${received.slice(0, 4)}-${rows[0]!.n.padStart(5, '0')}`
}

/** The team whose caseload a new request joins: one serving the child's locality, else the authority's first team. */
export async function teamFor(db: Queryable, authorityId: string, locality: string | null) {
  const teams = await db
    .selectFrom('team')
    .select(['id', 'locality'])
    .where('authority_id', '=', authorityId)
    .orderBy('name')
    .execute()
  return (teams.find((t) => locality !== null && t.locality === locality) ?? teams[0])?.id
}

export async function insertCase(db: Queryable, values: Insertable<EhcCaseTable>) {
  return db.insertInto('ehc_case').values(values).returningAll().executeTakeFirstOrThrow()
}

/**
 * Changes a case only if nobody has changed it since `expectedVersion` was read (optimistic concurrency).
 * Returns undefined when the version has moved on: the caller tells the user the case changed.
 */
export async function updateCase(
  db: Queryable,
  authorityId: string,
  id: string,
  expectedVersion: number,
  changes: Omit<Updateable<EhcCaseTable>, 'id' | 'authority_id' | 'version' | 'created_at'>,
) {
  return db
    .updateTable('ehc_case')
    .set({ ...changes, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

export interface NewCaseEvent {
  authorityId: string
  caseId: string
  kind: string
  fromStatus?: string
  toStatus?: string
  occurredOn: IsoDate
  actorUserId: string | null | undefined
  actorLabel: string
  reason?: string
  details?: Record<string, unknown>
}

export async function insertCaseEvent(db: Queryable, event: NewCaseEvent) {
  return db
    .insertInto('ehc_case_event')
    .values({
      authority_id: event.authorityId,
      case_id: event.caseId,
      kind: event.kind,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      occurred_on: event.occurredOn,
      actor_user_id: event.actorUserId ?? null,
      actor_label: event.actorLabel,
      reason: event.reason ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function caseEvents(db: Queryable, caseId: string) {
  return db
    .selectFrom('ehc_case_event')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('occurred_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute()
}

export async function latestEventOn(db: Queryable, caseId: string): Promise<IsoDate | undefined> {
  const row = await db
    .selectFrom('ehc_case_event')
    .select((eb) => eb.fn.max('occurred_on').as('on'))
    .where('case_id', '=', caseId)
    .executeTakeFirst()
  return (row?.on as IsoDate | null) ?? undefined
}

export async function adviceRequestsOf(db: Queryable, caseId: string) {
  return db
    .selectFrom('advice_request')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('requested_on')
    .orderBy('id')
    .execute()
}

export async function consultationsOf(db: Queryable, caseId: string) {
  return db
    .selectFrom('ehc_consultation')
    .innerJoin('setting', 'setting.id', 'ehc_consultation.setting_id')
    .selectAll('ehc_consultation')
    .select('setting.name as setting_name')
    .where('case_id', '=', caseId)
    .orderBy('sent_on')
    .orderBy('ehc_consultation.id')
    .execute()
}

export async function exceptionsOf(db: Queryable, caseId: string) {
  return db
    .selectFrom('ehc_exception')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('starts_on')
    .orderBy('id')
    .execute()
}

export async function planInForce(db: Queryable, childId: string) {
  return db
    .selectFrom('ehc_plan')
    .select(['id', 'issued_on'])
    .where('child_id', '=', childId)
    .where('ceased_on', 'is', null)
    .executeTakeFirst()
}
