import type { Db } from '../../src/platform/db/database.js'
import type { Role } from '../../src/platform/policy/roles.js'
import type { SignedInAgent, TestApp } from '../support/app.js'

/**
 * An authority of the directory tests' own, so what they count is theirs alone, whatever the demo seed puts in the
 * demo authority's directory.
 */
export async function makeAuthority(db: Db, code = 'T01', name = 'Testshire County Council'): Promise<string> {
  return (await db.insertInto('authority').values({ code, name }).returning('id').executeTakeFirstOrThrow()).id
}

/** Signs in, through the demo sign-in, as a new demo account of a role in the given authority. */
export async function signInTo(t: TestApp, authorityId: string, role: Role): Promise<SignedInAgent> {
  const user = await t.database.db
    .insertInto('app_user')
    .values({
      authority_id: authorityId,
      email: `${role}.${authorityId}@directory.test.invalid`,
      display_name: `Directory ${role}`,
      role,
      password_hash: null,
      is_demo: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return t.signInAsUser(user.id)
}
