import { createHash, randomUUID } from 'node:crypto'
import { type Insertable, sql } from 'kysely'
import { planOutlineDocx } from '../ehc/planOutline.docx.js'
import { planFilename, planOutline } from '../ehc/planOutline.js'
import { planFactsOf } from '../ehc/planOutline.repository.js'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { DocumentTable } from '../platform/db/schema.js'
import { type DocumentStorage, newStorageKey } from '../platform/documents/storage.js'

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/**
 * Files for the plans the demo's cases were issued: each draft and final plan step without one gets the plan written
 * from the case's record as it stood that day (planOutline.ts), kept as a document of the case and named on the
 * step's event, as the case page keeps an uploaded plan.
 *
 * In the caller's transaction, as its last step: the files are written first and removed again if the rows cannot
 * be, so no file is left that nothing points to. Returns how many plans were written.
 */
export async function seedPlanDocuments(db: Queryable, storage: DocumentStorage, authorityId: string): Promise<number> {
  const steps = await db
    .selectFrom('ehc_case_event as e')
    .innerJoin('ehc_case as c', 'c.id', 'e.case_id')
    .select(['e.id', 'e.case_id', 'c.child_id', 'e.kind', 'e.occurred_on', 'e.actor_user_id'])
    .where('e.authority_id', '=', authorityId)
    .where('e.kind', 'in', ['issue_draft', 'issue_final'])
    .where(sql<string | null>`e.details->>'planDocumentId'`, 'is', null)
    .orderBy('e.occurred_on')
    .orderBy('e.id')
    .execute()
  if (steps.length === 0) return 0
  const wanted = steps.map((s) => ({
    caseId: s.case_id,
    stage: s.kind === 'issue_draft' ? ('draft' as const) : ('final' as const),
    issuedOn: s.occurred_on as IsoDate,
  }))
  const facts = await planFactsOf(db, authorityId, wanted)
  const written: string[] = []
  try {
    const documents: Insertable<DocumentTable>[] = []
    for (const [i, step] of steps.entries()) {
      const plan = facts[i]!
      const bytes = await planOutlineDocx(planOutline(plan), plan.authorityName)
      const key = newStorageKey()
      await storage.put(key, bytes)
      written.push(key)
      documents.push({
        id: randomUUID(),
        authority_id: authorityId,
        child_id: step.child_id,
        case_id: step.case_id,
        kind: 'plan',
        filename: planFilename(plan),
        media_type: docxType,
        size_bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        storage_key: key,
        // Written here, not sent by anyone: there was nothing to scan.
        scan_status: 'not_scanned',
        uploaded_by_user_id: step.actor_user_id,
        created_at: new Date(`${step.occurred_on}T09:00:00Z`),
      })
    }
    await db.insertInto('document').values(documents).execute()
    const named = steps.map(
      (step, i) => sql`(${step.id}::uuid, ${documents[i]!.id}::text, ${documents[i]!.filename}::text)`,
    )
    await sql`
      update ehc_case_event as e
      set details = e.details || jsonb_build_object('planDocumentId', v.document_id, 'planFilename', v.filename)
      from (values ${sql.join(named)}) as v (event_id, document_id, filename)
      where e.id = v.event_id`.execute(db)
  } catch (error) {
    await Promise.allSettled(written.map((key) => storage.delete(key)))
    throw error
  }
  return steps.length
}
