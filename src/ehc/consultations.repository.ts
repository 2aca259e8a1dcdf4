import { sql } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'

/** SQL for consultations with settings (reg 14) and the directory choices behind them. Scoped by authority. */

export async function findConsultation(db: Queryable, authorityId: string, id: string) {
  return db
    .selectFrom('ehc_consultation')
    .innerJoin('ehc_case', 'ehc_case.id', 'ehc_consultation.case_id')
    .innerJoin('child', 'child.id', 'ehc_case.child_id')
    .innerJoin('setting', 'setting.id', 'ehc_consultation.setting_id')
    .selectAll('ehc_consultation')
    .select([
      'setting.name as setting_name',
      'ehc_case.child_id',
      'ehc_case.reference as case_reference',
      'ehc_case.status as case_status',
      'ehc_case.team_id as case_team_id',
      'ehc_case.caseworker_user_id as case_caseworker_user_id',
      'ehc_case.draft_issued_on',
      'ehc_case.closed_on as case_closed_on',
      'ehc_case.named_setting_id as case_named_setting_id',
      'child.legal_forename',
      'child.legal_surname',
      'child.preferred_name',
      'child.date_of_birth',
    ])
    .where('ehc_consultation.authority_id', '=', authorityId)
    .where('ehc_consultation.id', '=', id)
    .executeTakeFirst()
}

export type ConsultationRow = NonNullable<Awaited<ReturnType<typeof findConsultation>>>

export async function insertConsultation(
  db: Queryable,
  values: { authorityId: string; caseId: string; settingId: string; sentOn: IsoDate; dueOn: IsoDate },
) {
  return db
    .insertInto('ehc_consultation')
    .values({
      authority_id: values.authorityId,
      case_id: values.caseId,
      setting_id: values.settingId,
      sent_on: values.sentOn,
      due_on: values.dueOn,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Records a reply once: undefined when the setting has already replied (or someone recorded it meanwhile). */
export async function recordReply(
  db: Queryable,
  authorityId: string,
  id: string,
  reply: { repliedOn: IsoDate; reply: 'can_meet_needs' | 'cannot_meet_needs'; note: string | null },
) {
  return db
    .updateTable('ehc_consultation')
    .set({ replied_on: reply.repliedOn, reply: reply.reply, reply_note: reply.note })
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .where('replied_on', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** The authority's open settings, by name: the directory a setting is chosen from. */
export async function openSettings(db: Queryable, authorityId: string, today: IsoDate) {
  return db
    .selectFrom('setting')
    .select(['id', 'name', 'urn', 'phase'])
    .where('authority_id', '=', authorityId)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', today)]))
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute()
}

export async function findOpenSetting(db: Queryable, authorityId: string, id: string, today: IsoDate) {
  return db
    .selectFrom('setting')
    .select(['id', 'name'])
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', today)]))
    .executeTakeFirst()
}
