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
