import type { Db } from '../../src/platform/db/database.js'
import type { Role } from '../../src/platform/policy/roles.js'
import { csrfFrom, type SignedInAgent, type TestApp } from '../support/app.js'

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
  const agent = (await import('supertest')).default.agent(t.app)
  const page = await agent.get('/sign-in').expect(200)
  await agent
    .post('/sign-in/demo')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), userId: user.id })
    .expect(303)
  const home = await agent.get('/').expect(200)
  return { agent, csrf: csrfFrom(home.text), userId: user.id }
}
