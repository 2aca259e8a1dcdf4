import type { Queryable } from '../platform/db/database.js'
import { NotFound } from '../platform/errors.js'
import { notificationsFor } from '../platform/notify/outbox.js'
import { auditAs, type UseCaseContext } from '../platform/useCase.js'
import { loadReadableCase } from './cases.service.js'
import { letterReference } from './letters.service.js'

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)

/**
 * One letter, for whoever may read its case (families their own: others get 404, staff outside the rules 403), with
 * the delivery status of each notification that carried it. Families see the letter; staff also see how it went.
 * An audited read.
 */
export async function readLetter(ctx: UseCaseContext, id: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const letter = isUuid(id)
      ? await trx
          .selectFrom('ehc_letter')
          .selectAll()
          .where('authority_id', '=', ctx.actor.authorityId)
          .where('id', '=', id)
          .executeTakeFirst()
      : undefined
    if (!letter) throw new NotFound()
    const found = await loadReadableCase(ctx, trx, letter.case_id)
    await auditAs(ctx, trx, {
      action: 'ehc_letter.read',
      recordType: 'ehc_letter',
      recordId: letter.id,
      childId: found.child_id,
      details: { caseId: found.id, kind: letter.kind },
    })
    const family = ctx.actor.role === 'parent' || ctx.actor.role === 'young_person'
    const deliveries = family
      ? []
      : await notificationsFor(trx, { authorityId: ctx.actor.authorityId, reference: letterReference(letter.id) })
    return { letter, case: found, deliveries, showDeliveries: !family }
  })
}

/** A case's letters, newest first, for the case page and the family's view (the caller has checked and audited). */
export async function lettersOf(db: Queryable, caseId: string) {
  return db
    .selectFrom('ehc_letter')
    .select(['id', 'kind', 'dated', 'subject', 'recipient_name', 'appeal_by', 'mediation_contact_by', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('created_at', 'desc')
    .execute()
}
