import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Db } from '../platform/db/database.js'
import type { DocumentStorage } from '../platform/documents/storage.js'
import { Conflict } from '../platform/errors.js'
import {
  type AuthoritySeedResult,
  defaultEhcHistoryYears,
  emptyCounts,
  type RowCounts,
  seedAuthority,
  totalRows,
} from './authority.js'
import { defaultSeed, demoAuthority, demoPeople, ensureDemoAuthority, seedDemo } from './demo.js'
import { advanceCaseReferences } from './ehcSeed.js'
import { type AuthorityPlan, planScale, type Scale } from './plan.js'

export interface ScaleSeedOptions {
  scale: Scale
  seed?: number
  /** The day the EHC cases are dated back from: today in London unless given. */
  today?: IsoDate
  /** Children written so far, of how many. */
  onProgress?: (done: number, total: number) => void
  /**
   * Authorities seeded at once, each in its own transaction. Only PostgreSQL gains from more than one: PGlite has one
   * connection, and a second transaction would wait on the first.
   */
  concurrency?: number
  /** Where the demo writes its plans' files (the larger scales write none). */
  documents?: DocumentStorage
}

export interface ScaleSeedReport {
  scale: Scale
  seed: number
  /** False only for the demo when it was already there. */
  created: boolean
  authorities: number
  counts: RowCounts
  rows: number
  seconds: number
}

/**
 * Seeds a scale (DESIGN.md 3.2): `demo` (the demo authority, as `npm start` does), `birmingham` (the demo authority at
 * its real size) or `england` (all 153 authorities at theirs). Each authority is seeded in one transaction, so an
 * interrupted run leaves whole authorities. A scale is refused where one of its authorities already has children.
 */
export async function seedScale(db: Db, options: ScaleSeedOptions): Promise<ScaleSeedReport> {
  const started = performance.now()
  const seed = options.seed ?? defaultSeed
  const seconds = () => (performance.now() - started) / 1000
  if (options.scale === 'demo') {
    const report = await seedDemo(db, {
      seed,
      today: options.today,
      onProgress: options.onProgress,
      documents: options.documents,
    })
    const counts = report.counts ?? emptyCounts()
    return {
      scale: 'demo',
      seed,
      created: report.created,
      authorities: 1,
      counts,
      rows: totalRows(counts),
      seconds: seconds(),
    }
  }

  const plans = planScale(options.scale)
  await refuseIfSeeded(db, plans)
  const total = plans.reduce((t, p) => t + p.ehcChildren + p.senSupportChildren, 0)
  const counts = emptyCounts()
  let done = 0
  const onChildren = (n: number) => {
    done += n
    options.onProgress?.(done, total)
  }
  const ehcHistoryYears = ehcHistoryYearsOf(options.scale)
  let next = 0
  let lastReference = 0
  const worker = async () => {
    for (let i = next++; i < plans.length; i = next++) {
      const written = await seedOne(db, plans[i]!, { seed, today: options.today, ehcHistoryYears }, onChildren)
      for (const [table, n] of Object.entries(written.counts)) counts[table as keyof RowCounts] += n
      lastReference = Math.max(lastReference, written.lastReference)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker))
  await advanceCaseReferences(db, lastReference)
  // Fresh planner statistics, so the first queries on a bulk-loaded database do not plan for empty tables.
  await sql`analyze setting, setting_capacity, child, child_setting, family_member, consent, professional_link,
    app_user, user_scope, team, ehc_plan, ehc_case, ehc_case_event, advice_request, ehc_consultation, ehc_exception,
    panel_meeting, panel_member, panel_agenda_item, panel_decision_criterion`.execute(db)
  return {
    scale: options.scale,
    seed,
    created: true,
    authorities: plans.length,
    counts,
    rows: totalRows(counts),
    seconds: seconds(),
  }
}

async function refuseIfSeeded(db: Db, plans: AuthorityPlan[]): Promise<void> {
  const seeded = await db
    .selectFrom('authority')
    .select(['code', 'name'])
    .where(
      'code',
      'in',
      plans.map((p) => p.code),
    )
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('child').select('child.id').whereRef('child.authority_id', '=', 'authority.id')),
    )
    .orderBy('code')
    .execute()
  if (seeded.length) {
    const names = seeded.map((a) => `${a.code} ${a.name}`)
    const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ')
    throw new Conflict(
      `Not seeded: ${shown} already ${seeded.length > 1 ? 'have' : 'has'} children. Seed a scale into an empty database (a new DATA_DIR, or a new PostgreSQL database in DATABASE_URL).`,
    )
  }
}

/**
 * Years of EHC needs assessments each scale writes: 4 for the demo and Birmingham; 1 for England (with every plan in
 * force), which keeps its seed near its old time: about 170,000 requests, 3 million rows more, where 4 years would
 * add 11 million.
 */
export function ehcHistoryYearsOf(scale: Scale): number {
  return scale === 'england' ? 1 : defaultEhcHistoryYears
}

async function seedOne(
  db: Db,
  plan: AuthorityPlan,
  options: { seed: number; today: IsoDate | undefined; ehcHistoryYears: number },
  onChildren: (n: number) => void,
): Promise<AuthoritySeedResult> {
  const { seed, today, ehcHistoryYears } = options
  return db.transaction().execute(async (trx) => {
    if (plan.code === demoAuthority.code) {
      const { authorityId, accounts } = await ensureDemoAuthority(trx)
      return seedAuthority(trx, plan, {
        authorityId,
        seed,
        today,
        ehcHistoryYears,
        demoUsers: demoPeople(accounts),
        onChildren,
      })
    }
    await trx
      .insertInto('authority')
      .values({ code: plan.code, name: plan.name })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute()
    const { id } = await trx
      .selectFrom('authority')
      .select('id')
      .where('code', '=', plan.code)
      .executeTakeFirstOrThrow()
    return seedAuthority(trx, plan, { authorityId: id, seed, today, ehcHistoryYears, onChildren })
  })
}
