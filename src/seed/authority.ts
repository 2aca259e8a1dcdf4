import type { Queryable } from '../platform/db/database.js'
import type {
  ChildSettingTable,
  ChildTable,
  ConsentTable,
  FamilyMemberTable,
  ProfessionalLinkTable,
  SettingCapacityTable,
} from '../platform/db/schema.js'
import { type ChildBatch, type DemoUsers, generateChildren } from './children.js'
import { type Columns, insertRows } from './insert.js'
import type { AuthorityPlan } from './plan.js'
import { Random } from './random.js'
import { generateSettings } from './settings.js'

/** Rows written, by table. */
export interface RowCounts {
  setting: number
  setting_capacity: number
  child: number
  child_setting: number
  family_member: number
  consent: number
  professional_link: number
  user_scope: number
}

export function emptyCounts(): RowCounts {
  return {
    setting: 0,
    setting_capacity: 0,
    child: 0,
    child_setting: 0,
    family_member: 0,
    consent: 0,
    professional_link: 0,
    user_scope: 0,
  }
}

export function totalRows(counts: RowCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0)
}

export interface AuthoritySeedOptions {
  authorityId: string
  seed: number
  /** The demo accounts, in the demo authority: the SENCO's school, the parent's children, the young person. */
  demoUsers?: DemoUsers & { senco: string }
  /** Called after each batch with the number of children it wrote. */
  onChildren?: (children: number) => void
  batchSize?: number
}

const childColumns: Columns<ChildTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  legal_forename: 'text',
  legal_surname: 'text',
  preferred_name: 'text',
  date_of_birth: 'date',
  sex: 'text',
  ethnicity: 'text',
  home_postcode: 'text',
  locality: 'text',
  home_authority_code: 'text',
  upn: 'text',
  uln: 'text',
  nhs_number: 'text',
  no_identifier_reason: 'text',
  year_group_offset: 'smallint',
  primary_need: 'text',
  secondary_need: 'text',
  language: 'text',
  interpreter_needed: 'boolean',
  preferred_format: 'text',
  young_person_user_id: 'uuid',
}
const rollColumns: Columns<ChildSettingTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  child_id: 'uuid',
  setting_id: 'uuid',
  started_on: 'date',
  ended_on: 'date',
  main: 'boolean',
}
const familyColumns: Columns<FamilyMemberTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  child_id: 'uuid',
  forename: 'text',
  surname: 'text',
  relationship: 'text',
  parental_responsibility: 'boolean',
  email: 'text',
  phone: 'text',
  address: 'text',
  postcode: 'text',
  contact_preference: 'text',
  language: 'text',
  interpreter_needed: 'boolean',
  user_id: 'uuid',
  verified_at: 'timestamptz',
}
const consentColumns: Columns<ConsentTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  child_id: 'uuid',
  given_by: 'text',
  scope: 'text',
  shared_with: 'text',
  given_on: 'date',
  withdrawn_on: 'date',
}
const professionalColumns: Columns<ProfessionalLinkTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  child_id: 'uuid',
  role: 'text',
  name: 'text',
  organisation: 'text',
  email: 'text',
  phone: 'text',
  user_id: 'uuid',
  started_on: 'date',
  ended_on: 'date',
}
const capacityColumns: Columns<SettingCapacityTable> = {
  setting_id: 'uuid',
  authority_id: 'uuid',
  academic_year: 'smallint',
  commissioned_places: 'integer',
  occupied_places: 'integer',
}

/**
 * Seeds one authority's settings and children into an authority row that exists and has no children yet. Takes a
 * transaction (or the root handle) and passes it down; on PGlite it must be the transaction when there is one.
 */
export async function seedAuthority(
  db: Queryable,
  plan: AuthorityPlan,
  options: AuthoritySeedOptions,
): Promise<RowCounts> {
  const counts = emptyCounts()
  const random = new Random(options.seed, `authority:${plan.code}`)
  const directory = generateSettings(plan, options.authorityId, random)

  const settingRows = directory.settings.map((s) => s.row)
  for (let i = 0; i < settingRows.length; i += 500) {
    await db
      .insertInto('setting')
      .values(settingRows.slice(i, i + 500))
      .execute()
  }
  counts.setting = settingRows.length
  counts.setting_capacity = await insertRows(db, 'setting_capacity', capacityColumns, directory.capacity)

  const demoUsers = options.demoUsers
  for (const batch of generateChildren({
    plan,
    authorityId: options.authorityId,
    random,
    directory,
    demoUsers,
    batchSize: options.batchSize,
  })) {
    await insertBatch(db, batch, counts)
    options.onChildren?.(batch.children.length)
  }

  if (demoUsers && directory.demoSchool) {
    await db
      .insertInto('user_scope')
      .values({
        user_id: demoUsers.senco,
        authority_id: options.authorityId,
        kind: 'setting',
        ref_id: directory.demoSchool.id,
      })
      .execute()
    counts.user_scope = 1
  }
  return counts
}

async function insertBatch(db: Queryable, batch: ChildBatch, counts: RowCounts): Promise<void> {
  counts.child += await insertRows(
    db,
    'child',
    childColumns,
    batch.children.map((c) => c.row),
  )
  counts.child_setting += await insertRows(db, 'child_setting', rollColumns, batch.roll)
  counts.family_member += await insertRows(db, 'family_member', familyColumns, batch.family)
  counts.consent += await insertRows(db, 'consent', consentColumns, batch.consents)
  counts.professional_link += await insertRows(db, 'professional_link', professionalColumns, batch.professionals)
}
