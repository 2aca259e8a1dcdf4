import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { type DocumentStorage, newStorageKey } from '../platform/documents/storage.js'
import { type PlanAdvice, planDocumentText, planFilename } from './planDocument.js'

/**
 * Files for the plans the demo's cases were issued: each draft and final plan step without one gets the plan's text
 * (planDocument.ts) as a document of the case, named on the step's event as the case page names an uploaded plan.
 * In the caller's transaction, as its last step: the files are written first and removed again if the rows cannot
 * be, so no file is left that nothing points to. Returns how many plans were written.
 */
export async function seedPlanDocuments(db: Queryable, storage: DocumentStorage, authorityId: string): Promise<number> {
  const steps = await db
    .selectFrom('ehc_case_event as e')
    .innerJoin('ehc_case as c', 'c.id', 'e.case_id')
    .innerJoin('child', 'child.id', 'c.child_id')
    .innerJoin('authority', 'authority.id', 'c.authority_id')
    .leftJoin('setting', 'setting.id', 'c.named_setting_id')
    .select([
      'e.id as event_id',
      'e.kind',
      'e.occurred_on',
      'e.actor_user_id',
      'c.id as case_id',
      'c.child_id',
      'c.reference',
      'c.reasons',
      'c.family_views',
      'authority.name as authority_name',
      'child.legal_forename',
      'child.legal_surname',
      'child.preferred_name',
      'child.date_of_birth',
      'setting.name as named_setting',
    ])
    .where('e.authority_id', '=', authorityId)
    .where('e.kind', 'in', ['issue_draft', 'issue_final'])
    .where(sql<string | null>`e.details->>'planDocumentId'`, 'is', null)
    .orderBy('e.occurred_on')
    .execute()
  if (steps.length === 0) return 0
  const advice = await db
    .selectFrom('advice_request')
    .select(['case_id', 'service', 'contributor_name', 'received_on', 'advice'])
    .where('case_id', 'in', [...new Set(steps.map((s) => s.case_id))])
    .where('received_on', 'is not', null)
    .where('advice', 'is not', null)
    .orderBy('received_on')
    .execute()

  const written: string[] = []
  try {
    const rows: { step: (typeof steps)[number]; key: string; bytes: Buffer; filename: string }[] = []
    for (const step of steps) {
      const stage = step.kind === 'issue_draft' ? 'draft' : 'final'
      const text = planDocumentText({
        stage,
        authorityName: step.authority_name,
        reference: step.reference,
        childName: `${step.preferred_name ?? step.legal_forename} ${step.legal_surname}`,
        dateOfBirth: step.date_of_birth as IsoDate,
        issuedOn: step.occurred_on as IsoDate,
        familyViews: step.family_views,
        reasons: step.reasons,
        advice: advice
          .filter((a) => a.case_id === step.case_id && (a.received_on as string) <= (step.occurred_on as string))
          .map((a) => ({
            ...(a.advice as Omit<PlanAdvice, 'service' | 'contributor' | 'receivedOn'>),
            service: a.service,
            contributor: a.contributor_name,
            receivedOn: a.received_on as IsoDate,
          })),
        namedSetting: step.named_setting,
      })
      const bytes = Buffer.from(text, 'utf8')
      const key = newStorageKey()
      await storage.put(key, bytes)
      written.push(key)
      rows.push({ step, key, bytes, filename: planFilename({ stage, reference: step.reference }) })
    }
    for (const { step, key, bytes, filename } of rows) {
      const document = await db
        .insertInto('document')
        .values({
          authority_id: authorityId,
          child_id: step.child_id,
          case_id: step.case_id,
          kind: 'plan',
          filename,
          media_type: 'text/plain; charset=utf-8',
          size_bytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          storage_key: key,
          // Written here, not sent by anyone: there was nothing to scan.
          scan_status: 'not_scanned',
          uploaded_by_user_id: step.actor_user_id,
          created_at: new Date(`${step.occurred_on}T09:00:00Z`),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db
        .updateTable('ehc_case_event')
        .set({
          details: sql`details || jsonb_build_object('planDocumentId', ${document.id}::text, 'planFilename', ${filename}::text)`,
        })
        .where('id', '=', step.event_id)
        .execute()
    }
  } catch (error) {
    await Promise.allSettled(written.map((key) => storage.delete(key)))
    throw error
  }
  return steps.length
}
