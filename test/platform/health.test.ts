import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import { roles } from '../../src/platform/policy/roles.js'
import { nonces } from '../../src/platform/web/middleware/setUpWebSecurity.js'
import { createTestApp, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'

describe(`health and public pages (${testEngine})`, () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  it('answers /health with ok when the database answers', async () => {
    const res = await request(t.app).get('/health').expect(200)
    assert.deepEqual(res.body, { status: 'ok' })
    assert.equal(res.headers['set-cookie'], undefined, 'a health check makes no session')
  })

  for (const path of ['/', '/sign-in', '/cookies', '/privacy', '/accessibility']) {
    it(`serves ${path} to anyone, with security headers`, async () => {
      const res = await request(t.app).get(path).expect(200)
      assert.match(res.text, /<main/)
      const csp = String(res.headers['content-security-policy'])
      assert.match(csp, /script-src 'self' 'nonce-[^']+'/)
      assert.doesNotMatch(csp, /unsafe-inline/)
      assert.equal(res.headers['x-content-type-options'], 'nosniff')
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN')
      assert.ok(res.headers['x-request-id'])
    })
  }

  it('gives every page a nonce of its own, 128 bits, the same in the policy and on the page’s script', async () => {
    const seen = new Set<string>()
    for (let i = 0; i < 3; i++) {
      const res = await request(t.app).get('/cookies').expect(200)
      const nonce = String(res.headers['content-security-policy']).match(/'nonce-([^']+)'/)?.[1] ?? ''
      assert.equal(Buffer.from(nonce, 'base64').length, 16)
      assert.match(res.text, new RegExp(`<script nonce="${nonce.replace(/[+/]/g, '\\$&')}">`))
      seen.add(nonce)
    }
    assert.equal(seen.size, 3)
    // Past the pool of random bytes they are cut from, and on into the next.
    const nonce = nonces()
    const many = Array.from({ length: 1000 }, nonce)
    assert.equal(new Set(many).size, 1000)
    assert.ok(many.every((n) => Buffer.from(n, 'base64').length === 16))
  })

  it('sends no entity tag on a page, which its nonce makes unlike every other', async () => {
    const res = await request(t.app).get('/cookies').expect(200)
    assert.equal(res.headers.etag, undefined)
  })

  it('shows the demo banner and a demo account for every role in demo mode', async () => {
    const res = await request(t.app).get('/').expect(200)
    assert.match(res.text, /demonstration service with made-up data/)
    for (const role of roles) {
      assert.match(res.text, new RegExp(`data-role="${role}"`))
    }
  })

  it('serves the design system assets locally', async () => {
    await request(t.app).get('/assets/govuk-frontend.min.css').expect(200)
    await request(t.app).get('/assets/moj-frontend.min.css').expect(200)
    await request(t.app).get('/assets/js/init.js').expect(200)
    await request(t.app).get('/assets/fonts/bold-b542beb274-v2.woff2').expect(200)
  })

  it('answers an unknown page with a GOV.UK 404 page, and an unknown API path with problem details', async () => {
    const page = await request(t.app).get('/no-such-page').expect(404)
    assert.match(page.text, /Page not found/)
    const api = await request(t.app).get('/api/v1/no-such-thing').expect(404)
    assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8')
    assert.equal(api.body.status, 404)
  })
})
