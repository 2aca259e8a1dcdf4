import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import { createApiToken } from '../../src/platform/api/tokens.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'

describe(`the JSON API (${testEngine})`, () => {
  let t: TestApp
  let admin: SignedInAgent
  let adminToken: string
  let parentToken: string
  const count = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('app_user')
          .select(({ fn }) => fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  before(async () => {
    t = await createTestApp()
    admin = await t.signInAs('administrator')
    adminToken = (
      await createApiToken(t.database.db, { authorityId: t.authorityId, name: 'integration', role: 'administrator' })
    ).token
    parentToken = (
      await createApiToken(t.database.db, { authorityId: t.authorityId, name: 'family app', role: 'parent' })
    ).token
  })
  after(() => t.close())

  const post = (body: unknown) =>
    request(t.app)
      .post('/api/v1/users')
      .set('authorization', `Bearer ${adminToken}`)
      .send(body as object)

  it('publishes an OpenAPI 3.1 document generated from the schemas', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200)
    assert.equal(res.body.openapi, '3.1.0')
    const create = res.body.paths['/api/v1/users'].post
    assert.equal(create.description, 'Permission: users:manage')
    const schema = create.requestBody.content['application/json'].schema
    assert.deepEqual(schema.required.sort(), ['displayName', 'email', 'role'])
    assert.equal(schema.additionalProperties, false)
    assert.ok(res.body.paths['/api/v1/audit/entries'].get.parameters.some((p: { name: string }) => p.name === 'limit'))
  })

  it('authenticates a bearer token, scoped to its role', async () => {
    const me = await request(t.app).get('/api/v1/me').set('authorization', `Bearer ${adminToken}`).expect(200)
    assert.equal(me.body.role, 'administrator')
    assert.equal(me.body.authorityId, t.authorityId)
    await request(t.app).get('/api/v1/users').set('authorization', `Bearer ${parentToken}`).expect(403)
    const bad = await request(t.app).get('/api/v1/me').set('authorization', 'Bearer asc_not-a-real-token').expect(401)
    assert.equal(bad.body.detail, 'The bearer token is not valid')
  })

  it('stores tokens only as hashes and refuses revoked or expired ones', async () => {
    const rows = await t.database.db.selectFrom('api_token').select('token_hash').execute()
    assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash) && r.token_hash !== adminToken))
    const expired = await createApiToken(t.database.db, {
      authorityId: t.authorityId,
      name: 'old',
      role: 'administrator',
      expiresAt: new Date(Date.now() - 1000),
    })
    await request(t.app).get('/api/v1/me').set('authorization', `Bearer ${expired.token}`).expect(401)
    const revoked = await createApiToken(t.database.db, {
      authorityId: t.authorityId,
      name: 'gone',
      role: 'administrator',
    })
    await t.database.db.updateTable('api_token').set({ revoked_at: new Date() }).where('id', '=', revoked.id).execute()
    await request(t.app).get('/api/v1/me').set('authorization', `Bearer ${revoked.token}`).expect(401)
  })

  it('creates a user through the API and audits it', async () => {
    const res = await post({
      email: 'new.caseworker@example.com',
      displayName: 'New Caseworker',
      role: 'caseworker',
    }).expect(201)
    assert.equal(res.body.role, 'caseworker')
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label'])
      .where('record_id', '=', res.body.id)
      .executeTakeFirstOrThrow()
    assert.equal(audit.action, 'user.created')
    assert.match(audit.actor_label, /^token:/)
    const again = await post({ email: 'NEW.caseworker@example.com', displayName: 'Again', role: 'caseworker' }).expect(
      409,
    )
    assert.equal(again.body.title, 'Conflict')
  })

  const badBodies: [string, unknown, string][] = [
    ['a missing field', { email: 'a@example.com', role: 'caseworker' }, 'displayName'],
    ['an unknown field', { email: 'b@example.com', displayName: 'B', role: 'caseworker', isAdmin: true }, 'isAdmin'],
    ['an out-of-range value', { email: 'c@example.com', displayName: 'C', role: 'emperor' }, 'role'],
    ['a malformed email', { email: 'not-an-email', displayName: 'D', role: 'caseworker' }, 'email'],
    ['an over-long name', { email: 'e@example.com', displayName: 'x'.repeat(201), role: 'caseworker' }, 'displayName'],
    [
      'a short password',
      { email: 'f@example.com', displayName: 'F', role: 'caseworker', password: 'short' },
      'password',
    ],
    ['the wrong type', { email: 42, displayName: 'G', role: 'caseworker' }, 'email'],
  ]
  for (const [what, body, field] of badBodies) {
    it(`answers ${what} with a 400 problem naming the field, and writes nothing`, async () => {
      const before = await count()
      const res = await post(body).expect(400)
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      assert.equal(res.body.status, 400)
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === field),
        JSON.stringify(res.body.errors),
      )
      assert.equal(await count(), before)
    })
  }

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await request(t.app)
      .post('/api/v1/users')
      .set('authorization', `Bearer ${adminToken}`)
      .set('content-type', 'application/json')
      .send('{"email": ')
      .expect(400)
    assert.equal(res.body.detail, 'The request body is not valid JSON')
  })

  it('answers a wrong content type with 415', async () => {
    const res = await request(t.app)
      .post('/api/v1/users')
      .set('authorization', `Bearer ${adminToken}`)
      .set('content-type', 'text/plain')
      .send('email=x')
      .expect(415)
    assert.equal(res.body.status, 415)
  })

  it('answers an oversized body with 413', async () => {
    const res = await post({ email: 'big@example.com', displayName: 'x'.repeat(200_000), role: 'caseworker' }).expect(
      413,
    )
    assert.equal(res.body.status, 413)
  })

  it('validates query parameters: unknown ones and out-of-range values are refused', async () => {
    const auth = { authorization: `Bearer ${adminToken}` }
    const bad = await request(t.app).get('/api/v1/audit/entries?limit=100000').set(auth).expect(400)
    assert.equal(bad.body.errors[0].field, 'limit')
    const unknown = await request(t.app).get('/api/v1/audit/entries?colour=blue').set(auth).expect(400)
    assert.match(JSON.stringify(unknown.body.errors), /colour/)
    const ok = await request(t.app).get('/api/v1/audit/entries?limit=5').set(auth).expect(200)
    assert.ok(ok.body.entries.length <= 5)
  })

  it('requires the CSRF header when the API is used with a session cookie', async () => {
    await admin.agent
      .post('/api/v1/users')
      .send({ email: 'g@example.com', displayName: 'G', role: 'caseworker' })
      .expect(403)
    await admin.agent
      .post('/api/v1/users')
      .set('x-csrf-token', admin.csrf)
      .send({ email: 'g@example.com', displayName: 'G', role: 'caseworker' })
      .expect(201)
  })
})
