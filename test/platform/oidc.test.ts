import assert from 'node:assert/strict'
import type http from 'node:http'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/platform/config.js'
import { createLogger } from '../../src/platform/logger.js'
import { createTestApp, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import {
  Browser,
  closeServer,
  listenOnEphemeralPort,
  type Page,
  startOidcProvider,
  type TestOidcProvider,
} from '../support/oidcProvider.js'

type Audience = 'staff' | 'family'

const secrets = { staff: 'staff-client-secret-for-tests-only', family: 'family-client-secret-for-tests-only' }
const refusedPage = /You could not be signed in/
const signedInAs = (name: string) => new RegExp(`Signed in as <strong>${name}</strong>`)

describe(`OpenID Connect sign-in against a real provider (${testEngine})`, () => {
  let t: TestApp
  let op: TestOidcProvider
  let appServer: http.Server
  let appUrl: string

  before(async () => {
    // The app's address must be known before it is built: it is the redirect_uri the provider checks.
    ;({ server: appServer, url: appUrl } = await listenOnEphemeralPort())
    op = await startOidcProvider({
      clients: (['staff', 'family'] as const).map((audience) => ({
        clientId: `ascend-${audience}`,
        clientSecret: secrets[audience],
        redirectUris: [`${appUrl}/sign-in/oidc/${audience}/callback`],
      })),
      accounts: {
        'entra-priya': { email: 'Caseworker@demo.ascend.invalid', emailVerified: true, name: 'Priya Shah' },
        'entra-stranger': { email: 'stranger@elsewhere.invalid', emailVerified: true },
        'entra-unverified': { email: 'panel.member@demo.ascend.invalid', emailVerified: false },
        'entra-parent': { email: 'parent@demo.ascend.invalid', emailVerified: true },
        'onelogin-tom': { email: 'team.manager@demo.ascend.invalid', emailVerified: true, emailOnlyFromUserinfo: true },
        'onelogin-sam': { email: 'parent@demo.ascend.invalid', emailVerified: true, emailOnlyFromUserinfo: true },
      },
    })
    t = await createTestApp({
      PUBLIC_URL: appUrl,
      OIDC_STAFF_ISSUER: op.issuer,
      OIDC_STAFF_CLIENT_ID: 'ascend-staff',
      OIDC_STAFF_CLIENT_SECRET: secrets.staff,
      OIDC_FAMILY_ISSUER: op.issuer,
      OIDC_FAMILY_CLIENT_ID: 'ascend-family',
      OIDC_FAMILY_CLIENT_SECRET: secrets.family,
    })
    appServer.on('request', t.app)
  })

  after(async () => {
    await Promise.all([appServer && closeServer(appServer), op?.close()])
    await t?.close()
  })

  const userIdFor = async (email: string) =>
    (await t.database.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id

  const identitiesOf = (subject: string) =>
    t.database.db.selectFrom('user_identity').selectAll().where('subject', '=', subject).execute()

  const signInsOf = (userId: string) =>
    t.database.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'sign-in')
      .where('record_id', '=', userId)
      .orderBy('id')
      .execute()

  /** Starts a sign-in at the app and signs in at the provider as `subject`, stopping at the redirect back to the app. */
  async function reachCallback(browser: Browser, audience: Audience, subject: string): Promise<URL> {
    const form = await browser.visit(`${appUrl}/sign-in/oidc/${audience}`)
    assert.equal(form.status, 200)
    assert.ok(form.url.startsWith(`${op.issuer}/interaction/`), `expected the provider's sign-in form, got ${form.url}`)
    let hop: Page = await browser.request(form.url, { form: { login: subject } })
    for (let hops = 0; hops < 10 && hop.status >= 300 && hop.status < 400; hops++) {
      const next = new URL(hop.headers.get('location') ?? '', hop.url)
      if (next.origin === appUrl) {
        assert.equal(next.pathname, `/sign-in/oidc/${audience}/callback`)
        return next
      }
      hop = await browser.request(next.href)
    }
    throw new Error(`The provider did not send the browser back to the app (${hop.status} at ${hop.url})`)
  }

  /** The whole journey in a fresh browser: start, provider sign-in, callback, and wherever the app sends it. */
  async function signIn(audience: Audience, subject: string) {
    const browser = new Browser()
    const callback = await reachCallback(browser, audience, subject)
    const page = await browser.visit(callback.href)
    const home = await browser.visit(`${appUrl}/`)
    return { browser, page, home }
  }

  it('sends the browser to the provider with PKCE (S256), state, nonce and its own callback', async () => {
    const start = await new Browser().request(`${appUrl}/sign-in/oidc/staff`)
    assert.equal(start.status, 303)
    const url = new URL(start.headers.get('location') ?? '')
    assert.equal(url.origin, op.issuer)
    const q = url.searchParams
    assert.equal(q.get('client_id'), 'ascend-staff')
    assert.equal(q.get('response_type'), 'code')
    assert.equal(q.get('redirect_uri'), `${appUrl}/sign-in/oidc/staff/callback`)
    assert.equal(q.get('code_challenge_method'), 'S256')
    assert.match(q.get('code_challenge') ?? '', /^[\w-]{43}$/)
    assert.ok((q.get('state') ?? '').length >= 32 && (q.get('nonce') ?? '').length >= 32)
    assert.match(start.headers.getSetCookie().join(), /ascend\.sid=.*HttpOnly/i, 'the pending sign-in is in a session')
  })

  it('signs in a caseworker whose verified email matches, links the identity and records the sign-in', async () => {
    const userId = await userIdFor('caseworker@demo.ascend.invalid')
    const { page } = await signIn('staff', 'entra-priya')
    assert.equal(page.status, 200)
    assert.equal(page.url, `${appUrl}/`)
    assert.match(page.body, signedInAs('Priya Shah'))
    assert.match(page.body, /Caseworker/)

    const identities = await identitiesOf('entra-priya')
    assert.equal(identities.length, 1)
    assert.equal(identities[0]?.issuer, op.issuer)
    assert.equal(identities[0]?.user_id, userId)
    assert.equal(identities[0]?.authority_id, t.authorityId)

    const signIns = await signInsOf(userId)
    assert.equal(signIns.length, 1)
    assert.equal(signIns[0]?.actor_user_id, userId)
    assert.deepEqual(signIns[0]?.details, { method: 'oidc:staff' })
  })

  it('signs the caseworker in again by the (issuer, subject) link, whatever the email now says', async () => {
    const userId = await userIdFor('caseworker@demo.ascend.invalid')
    const account = op.accounts.get('entra-priya')!
    op.accounts.set('entra-priya', { ...account, email: 'p.shah@renamed.invalid', emailVerified: false })
    try {
      const { page } = await signIn('staff', 'entra-priya')
      assert.equal(page.status, 200)
      assert.match(page.body, signedInAs('Priya Shah'))
    } finally {
      op.accounts.set('entra-priya', account)
    }
    assert.equal((await identitiesOf('entra-priya')).length, 1, 'no second link')
    const signIns = await signInsOf(userId)
    assert.equal(signIns.length, 2)
    assert.deepEqual(signIns[1]?.details, { method: 'oidc:staff' })
  })

  it('returns to a same-site page asked for at the start, and never to another site', async () => {
    const browser = new Browser()
    const form = await browser.visit(`${appUrl}/sign-in/oidc/staff?returnTo=${encodeURIComponent('/account')}`)
    const back = await browser.visit(form.url, { form: { login: 'entra-priya' } })
    assert.equal(back.url, `${appUrl}/account`)
    assert.equal(back.status, 200)

    const other = new Browser()
    const form2 = await other.visit(`${appUrl}/sign-in/oidc/staff?returnTo=${encodeURIComponent('//evil.invalid/')}`)
    const back2 = await other.visit(form2.url, { form: { login: 'entra-priya' } })
    assert.equal(back2.url, `${appUrl}/`)
  })

  it('signs in a parent through the family audience with the email from the userinfo endpoint', async () => {
    const userId = await userIdFor('parent@demo.ascend.invalid')
    const { page } = await signIn('family', 'onelogin-sam')
    assert.equal(page.status, 200)
    assert.match(page.body, signedInAs('Sam Ahmed'))
    assert.equal((await identitiesOf('onelogin-sam'))[0]?.user_id, userId)
    assert.deepEqual((await signInsOf(userId)).at(-1)?.details, { method: 'oidc:family' })
  })

  const refusals: { what: string; audience: Audience; subject: string }[] = [
    { what: 'an identity whose email matches no account', audience: 'staff', subject: 'entra-stranger' },
    { what: 'an identity whose email is not verified', audience: 'staff', subject: 'entra-unverified' },
    { what: 'a parent through the staff audience', audience: 'staff', subject: 'entra-parent' },
    { what: 'a staff account through the family audience', audience: 'family', subject: 'onelogin-tom' },
    {
      what: 'a staff identity already linked, through the family audience',
      audience: 'family',
      subject: 'entra-priya',
    },
  ]
  for (const { what, audience, subject } of refusals) {
    it(`refuses ${what}`, async () => {
      const linkedBefore = (await identitiesOf(subject)).length
      const { page, home } = await signIn(audience, subject)
      assert.equal(page.status, 403)
      assert.match(page.body, refusedPage)
      assert.match(page.body, /There is no account in this service for the identity you signed in with/)
      assert.equal(home.status, 200)
      assert.doesNotMatch(home.body, /Signed in as/)
      assert.equal((await identitiesOf(subject)).length, linkedBefore, 'no identity linked')
    })
  }

  it('refuses a callback whose state is not the one it sent, and then the genuine one too (used once)', async () => {
    const browser = new Browser()
    const callback = await reachCallback(browser, 'staff', 'entra-priya')
    const tampered = new URL(callback)
    tampered.searchParams.set('state', 'not-the-state-that-was-sent')
    const refused = await browser.visit(tampered.href)
    assert.equal(refused.status, 403)
    assert.match(refused.body, refusedPage)
    assert.match(refused.body, /did not confirm who you are/)
    const replay = await browser.visit(callback.href)
    assert.equal(replay.status, 403)
    assert.match(replay.body, /has expired or was started elsewhere/)
    assert.doesNotMatch((await browser.visit(`${appUrl}/`)).body, /Signed in as/)
  })

  it('refuses a callback in a browser that started no sign-in (a code planted from elsewhere)', async () => {
    const victim = new Browser()
    const callback = await reachCallback(new Browser(), 'staff', 'entra-priya')
    const page = await victim.visit(callback.href)
    assert.equal(page.status, 403)
    assert.match(page.body, /has expired or was started elsewhere/)
    assert.doesNotMatch((await victim.visit(`${appUrl}/`)).body, /Signed in as/)
  })

  it('refuses a callback for the other audience than the one started', async () => {
    const browser = new Browser()
    const callback = await reachCallback(browser, 'staff', 'entra-priya')
    const page = await browser.visit(`${appUrl}/sign-in/oidc/family/callback${callback.search}`)
    assert.equal(page.status, 403)
    assert.match(page.body, /has expired or was started elsewhere/)
  })

  it('answers an unknown audience with 404', async () => {
    await request(appUrl).get('/sign-in/oidc/partners').expect(404)
    await request(appUrl).get('/sign-in/oidc/partners/callback').expect(404)
  })

  it('answers /sign-in/oidc/staff and /sign-in/oidc/family with 404 when OIDC is not configured', async () => {
    // The same database, built without any OIDC_* settings.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })
    assert.deepEqual(config.oidc, { staff: undefined, family: undefined })
    const app = createApp({ config, database: t.database, logger: createLogger('silent') })
    for (const audience of ['staff', 'family']) {
      const page = await request(app).get(`/sign-in/oidc/${audience}`).expect(404)
      assert.match(page.text, /Page not found/)
      await request(app).get(`/sign-in/oidc/${audience}/callback?code=x&state=y`).expect(404)
    }
  })
})
