import { sql } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { openStatuses } from './workflow.js'

/** SQL for requests being written (drafts) and the checks made when a request is entered. Scoped by authority. */

export async function findDraft(db: Queryable, authorityId: string, id: string) {
  return db
    .selectFrom('ehc_request_draft')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export type DraftRow = NonNullable<Awaited<ReturnType<typeof findDraft>>>

/**
 * The author's unsent draft for a child, made if there is none. One unsent draft per author and child (a unique
 * index): a second click on "Start" resumes the first rather than failing.
 */
export async function openDraftFor(db: Queryable, d: { authorityId: string; childId: string; authorUserId: string }) {
  const made = await db
    .insertInto('ehc_request_draft')
    .values({ authority_id: d.authorityId, child_id: d.childId, author_user_id: d.authorUserId, answers: '{}' })
    .onConflict((oc) => oc.columns(['author_user_id', 'child_id']).where('submitted_case_id', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst()
  if (made) return { draft: made, created: true }
  const existing = await db
    .selectFrom('ehc_request_draft')
    .selectAll()
    .where('authority_id', '=', d.authorityId)
    .where('author_user_id', '=', d.authorUserId)
    .where('child_id', '=', d.childId)
    .where('submitted_case_id', 'is', null)
    .executeTakeFirstOrThrow()
  return { draft: existing, created: false }
}

export async function updateDraft(
  db: Queryable,
  id: string,
  changes: { answers?: Record<string, unknown>; document_ids?: string[]; submitted_case_id?: string },
) {
  return db
    .updateTable('ehc_request_draft')
    .set({
      ...(changes.answers ? { answers: JSON.stringify(changes.answers) } : {}),
      ...(changes.document_ids ? { document_ids: changes.document_ids } : {}),
      ...(changes.submitted_case_id ? { submitted_case_id: changes.submitted_case_id } : {}),
      version: sql<number>`version + 1`,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The author's drafts, unsent and sent, newest first, with the child's name and the case each became. */
export async function draftsOf(db: Queryable, authorityId: string, authorUserId: string) {
  return db
    .selectFrom('ehc_request_draft as d')
    .innerJoin('child', 'child.id', 'd.child_id')
    .leftJoin('ehc_case', 'ehc_case.id', 'd.submitted_case_id')
    .select([
      'd.id',
      'd.child_id',
      'd.updated_at',
      'd.submitted_case_id',
      'child.legal_forename',
      'child.legal_surname',
      'child.preferred_name',
      'ehc_case.reference',
      'ehc_case.status',
      'ehc_case.request_received',
    ])
    .where('d.authority_id', '=', authorityId)
    .where('d.author_user_id', '=', authorUserId)
    .orderBy('d.updated_at', 'desc')
    .limit(100)
    .execute()
}

/** The request for this child that closed most recently on or after a day, if any (a caseworker is warned). */
export async function recentlyClosedCase(db: Queryable, authorityId: string, childId: string, since: IsoDate) {
  return db
    .selectFrom('ehc_case')
    .select(['id', 'reference', 'status', 'closed_on', 'request_received'])
    .where('authority_id', '=', authorityId)
    .where('child_id', '=', childId)
    .where('status', 'not in', [...openStatuses])
    .where('closed_on', '>=', since)
    .orderBy('closed_on', 'desc')
    .limit(1)
    .executeTakeFirst()
}
