import { type Insertable, type SelectQueryBuilder, sql, type Updateable } from 'kysely'
import type { Queryable } from '../platform/db/database.js'
import { escapeLike } from '../platform/db/like.js'
import type { DB, SettingTable } from '../platform/db/schema.js'
import type { Provision } from './provision.js'

/** SQL for the directory of settings. Every query is scoped to one authority. */

export interface SettingListFilter {
  authorityId: string
  provision?: Provision
  phase?: string
  locality?: string
  need?: string
  nameContains?: string
  /** Settings closed on or before this ISO date are left out, unless includeClosed. */
  today: string
  includeClosed: boolean
}

const summaryColumns = [
  'id',
  'urn',
  'ukprn',
  'name',
  'provision',
  'phase',
  'locality',
  'designation',
  'ofsted_rating',
  'opened_on',
  'closed_on',
  'host_setting_id',
] as const

const likeContaining = (text: string) => `%${escapeLike(text.toLowerCase())}%`

function filtered<O>(query: SelectQueryBuilder<DB, 'setting', O>, filter: Omit<SettingListFilter, 'provision'>) {
  let q = query.where('authority_id', '=', filter.authorityId)
  if (filter.phase) q = q.where('phase', '=', filter.phase)
  if (filter.locality) q = q.where('locality', '=', filter.locality)
  if (filter.need) q = q.where(sql<boolean>`${filter.need} = any(designation)`)
  if (filter.nameContains) q = q.where(sql`lower(name)`, 'like', likeContaining(filter.nameContains))
  if (!filter.includeClosed)
    q = q.where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', filter.today)]))
  return q
}

export async function listSettings(db: Queryable, filter: SettingListFilter, page: { limit: number; offset: number }) {
  let query = filtered(db.selectFrom('setting').select(summaryColumns), filter)
  if (filter.provision) query = query.where('provision', '=', filter.provision)
  return query.orderBy(sql`lower(name)`).orderBy('id').limit(page.limit).offset(page.offset).execute()
}

/** How many settings of each provision type match the other filters: the counts beside the provision filter. */
export async function countSettingsByProvision(db: Queryable, filter: SettingListFilter) {
  const rows = await filtered(
    db.selectFrom('setting').select(['provision', (eb) => eb.fn.countAll<string>().as('n')]),
    filter,
  )
    .groupBy('provision')
    .execute()
  return new Map(rows.map((r) => [r.provision, Number(r.n)]))
}

export async function listLocalities(db: Queryable, authorityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('setting')
    .select('locality')
    .distinct()
    .where('authority_id', '=', authorityId)
    .where('locality', 'is not', null)
    .orderBy('locality')
    .execute()
  return rows.map((r) => r.locality as string)
}

export async function findSetting(db: Queryable, authorityId: string, id: string) {
  return db
    .selectFrom('setting')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function listResourceBases(db: Queryable, authorityId: string, hostSettingId: string) {
  return db
    .selectFrom('setting')
    .select(summaryColumns)
    .where('authority_id', '=', authorityId)
    .where('host_setting_id', '=', hostSettingId)
    .orderBy('name')
    .execute()
}

export async function listCapacity(db: Queryable, authorityId: string, settingId: string) {
  return db
    .selectFrom('setting_capacity')
    .select(['academic_year', 'commissioned_places', 'occupied_places'])
    .where('authority_id', '=', authorityId)
    .where('setting_id', '=', settingId)
    .orderBy('academic_year')
    .execute()
}

/** The columns a GIAS import writes, as stored. */
export type GiasColumns = Pick<
  Insertable<SettingTable>,
  | 'urn'
  | 'ukprn'
  | 'la_establishment_number'
  | 'name'
  | 'type_group'
  | 'establishment_type'
  | 'phase'
  | 'provision'
  | 'address'
  | 'town'
  | 'postcode'
  | 'locality'
  | 'local_authority_code'
  | 'opened_on'
  | 'closed_on'
  | 'ofsted_rating'
  | 'age_from'
  | 'age_to'
  | 'designation'
>

export async function findSettingsByUrn(db: Queryable, authorityId: string, urns: readonly number[]) {
  if (urns.length === 0) return []
  return db.selectFrom('setting').selectAll().where('authority_id', '=', authorityId).where('urn', 'in', urns).execute()
}

export async function insertSettings(db: Queryable, authorityId: string, settings: readonly GiasColumns[]) {
  if (settings.length === 0) return []
  return db
    .insertInto('setting')
    .values(settings.map((s) => ({ ...s, authority_id: authorityId })))
    .returning(['id', 'urn'])
    .execute()
}

export async function updateSetting(
  db: Queryable,
  authorityId: string,
  id: string,
  changes: Updateable<SettingTable>,
): Promise<void> {
  await db
    .updateTable('setting')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .execute()
}

/**
 * Serialises imports into one authority's directory: each batch reads the settings it compares against after taking
 * the lock, so two imports at once cannot both insert the same URN. Held until the batch's transaction ends.
 */
export async function lockDirectoryForImport(trx: Queryable, authorityId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`settings-import:${authorityId}`}, 0))`.execute(trx)
}
