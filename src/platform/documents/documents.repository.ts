import type { Insertable } from 'kysely'
import { type IsoDate, todayInLondon } from '../calendar/isoDate.js'
import type { Queryable } from '../db/database.js'
import type { DocumentTable } from '../db/schema.js'
import { adviceReceivedOpenFrom } from '../policy/adviceAccess.js'
import { adviceOpensRecordSql } from '../policy/adviceAccess.sql.js'
import type { PlanSharingFacts } from '../policy/planSharing.js'

/** SQL for documents' rows (their bytes are in the storage). Every query is scoped by authority. */

export async function insertDocument(db: Queryable, values: Insertable<DocumentTable>) {
  return db.insertInto('document').values(values).returningAll().executeTakeFirstOrThrow()
}

export async function findDocument(db: Queryable, authorityId: string, id: string) {
  return db
    .selectFrom('document')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export type DocumentRow = NonNullable<Awaited<ReturnType<typeof findDocument>>>

export async function findDocuments(db: Queryable, authorityId: string, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .selectFrom('document')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('id', 'in', [...ids])
    .orderBy('created_at')
    .execute()
}

/**
 * A case's documents, oldest first, with who added them: of the given kinds, or all. Files that failed the virus
 * check are left out (they cannot be downloaded).
 */
export async function documentsOfCase(
  db: Queryable,
  authorityId: string,
  caseId: string,
  kinds?: readonly DocumentTable['kind'][],
) {
  let query = db
    .selectFrom('document')
    .leftJoin('app_user', 'app_user.id', 'document.uploaded_by_user_id')
    .select([
      'document.id',
      'document.kind',
      'document.filename',
      'document.size_bytes',
      'document.scan_status',
      'document.created_at',
      'app_user.display_name as uploaded_by',
    ])
    .where('document.authority_id', '=', authorityId)
    .where('document.case_id', '=', caseId)
    .where('document.scan_status', '!=', 'infected')
  if (kinds) query = query.where('document.kind', 'in', [...kinds])
  return query.orderBy('document.created_at').orderBy('document.id').execute()
}

export type CaseDocumentRow = Awaited<ReturnType<typeof documentsOfCase>>[number]

/** What planSharedWithSettings needs to know of a case: whether it is closed, the setting named, those consulted. */
export async function planSharingOf(db: Queryable, caseId: string): Promise<PlanSharingFacts | undefined> {
  const [c, consulted] = await Promise.all([
    db.selectFrom('ehc_case').select(['closed_on', 'named_setting_id']).where('id', '=', caseId).executeTakeFirst(),
    db.selectFrom('ehc_consultation').select('setting_id').where('case_id', '=', caseId).execute(),
  ])
  if (!c) return undefined
  return {
    caseClosedOn: c.closed_on,
    namedSettingId: c.named_setting_id,
    consultedSettingIds: consulted.map((k) => k.setting_id),
  }
}

export async function deleteDocumentRow(db: Queryable, authorityId: string, id: string) {
  return db
    .deleteFrom('document')
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .returning(['id', 'storage_key'])
    .executeTakeFirst()
}

/** Makes a child's evidence, not yet part of any request, the evidence of this case. Returns the ids linked. */
export async function linkDocumentsToCase(
  db: Queryable,
  c: { authorityId: string; childId: string; caseId: string },
  ids: readonly string[],
) {
  if (ids.length === 0) return []
  const rows = await db
    .updateTable('document')
    .set({ case_id: c.caseId })
    .where('authority_id', '=', c.authorityId)
    .where('child_id', '=', c.childId)
    .where('case_id', 'is', null)
    .where('id', 'in', [...ids])
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

/**
 * Whether an advice giver was asked for the advice this document is (theirs to read for good), or is asked for advice
 * on the case whose evidence it is and still has sight of it today (adviceAccess.ts).
 */
export async function isAdviceGiversDocument(
  db: Queryable,
  userId: string,
  doc: Pick<DocumentRow, 'id' | 'case_id'>,
  today: IsoDate = todayInLondon(),
) {
  const row = await db
    .selectFrom('advice_request')
    .innerJoin('ehc_case', 'ehc_case.id', 'advice_request.case_id')
    .select('advice_request.id')
    .where('advice_request.contributor_user_id', '=', userId)
    .where('advice_request.cancelled_on', 'is', null)
    .where((eb) =>
      eb.or([
        eb('advice_request.document_id', '=', doc.id),
        ...(doc.case_id
          ? [
              eb.and([
                eb('advice_request.case_id', '=', doc.case_id),
                adviceOpensRecordSql(adviceReceivedOpenFrom(today))(eb),
              ]),
            ]
          : []),
      ]),
    )
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}
