import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import request from 'supertest'
import { currentTotp } from '../../src/platform/auth/totp.js'
import { createUser } from '../../src/platform/auth/users.service.js'
import { createTestApp, csrfFrom, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'

const password = 'correct horse battery staple'

async function startSignIn(t: TestApp) {
  const agent = request.agent(t.app)
  const page = await agent.get('/sign-in').expect(200)
  return { agent, csrf: csrfFrom(page.text), cookie: String(page.headers['set-cookie']) }
}

async function auditActions(t: TestApp, userId: string) {
  const rows = await t.database.db
    .selectFrom('audit_log')
    .select('action')
    .where('record_id', '=', userId)
    .orderBy('id')
    .execute()
  return rows.map((r) => r.action)
}

describe(`sign-in outside demo mode (${testEngine})`, () => {
  let t: TestApp
  let parentId: string
  let caseworkerId: string
  before(async () => {
    t = await createTestApp({ DEMO: 'false' })
    const actor = { authorityId: t.authorityId, userId: null, label: 'test' }
    parentId = (
      await createUser(t.database.db, actor, {
        email: 'parent@example.com',
        displayName: 'Pat Parent',
        role: 'parent',
        password,
      })
    ).id
    caseworkerId = (
      await createUser(t.database.db, actor, {
        email: 'Case.Worker@example.com',
        displayName: 'Casey',
        role: 'caseworker',
        password,
      })
    ).id
    await createUser(t.database.db, actor, {
      email: 'locked@example.com',
      displayName: 'Lou',
      role: 'parent',
      password,
    })
  })
  after(() => t.close())

  it('lists no demo accounts and refuses one-click demo sign-in', async () => {
    const { agent, csrf } = await startSignIn(t)
    const page = await agent.get('/').expect(200)
    assert.doesNotMatch(page.text, /Demo accounts/)
    await agent.post('/sign-in/demo').type('form').send({ _csrf: csrf, userId: parentId }).expect(404)
  })

  it('signs a parent in with a password, rotating the session id, with a secure cookie', async () => {
    const { agent, csrf, cookie } = await startSignIn(t)
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrf, email: 'parent@example.com', password })
      .expect(303)
    assert.equal(res.headers.location, '/')
    const after = String(res.headers['set-cookie'])
    assert.match(after, /HttpOnly/)
    assert.match(after, /SameSite=Lax/)
    assert.notEqual(after.split(';')[0], cookie.split(';')[0], 'the session id changes at sign-in')
    const home = await agent.get('/').expect(200)
    assert.match(home.text, /Hello, Pat Parent/)
    assert.deepEqual((await auditActions(t, parentId)).slice(-1), ['sign-in'])
  })

  it('treats the email address without regard to case and follows only same-site return paths', async () => {
    const { agent, csrf } = await startSignIn(t)
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrf, email: 'PARENT@example.com', password, returnTo: 'https://evil.example/' })
      .expect(303)
    assert.equal(res.headers.location, '/')
  })

  it('explains what is wrong with an empty or malformed form and signs nobody in', async () => {
    const { agent, csrf } = await startSignIn(t)
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrf, email: 'not-an-email', password: '' })
      .expect(400)
    assert.match(res.text, /There is a problem/)
    assert.match(res.text, /Enter an email address in the correct format/)
    assert.match(res.text, /Enter your password/)
    await agent.get('/account').expect(303)
  })

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const a = await startSignIn(t)
    const unknown = await a.agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: a.csrf, email: 'nobody@example.com', password })
      .expect(401)
    const b = await startSignIn(t)
    const wrong = await b.agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: b.csrf, email: 'parent@example.com', password: 'wrong password!!' })
      .expect(401)
    for (const res of [unknown, wrong]) assert.match(res.text, /Enter a correct email address and password/)
  })

  it('locks an account after 5 wrong passwords, refusing even the right one until the lock ends', async () => {
    const locked = await t.database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'locked@example.com')
      .executeTakeFirstOrThrow()
    const { agent, csrf } = await startSignIn(t)
    for (let i = 1; i <= 4; i++) {
      await agent
        .post('/sign-in')
        .type('form')
        .send({ _csrf: csrf, email: 'locked@example.com', password: `wrong ${i} password` })
        .expect(401)
    }
    const fifth = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrf, email: 'locked@example.com', password: 'wrong 5 password' })
      .expect(429)
    assert.match(fifth.text, /This account is locked/)
    const right = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrf, email: 'locked@example.com', password })
      .expect(429)
    assert.match(right.text, /This account is locked/)
    assert.ok((await auditActions(t, locked.id)).includes('account.locked'))
    await agent.get('/account').expect(303)
    // When the lock has passed, the right password works again.
    await t.database.db
      .updateTable('app_user')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('id', '=', locked.id)
      .execute()
    await agent.post('/sign-in').type('form').send({ _csrf: csrf, email: 'locked@example.com', password }).expect(303)
  })

  it('makes staff set up a second factor, then asks for it at every sign-in and refuses a replayed code', async () => {
    const first = await startSignIn(t)
    const res = await first.agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: first.csrf, email: 'case.worker@example.com', password })
      .expect(303)
    assert.equal(res.headers.location, '/sign-in/set-up-second-factor')
    await first.agent.get('/account').expect(303) // not signed in until the second factor is done
    const setUp = await first.agent.get('/sign-in/set-up-second-factor').expect(200)
    const secret = setUp.text.match(/id="totp-secret">([A-Z2-7 ]+)</)?.[1]?.replace(/ /g, '')
    assert.ok(secret, 'the set-up key is shown')
    const csrf = csrfFrom(setUp.text)
    const wrong = await first.agent
      .post('/sign-in/set-up-second-factor')
      .type('form')
      .send({ _csrf: csrf, code: '000000' })
    assert.equal(wrong.status, 401)
    const bad = await first.agent
      .post('/sign-in/set-up-second-factor')
      .type('form')
      .send({ _csrf: csrf, code: 'abc' })
      .expect(400)
    assert.match(bad.text, /Enter the 6-digit code/)
    const code = currentTotp(secret)
    await first.agent.post('/sign-in/set-up-second-factor').type('form').send({ _csrf: csrf, code }).expect(303)
    await first.agent.get('/account').expect(200)
    const user = await t.database.db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', caseworkerId)
      .executeTakeFirstOrThrow()
    assert.ok(user.totp_enabled_at)
    assert.ok((await auditActions(t, caseworkerId)).includes('second-factor.enrolled'))

    const second = await startSignIn(t)
    const again = await second.agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: second.csrf, email: 'case.worker@example.com', password })
      .expect(303)
    assert.equal(again.headers.location, '/sign-in/second-factor')
    const prompt = await second.agent.get('/sign-in/second-factor').expect(200)
    const csrf2 = csrfFrom(prompt.text)
    await second.agent.post('/sign-in/second-factor').type('form').send({ _csrf: csrf2, code }).expect(401) // the same code again
    const next = currentTotp(secret, Date.now() + 30_000)
    await second.agent.post('/sign-in/second-factor').type('form').send({ _csrf: csrf2, code: next }).expect(303)
    await second.agent.get('/account').expect(200)
  })

  it('refuses the second-factor pages without a password step first', async () => {
    const res = await request(t.app).get('/sign-in/second-factor').expect(303)
    assert.match(String(res.headers.location), /^\/sign-in/)
  })

  it('refuses a form sent without the CSRF token, or with another session’s token', async () => {
    const { agent } = await startSignIn(t)
    await agent.post('/sign-in').type('form').send({ email: 'parent@example.com', password }).expect(403)
    const other = await startSignIn(t)
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: other.csrf, email: 'parent@example.com', password })
      .expect(403)
    assert.match(res.text, /This form has expired/)
  })

  it('signs out: the session is destroyed and pages need sign-in again', async () => {
    const { agent, csrf } = await startSignIn(t)
    await agent.post('/sign-in').type('form').send({ _csrf: csrf, email: 'parent@example.com', password }).expect(303)
    const home = await agent.get('/').expect(200)
    await agent
      .post('/sign-out')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })
      .expect(303)
    await agent.get('/account').expect(303)
    assert.ok((await auditActions(t, parentId)).includes('sign-out'))
  })

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const { agent, csrf } = await startSignIn(t)
    await agent.post('/sign-in').type('form').send({ _csrf: csrf, email: 'parent@example.com', password }).expect(303)
    await agent.get('/account').expect(200)
    // Absolute: signed in longer ago than the limit, however active since.
    await sql`update web_session set sess = jsonb_set(sess::jsonb, '{signedInAt}', to_jsonb(${Date.now() - t.config.sessionAbsoluteMs - 1000}::bigint))::json
      where sess::jsonb ->> 'userId' = ${parentId}`.execute(t.database.db)
    await agent.get('/account').expect(303)

    const idle = await startSignIn(t)
    await idle.agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: idle.csrf, email: 'parent@example.com', password })
      .expect(303)
    await idle.agent.get('/account').expect(200)
    await sql`update web_session set expire = now() - interval '1 minute' where sess::jsonb ->> 'userId' = ${parentId}`.execute(
      t.database.db,
    )
    await idle.agent.get('/account').expect(303)
  })
})
