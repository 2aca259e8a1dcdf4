import { sql } from 'kysely'
import { fromDayNumber } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { RowCounts } from './authority.js'
import type { DemoUsers } from './children.js'
import { demoAccounts } from './demo.js'
import { DemoCases } from './demoCases.js'
import { EhcGenerator } from './ehc.js'
import { ProcessRatesTable } from './ehcRates.js'
import { type SeededPanels, seedPanels } from './panels.js'
import type { AuthorityPlan } from './plan.js'
import { Random } from './random.js'
import type { SeededSettings } from './settings.js'
import { type DemoStaffIds, type SeededStaff, seedStaff, teamRows, teamScopeRows } from './staff.js'

/**
 * The SEND service of a seeded authority around its children: staff, panel and the EHC generator, and writing the
 * staff and panel (keeping an authority's own teams and criteria where it has them). The EHC reference numbers are
 * taken from the service's sequence, and the sequence moved past them.
 */

export interface EhcSeedOptions {
  authorityId: string
  seed: number
  /** Day number of the day the data is dated back from. */
  today: number
  historyYears: number
  letters: boolean
  demoWorkShare: number
  demoUsers?: DemoUsers & DemoStaffIds & { senco: string }
  firstReference: number
}

/**
 * The authority's SEND staff, panel and the EHC generator (with the demo's scripted cases in the demo authority), from
 * streams of their own, so that adding to the EHC data never changes the children. Pure: seedAuthority writes what it
 * makes, and tests run it without a database.
 */
export function prepareEhc(plan: AuthorityPlan, directory: SeededSettings, options: EhcSeedOptions) {
  const { authorityId, seed, today, demoUsers } = options
  const rates = new ProcessRatesTable(plan.calibration)
  const sizeFactor =
    (plan.ehcChildren + plan.senSupportChildren) / (plan.calibration.ehcPlans + plan.calibration.senSupport)
  const staff = seedStaff({
    authorityId,
    code: plan.code,
    localities: directory.localities,
    requestsPerYear: rates.of(Number(fromDayNumber(today).slice(0, 4))).requests * sizeFactor,
    random: new Random(seed, `staff:${plan.code}`),
    demo:
      demoUsers && directory.demoSchool
        ? { ...demoUsers, caseworkerLocality: directory.demoSchool.locality }
        : undefined,
  })
  const panels = seedPanels({
    authorityId,
    today,
    location: plan.demoAuthority
      ? 'Council House, Victoria Square, Birmingham, and online'
      : `${plan.calibration.name} council offices, and online`,
    staff,
    random: new Random(seed, `panels:${plan.code}`),
  })
  const settings = new Map(directory.settings.map((s) => [s.id, s]))
  const generator = new EhcGenerator({
    plan,
    authorityId,
    random: new Random(seed, `ehc:${plan.code}`),
    today,
    historyYears: options.historyYears,
    staff,
    panels,
    settings,
    rates,
    sizeFactor,
    letters: options.letters,
    firstReference: options.firstReference,
    demoWorkShare: options.demoWorkShare,
    demoSenco: demoUsers ? demoSencoOf(demoUsers.senco) : undefined,
    demoSchoolId: directory.demoSchool?.id,
    accountEmails: demoUsers ? demoAccountEmails(demoUsers) : undefined,
  })
  const script =
    demoUsers && directory.demoSchool && staff.demoCaseworker
      ? new DemoCases(generator, staff, demoUsers, settings, directory.demoSchool, today)
      : undefined
  return { staff, panels, generator, script }
}

function demoSencoOf(userId: string) {
  const account = demoAccounts.find((a) => a.role === 'senco')!
  return { userId, name: account.displayName, email: account.email }
}

/** The demo accounts' email addresses, by account id. */
function demoAccountEmails(users: DemoStaffIds & DemoUsers & { senco: string }): Map<string, string> {
  const byRole: Record<string, string> = {
    parent: users.parent,
    young_person: users.youngPerson,
    senco: users.senco,
    advice_giver: users.adviceGiver,
    caseworker: users.caseworker,
    team_manager: users.teamManager,
    panel_member: users.panelMember,
  }
  return new Map(demoAccounts.filter((a) => byRole[a.role]).map((a) => [byRole[a.role]!, a.email]))
}

/** The reference number the next seeded case takes: above any the service has given (ehc_case_reference_seq). */
export async function nextCaseReference(db: Queryable): Promise<number> {
  const { rows } = await sql<{ last_value: string; is_called: boolean }>`
    select last_value::text, is_called from ehc_case_reference_seq`.execute(db)
  const row = rows[0]!
  return Number(row.last_value) + (row.is_called ? 1 : 0)
}

/**
 * Moves the case reference sequence past the numbers the seed used, so the service's next request takes a new one.
 * Run once the authorities are seeded (in parallel they read the sequence at the same time, and differ only by
 * authority, where references are unique).
 */
export async function advanceCaseReferences(db: Queryable, lastReference: number): Promise<void> {
  if (lastReference < 1) return
  await sql`select setval('ehc_case_reference_seq', greatest(${lastReference}::bigint, (select last_value from ehc_case_reference_seq)))`.execute(
    db,
  )
}

/** The teams (an authority's existing team of the same name is kept), staff accounts and caseworkers' team scopes. */
export async function writeStaff(
  db: Queryable,
  staff: SeededStaff,
  authorityId: string,
  counts: RowCounts,
): Promise<void> {
  const existing = await db.selectFrom('team').select(['id', 'name']).where('authority_id', '=', authorityId).execute()
  const fresh = teamRows(staff, authorityId).filter((t) => !existing.some((e) => e.name === t.name))
  for (const team of staff.teams) team.id = existing.find((e) => e.name === team.name)?.id ?? team.id
  if (fresh.length) await db.insertInto('team').values(fresh).execute()
  counts.team += fresh.length
  for (let i = 0; i < staff.userRows.length; i += 500) {
    await db
      .insertInto('app_user')
      .values(staff.userRows.slice(i, i + 500))
      .execute()
  }
  counts.app_user += staff.userRows.length
  const scopes = teamScopeRows(staff, authorityId)
  const added = await db
    .insertInto('user_scope')
    .values(scopes)
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'ref_id']).doNothing())
    .returning('user_id')
    .execute()
  counts.user_scope += added.length
}

/** The panel's published criteria (an authority's own criteria of the same code are kept), meetings and members. */
export async function writePanels(db: Queryable, panels: SeededPanels, authorityId: string, counts: RowCounts) {
  const existing = await db
    .selectFrom('panel_criterion')
    .select(['id', 'code'])
    .where('authority_id', '=', authorityId)
    .execute()
  for (const list of Object.values(panels.criteria)) {
    for (const criterion of list) criterion.id = existing.find((e) => e.code === criterion.code)?.id ?? criterion.id
  }
  const fresh = panels.criterionRows.filter((c) => !existing.some((e) => e.code === c.code))
  if (fresh.length) await db.insertInto('panel_criterion').values(fresh).execute()
  counts.panel_criterion += fresh.length
  await db.insertInto('panel_meeting').values(panels.meetingRows).execute()
  counts.panel_meeting += panels.meetingRows.length
  await db.insertInto('panel_member').values(panels.memberRows).execute()
  counts.panel_member += panels.memberRows.length
}
