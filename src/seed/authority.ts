import { type IsoDate, toDayNumber, todayInLondon } from '../platform/calendar/isoDate.js'
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
import { ehcChildrenOf } from './ehc.js'
import { type EhcCounts, insertEhcRows } from './ehcInsert.js'
import { nextCaseReference, prepareEhc, writePanels, writeStaff } from './ehcSeed.js'
import { type Columns, insertRows } from './insert.js'
import type { AuthorityPlan } from './plan.js'
import { Random } from './random.js'
import { generateSettings } from './settings.js'
import type { DemoStaffIds } from './staff.js'

/** Rows written, by table. */
export interface RowCounts extends EhcCounts {
  setting: number
  setting_capacity: number
  child: number
  child_setting: number
  family_member: number
  consent: number
  professional_link: number
  user_scope: number
  app_user: number
  team: number
  panel_criterion: number
  panel_meeting: number
  panel_member: number
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
    app_user: 0,
    team: 0,
    panel_criterion: 0,
    panel_meeting: 0,
    panel_member: 0,
    ehc_plan: 0,
    ehc_case: 0,
    ehc_case_event: 0,
    advice_request: 0,
    ehc_consultation: 0,
    ehc_exception: 0,
    panel_agenda_item: 0,
    panel_decision_criterion: 0,
    ehc_letter: 0,
    notification: 0,
  }
}

export function totalRows(counts: RowCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0)
}

export interface AuthoritySeedOptions {
  authorityId: string
  seed: number
  /**
   * The demo accounts, in the demo authority: the SENCO's school, the parent's children, the young person, and the
   * staff accounts given cases, panels and advice to work on.
   */
  demoUsers?: DemoUsers & DemoStaffIds & { senco: string }
  /** Called after each batch with the number of children it wrote. */
  onChildren?: (children: number) => void
  batchSize?: number
  /** The day the EHC data is dated back from: today in London unless given (tests fix it). */
  today?: IsoDate
  /** Years of EHC needs assessments written (plans are written for every child with one, whatever their age). */
  ehcHistoryYears?: number
  /** Write decision letters (the demo only). */
  letters?: boolean
  /** Share of the work of the demo caseworker's team and of educational psychology given to the demo accounts. */
  demoWorkShare?: number
}

export interface AuthoritySeedResult {
  counts: RowCounts
  /** The highest EHC case reference number used: the reference sequence must be moved past it. */
  lastReference: number
}

/** Years of EHC needs assessments the demo and Birmingham seeds write. */
export const defaultEhcHistoryYears = 4

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
 * Seeds one authority into an authority row that exists and has no children yet: its settings and children; its SEND
 * service's teams, staff and panel; every child's EHC plan, and the EHC needs assessments of the last years dated back
 * from today, child batch by child batch (ehc.ts; in the demo authority also the scripted cases of demoCases.ts).
 * Takes a transaction (or the root handle) and passes it down; on PGlite it must be the transaction when there is one.
 */
export async function seedAuthority(
  db: Queryable,
  plan: AuthorityPlan,
  options: AuthoritySeedOptions,
): Promise<AuthoritySeedResult> {
  const counts = emptyCounts()
  const { authorityId } = options
  const random = new Random(options.seed, `authority:${plan.code}`)
  const directory = generateSettings(plan, authorityId, random)
  const today = toDayNumber(options.today ?? todayInLondon())

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
  const ehc = prepareEhc(plan, directory, {
    authorityId,
    seed: options.seed,
    today,
    historyYears: options.ehcHistoryYears ?? defaultEhcHistoryYears,
    letters: options.letters ?? false,
    demoWorkShare: options.demoWorkShare ?? 0,
    demoUsers,
    firstReference: await nextCaseReference(db),
  })
  await writeStaff(db, ehc.staff, authorityId, counts)
  await writePanels(db, ehc.panels, authorityId, counts)
  const { generator, script } = ehc

  for (const batch of generateChildren({
    plan,
    authorityId,
    random,
    directory,
    demoUsers,
    batchSize: options.batchSize,
  })) {
    await insertBatch(db, batch, counts)
    const children = ehcChildrenOf(batch)
    const scripted = script?.forBatch(children)
    if (scripted) await insertEhcRows(db, generator.write(scripted.specs, scripted.plans), counts)
    await insertEhcRows(db, generator.forBatch(children, scripted?.taken), counts)
    options.onChildren?.(batch.children.length)
  }
  if (script?.unmatched.length) throw new Error(`No child for the demo's ${script.unmatched.join('; ')}`)

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
    counts.user_scope += 1
  }
  return { counts, lastReference: generator.lastReference }
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
