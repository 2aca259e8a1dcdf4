import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Db, Queryable } from '../platform/db/database.js'
import type { DocumentStorage } from '../platform/documents/storage.js'
import type { Role } from '../platform/policy/roles.js'
import type { RowCounts } from './authority.js'
import { planDemo } from './plan.js'

/** The demo authority: Birmingham, DfE local authority number 330 (DESIGN.md section 5). */
export const demoAuthority = { code: '330', name: 'Birmingham City Council' }

/** One demo account per role. Names are made up; no real person is meant. */
export const demoAccounts: { role: Role; displayName: string; email: string }[] = [
  { role: 'caseworker', displayName: 'Priya Shah', email: 'caseworker@demo.ascend.invalid' },
  { role: 'team_manager', displayName: 'Tom Gallagher', email: 'team.manager@demo.ascend.invalid' },
  { role: 'panel_member', displayName: 'Dr Ama Owusu', email: 'panel.member@demo.ascend.invalid' },
  {
    role: 'advice_giver',
    displayName: 'Dr Rhys Morgan, educational psychologist',
    email: 'advice.giver@demo.ascend.invalid',
  },
  { role: 'senco', displayName: 'Helen Carter', email: 'senco@demo.ascend.invalid' },
  { role: 'parent', displayName: 'Sam Ahmed', email: 'parent@demo.ascend.invalid' },
  { role: 'young_person', displayName: 'Jordan Lee', email: 'young.person@demo.ascend.invalid' },
  { role: 'finance_officer', displayName: 'Grace Okafor', email: 'finance@demo.ascend.invalid' },
  { role: 'commissioner', displayName: 'Daniel Price', email: 'commissioner@demo.ascend.invalid' },
  { role: 'administrator', displayName: 'Alex Murray', email: 'administrator@demo.ascend.invalid' },
]

/** The seed `npm start` and `ascend seed` use unless told otherwise. */
export const defaultSeed = 1

export interface SeedReport {
  authorityId: string
  /** False when the demo was already there: nothing was written. */
  created: boolean
  counts?: RowCounts
}

export interface DemoSeedOptions {
  /**
   * The authority and its accounts alone, with no settings or children: for tests that make their own records and
   * sign in as the demo accounts.
   */
  accountsOnly?: boolean
  seed?: number
  /** The day the EHC cases are dated back from: today in London unless given. */
  today?: IsoDate
  /** Children written so far, of how many. */
  onProgress?: (done: number, total: number) => void
  /** Where the files of the plans the cases were issued are written; without it the plans have no files. */
  documents?: DocumentStorage
}

/**
 * In the demo, the demo caseworker gets most of her team's cases and the demo educational psychologist most of the
 * requests for educational psychology advice, so that their accounts have a caseload to show.
 */
export const demoWorkShare = 0.6

export interface DemoAuthorityAccounts {
  authorityId: string
  /** Each role's demo account id. */
  accounts: Map<Role, string>
  /** Whether the authority was created now. */
  created: boolean
}

/** The demo authority and its accounts, each created where it is missing. */
export async function ensureDemoAuthority(db: Queryable): Promise<DemoAuthorityAccounts> {
  const existing = await db
    .selectFrom('authority')
    .select('id')
    .where('code', '=', demoAuthority.code)
    .executeTakeFirst()
  const authorityId =
    existing?.id ??
    (await db.insertInto('authority').values(demoAuthority).returning('id').executeTakeFirstOrThrow()).id
  const present = await db
    .selectFrom('app_user')
    .select(['id', 'role', 'email'])
    .where('authority_id', '=', authorityId)
    .where('is_demo', '=', true)
    .execute()
  const missing = demoAccounts.filter((a) => !present.some((p) => p.email.toLowerCase() === a.email))
  const added = missing.length
    ? await db
        .insertInto('app_user')
        .values(
          missing.map((a) => ({
            authority_id: authorityId,
            email: a.email,
            display_name: a.displayName,
            role: a.role,
            password_hash: null, // demo accounts sign in with one click, and only in demo mode
            is_demo: true,
          })),
        )
        .returning(['id', 'role', 'email'])
        .execute()
    : []
  const accounts = new Map<Role, string>()
  for (const account of [...present, ...added]) {
    const demo = demoAccounts.find((a) => a.email === account.email.toLowerCase())
    if (demo) accounts.set(demo.role, account.id)
  }
  return { authorityId, accounts, created: existing === undefined }
}

/** The demo accounts that stand for people in the seeded data (children.ts, staff.ts, demoCases.ts). */
export function demoPeople(accounts: Map<Role, string>) {
  const id = (role: Role) => {
    const found = accounts.get(role)
    if (!found) throw new Error(`No demo ${role} account`)
    return found
  }
  return {
    senco: id('senco'),
    parent: id('parent'),
    youngPerson: id('young_person'),
    adviceGiver: id('advice_giver'),
    caseworker: id('caseworker'),
    teamManager: id('team_manager'),
    panelMember: id('panel_member'),
  }
}

export async function hasChildren(db: Queryable, authorityId: string): Promise<boolean> {
  const row = await db
    .selectFrom('child')
    .select('id')
    .where('authority_id', '=', authorityId)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * The demo (DESIGN.md section 5): Birmingham's accounts, special schools and resource bases, synthetic schools and
 * about 2,000 children and young people with their families; the SEND service's teams and staff, the panel's
 * meetings, and four years of EHC needs assessments with their letters and plans, dated back from today (ehc.ts,
 * demoCases.ts, planDocuments.ts); in one transaction. Once there, running it again changes nothing.
 */
export async function seedDemo(db: Db, options: DemoSeedOptions = {}): Promise<SeedReport> {
  return db.transaction().execute(async (trx) => {
    const { authorityId, accounts, created } = await ensureDemoAuthority(trx)
    if (options.accountsOnly) return { authorityId, created }
    if (await hasChildren(trx, authorityId)) return { authorityId, created: false }
    // Loaded only to seed: faker takes a few hundred milliseconds to load, which a warm start should not pay.
    const { seedAuthority } = await import('./authority.js')
    const { advanceCaseReferences } = await import('./ehcSeed.js')
    const plan = planDemo()
    const total = plan.ehcChildren + plan.senSupportChildren
    let done = 0
    const { counts, lastReference } = await seedAuthority(trx, plan, {
      authorityId,
      seed: options.seed ?? defaultSeed,
      demoUsers: demoPeople(accounts),
      today: options.today,
      letters: true,
      demoWorkShare,
      onChildren: (n) => {
        done += n
        options.onProgress?.(done, total)
      },
    })
    await advanceCaseReferences(trx, lastReference)
    if (options.documents) {
      const { seedPlanDocuments } = await import('./planDocuments.js')
      await seedPlanDocuments(trx, options.documents, authorityId)
    }
    return { authorityId, created: true, counts }
  })
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('authority').select('id').limit(1).executeTakeFirst()
  return row === undefined
}
