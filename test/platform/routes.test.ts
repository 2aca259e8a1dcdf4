import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import { mayTake } from '../../src/platform/policy/policy.js'
import { roles } from '../../src/platform/policy/roles.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { routeTable } from '../support/routeTable.js'

describe(`every route names its permission (${testEngine})`, () => {
  let t: TestApp
  const agents = new Map<string, SignedInAgent>()
  before(async () => {
    t = await createTestApp()
    for (const role of roles) agents.set(role, await t.signInAs(role))
  })
  after(() => t.close())

  it('finds the routes and a permission on every one of them', () => {
    const table = routeTable(t.app)
    assert.ok(table.length >= 25, `expected the whole route table, found ${table.length}`)
    const missing = table.filter((r) => !r.permission).map((r) => `${r.method} ${r.path}`)
    assert.deepEqual(missing, [], 'routes without a declared permission')
    assert.ok(
      table.some((r) => r.path === '/api/v1/users' && r.method === 'POST'),
      'API routes are walked too',
    )
  })

  it('lets each role reach exactly the pages and API reads its role rules allow, and refuses the rest', async () => {
    const gets = routeTable(t.app).filter(
      (r) => r.method === 'GET' && !r.path.includes(':') && r.permission?.kind === 'action',
    )
    assert.ok(gets.length >= 5)
    for (const role of roles) {
      const { agent } = agents.get(role)!
      for (const route of gets) {
        const permission = route.permission as { kind: 'action'; action: Parameters<typeof mayTake>[1] }
        const allowed = mayTake({ role }, permission.action)
        const res = await agent.get(route.path)
        // A permitted read either answers or asks for what it needs (400); it is never refused or broken.
        if (allowed) assert.ok([200, 400].includes(res.status), `${role} GET ${route.path}: ${res.status}`)
        else assert.equal(res.status, 403, `${role} GET ${route.path}`)
        const expected = allowed ? res.status : 403
        if (expected === 403 && !route.path.startsWith('/api/')) assert.match(res.text, /You do not have permission/)
        if (expected === 403 && route.path.startsWith('/api/')) assert.equal(res.body.status, 403)
      }
    }
  })

  it('refuses state-changing routes to roles without the permission, and changes nothing', async () => {
    const before = await t.database.db
      .selectFrom('app_user')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    for (const role of roles.filter((r) => r !== 'administrator')) {
      const { agent, csrf } = agents.get(role)!
      await agent
        .post('/admin/users/new')
        .type('form')
        .send({ _csrf: csrf, email: `${role}@x.invalid`, displayName: 'X', role: 'administrator' })
        .expect(403)
      await agent.post('/admin/tokens').type('form').send({ _csrf: csrf, name: 'x', role: 'administrator' }).expect(403)
      await agent
        .post('/api/v1/users')
        .set('x-csrf-token', csrf)
        .send({ email: `${role}@y.invalid`, displayName: 'Y', role: 'administrator' })
        .expect(403)
    }
    const afterCount = await t.database.db
      .selectFrom('app_user')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(String(afterCount.n), String(before.n))
  })

  it('sends people who are not signed in to sign in, and API callers a 401 problem', async () => {
    const res = await request(t.app).get('/admin/users').expect(303)
    assert.equal(res.headers.location, '/sign-in?returnTo=%2Fadmin%2Fusers')
    const api = await request(t.app).get('/api/v1/users').expect(401)
    assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8')
  })

  it('shows each role only the navigation it may use', async () => {
    const admin = await agents.get('administrator')!.agent.get('/').expect(200)
    assert.match(admin.text, /href="\/admin\/tokens"/)
    const parent = await agents.get('parent')!.agent.get('/').expect(200)
    assert.doesNotMatch(parent.text, /href="\/admin\//)
  })

  it('names each role on the home page as the role is called', async () => {
    for (const [role, name] of [
      ['administrator', 'Administrator'],
      ['senco', 'SENCO'],
      ['caseworker', 'Caseworker (SENAR officer)'],
    ] as const) {
      const home = await agents.get(role)!.agent.get('/').expect(200)
      const escaped = name.replace(/[()]/g, '\\$&')
      assert.match(home.text, new RegExp(`Your role is ${escaped}\\.`), role)
      // In the header too, after a comma: a role named with brackets is not put in brackets again.
      assert.match(home.text, new RegExp(`Signed in as <strong>[^<]+</strong>, ${escaped}\\s`), role)
    }
  })
})
