import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type KyselyPlugin, sql } from 'kysely'
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/platform/config.js'
import type { Database } from '../../src/platform/db/database.js'
import { createLogger } from '../../src/platform/logger.js'
import type { Role } from '../../src/platform/policy/roles.js'
import { seedDemo } from '../../src/seed/demo.js'
import { csrfFrom, signInAsDemo } from '../support/app.js'
import { createTestDatabase, testEngine } from '../support/database.js'

/**
 * The account behind a session is read with the session, in one statement (src/platform/auth/sessionStore.ts), on
 * every signed-in request: so what changes in the account takes effect at the very next request.
 */
describe(`the account read with its session (${testEngine})`, () => {
  let database: Database
  let app: ReturnType<typeof createApp>
  /** Every statement the app sends through its query builder, in order. */
  const statements: string[] = []

  before(async () => {
    database = await createTestDatabase()
    await seedDemo(database.db, { accountsOnly: true })
    const recorder: KyselyPlugin = {
      transformQuery: (args) => {
        statements.push(database.db.getExecutor().compileQuery(args.node, args.queryId).sql)
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const db = database.db.withPlugin(recorder)
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })
    app = createApp({ config, database: { ...database, db }, logger: createLogger('silent') })
  })
  after(() => database.close())

  const signedIn = (role: Role) => signInAsDemo(app, database.db, role)

  it('reads the session and its account in one statement, and the account in no other', async () => {
    const { agent } = await signedIn('caseworker')
    statements.length = 0
    await agent.get('/account').expect(200)
    const withSession = statements.filter((s) => s.includes('web_session'))
    assert.equal(withSession.length, 1, statements.join('\n\n'))
    assert.match(withSession[0] ?? '', /signed_in_account/)
    assert.equal(statements.filter((s) => s.includes('signed_in_account')).length, 1, statements.join('\n\n'))
  })

  it('ends the session at the next request once the account is disabled', async () => {
    const { agent, userId } = await signedIn('caseworker')
    await agent.get('/account').expect(200)
    await database.db.updateTable('app_user').set({ disabled_at: new Date() }).where('id', '=', userId).execute()
    try {
      await agent.get('/account').expect(303)
    } finally {
      await database.db.updateTable('app_user').set({ disabled_at: null }).where('id', '=', userId).execute()
    }
    // The session was ended, not kept for when the account is enabled again.
    await agent.get('/account').expect(303)
  })

  it('acts with a changed role from the next request', async () => {
    const { agent, userId } = await signedIn('caseworker')
    // Only team managers see the unallocated cases (they allocate them).
    await agent.get('/cases?view=unallocated').expect(403)
    await database.db.updateTable('app_user').set({ role: 'team_manager' }).where('id', '=', userId).execute()
    try {
      await agent.get('/cases?view=unallocated').expect(200)
      assert.match((await agent.get('/').expect(200)).text, /<\/strong>, Team manager\s/)
    } finally {
      await database.db.updateTable('app_user').set({ role: 'caseworker' }).where('id', '=', userId).execute()
    }
  })

  it('treats a session naming something other than a user id as signed out, without failing', async () => {
    const { agent, userId } = await signedIn('caseworker')
    await sql`update web_session set sess = jsonb_set(sess::jsonb, '{userId}', '"not-a-user-id"')::json
      where sess::jsonb ->> 'userId' = ${userId}`.execute(database.db)
    await agent.get('/account').expect(303)
    const home = await agent.get('/').expect(200)
    assert.doesNotMatch(home.text, /action="\/sign-out"/)
  })

  it('signs in and out as before: a new session is read with its new account', async () => {
    const first = await signedIn('caseworker')
    const csrf = csrfFrom((await first.agent.get('/').expect(200)).text)
    await first.agent.post('/sign-out').type('form').send({ _csrf: csrf }).expect(303)
    await first.agent.get('/account').expect(303)
    const page = await first.agent.get('/sign-in').expect(200)
    const manager = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('role', '=', 'team_manager')
      .where('is_demo', '=', true)
      .executeTakeFirstOrThrow()
    await first.agent
      .post('/sign-in/demo')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), userId: manager.id })
      .expect(303)
    assert.match((await first.agent.get('/').expect(200)).text, /<\/strong>, Team manager\s/)
  })
})
