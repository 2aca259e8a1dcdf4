import type { Db } from '../platform/db/database.js'
import type { Role } from '../platform/policy/roles.js'

/** The demo authority: Birmingham, DfE local authority number 330 (DESIGN.md section 5). */
export const demoAuthority = { code: '330', name: 'Birmingham City Council' }

/** One demo account per role. Names are made up; no real person is meant. */
export const demoAccounts: { role: Role; displayName: string; email: string }[] = [
  { role: 'caseworker', displayName: 'Priya Shah', email: 'caseworker@demo.ascend.invalid' },
  { role: 'team_manager', displayName: 'Tom Gallagher', email: 'team.manager@demo.ascend.invalid' },
  { role: 'panel_member', displayName: 'Dr Ama Owusu', email: 'panel.member@demo.ascend.invalid' },
  {
    role: 'advice_giver',
    displayName: 'Dr Rhys Morgan (educational psychologist)',
    email: 'advice.giver@demo.ascend.invalid',
  },
  { role: 'senco', displayName: 'Helen Carter', email: 'senco@demo.ascend.invalid' },
  { role: 'parent', displayName: 'Sam Ahmed', email: 'parent@demo.ascend.invalid' },
  { role: 'young_person', displayName: 'Jordan Lee', email: 'young.person@demo.ascend.invalid' },
  { role: 'finance_officer', displayName: 'Grace Okafor', email: 'finance@demo.ascend.invalid' },
  { role: 'commissioner', displayName: 'Daniel Price', email: 'commissioner@demo.ascend.invalid' },
  { role: 'administrator', displayName: 'Alex Murray', email: 'administrator@demo.ascend.invalid' },
]

export interface SeedReport {
  authorityId: string
  created: boolean
}

/** Creates the demo authority and its accounts, once; running it again changes nothing. */
export async function seedDemo(db: Db): Promise<SeedReport> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('authority')
      .select('id')
      .where('code', '=', demoAuthority.code)
      .executeTakeFirst()
    if (existing) return { authorityId: existing.id, created: false }
    const authority = await trx.insertInto('authority').values(demoAuthority).returning('id').executeTakeFirstOrThrow()
    await trx
      .insertInto('app_user')
      .values(
        demoAccounts.map((a) => ({
          authority_id: authority.id,
          email: a.email,
          display_name: a.displayName,
          role: a.role,
          password_hash: null, // demo accounts sign in with one click, and only in demo mode
          is_demo: true,
        })),
      )
      .execute()
    return { authorityId: authority.id, created: true }
  })
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('authority').select('id').limit(1).executeTakeFirst()
  return row === undefined
}
