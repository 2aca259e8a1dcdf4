import type { Insertable } from 'kysely'
import type { Queryable } from '../db/database.js'
import type { DocumentTable } from '../db/schema.js'

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

/** Whether one of these settings is consulted on the case a plan document belongs to, and so may read it. */
export async function isConsultedSettingsPlan(
  db: Queryable,
  settingIds: readonly string[],
  doc: Pick<DocumentRow, 'kind' | 'case_id'>,
) {
  if (doc.kind !== 'plan' || doc.case_id === null || settingIds.length === 0) return false
  const row = await db
    .selectFrom('ehc_consultation')
    .select('id')
    .where('case_id', '=', doc.case_id)
    .where('setting_id', 'in', [...settingIds])
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
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

/** Whether an advice giver was asked for advice that this document is, or on the case whose evidence it is. */
export async function isAdviceGiversDocument(db: Queryable, userId: string, doc: Pick<DocumentRow, 'id' | 'case_id'>) {
  const row = await db
    .selectFrom('advice_request')
    .select('id')
    .where('contributor_user_id', '=', userId)
    .where('cancelled_on', 'is', null)
    .where((eb) => eb.or([eb('document_id', '=', doc.id), ...(doc.case_id ? [eb('case_id', '=', doc.case_id)] : [])]))
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}
