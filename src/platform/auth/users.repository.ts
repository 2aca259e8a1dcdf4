import type { Updateable } from 'kysely'
import type { Queryable } from '../db/database.js'
import type { AppUser, AppUserTable, NewAppUser } from '../db/schema.js'

export async function findUserByEmail(db: Queryable, email: string): Promise<AppUser | undefined> {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst()
}

export async function findUserById(db: Queryable, id: string): Promise<AppUser | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertUser(db: Queryable, user: NewAppUser): Promise<AppUser> {
  return db.insertInto('app_user').values(user).returningAll().executeTakeFirstOrThrow()
}

export async function updateUser(db: Queryable, id: string, changes: Updateable<AppUserTable>): Promise<void> {
  await db.updateTable('app_user').set(changes).where('id', '=', id).execute()
}

export async function listUsers(db: Queryable, authorityId: string) {
  return db
    .selectFrom('app_user')
    .select([
      'id',
      'email',
      'display_name',
      'role',
      'is_demo',
      'disabled_at',
      'last_sign_in_at',
      'totp_enabled_at',
      'locked_until',
    ])
    .where('authority_id', '=', authorityId)
    .orderBy('role')
    .orderBy('display_name')
    .execute()
}

export async function listDemoUsers(db: Queryable) {
  return db
    .selectFrom('app_user')
    .innerJoin('authority', 'authority.id', 'app_user.authority_id')
    .select([
      'app_user.id',
      'app_user.display_name',
      'app_user.role',
      'app_user.email',
      'authority.name as authority_name',
    ])
    .where('app_user.is_demo', '=', true)
    .where('app_user.disabled_at', 'is', null)
    .orderBy('app_user.created_at')
    .execute()
}

export async function findUserScope(db: Queryable, userId: string) {
  const rows = await db.selectFrom('user_scope').select(['kind', 'ref_id']).where('user_id', '=', userId).execute()
  return {
    settingIds: rows.filter((r) => r.kind === 'setting').map((r) => r.ref_id),
    teamIds: rows.filter((r) => r.kind === 'team').map((r) => r.ref_id),
  }
}

export async function findUserByIdentity(db: Queryable, issuer: string, subject: string) {
  return db
    .selectFrom('user_identity')
    .innerJoin('app_user', 'app_user.id', 'user_identity.user_id')
    .selectAll('app_user')
    .where('user_identity.issuer', '=', issuer)
    .where('user_identity.subject', '=', subject)
    .executeTakeFirst()
}

export async function linkIdentity(db: Queryable, user: AppUser, issuer: string, subject: string) {
  await db
    .insertInto('user_identity')
    .values({ issuer, subject, user_id: user.id, authority_id: user.authority_id })
    .onConflict((oc) => oc.doNothing())
    .execute()
}
