import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import { createApiToken } from '../../src/platform/api/tokens.js'
import type { Role } from '../../src/platform/policy/roles.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { makeSetting } from '../support/factories.js'
import { makeAuthority, signInTo } from './testAuthority.js'

const fixture = (name: string) => fs.readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')

interface Report {
  rowsRead: number
  added: { line: number; id: string; urn: number; name: string }[]
  changed: { line: number; id: string; urn: number; name: string; fields: string[] }[]
  unchanged: number
  rejected: { line: number; urn: number | null; reasons: { field: string; message: string }[] }[]
}

describe(`the directory of settings (${testEngine})`, () => {
  let t: TestApp
  let authorityId: string
  const as: Partial<Record<Role, SignedInAgent>> = {}
  let adminToken: string
  const api = (path: string) => request(t.app).get(path).set('authorization', `Bearer ${adminToken}`)
  const importCsv = (csv: string, role: Role = 'administrator') =>
    as[role]!.agent.post('/api/v1/settings/import').set('x-csrf-token', as[role]!.csrf).send({ csv })
  const idOf = async (urn: number) =>
    (
      await t.database.db
        .selectFrom('setting')
        .select('id')
        .where('authority_id', '=', authorityId)
        .where('urn', '=', urn)
        .executeTakeFirstOrThrow()
    ).id
  const settingCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('setting')
          .select(({ fn }) => fn.countAll().as('n'))
          .where('authority_id', '=', authorityId)
          .executeTakeFirstOrThrow()
      ).n,
    )

  before(async () => {
    t = await createTestApp()
    authorityId = await makeAuthority(t.database.db)
    for (const role of ['administrator', 'commissioner', 'caseworker', 'parent'] as const) {
      as[role] = await signInTo(t, authorityId, role)
    }
    adminToken = (await createApiToken(t.database.db, { authorityId, name: 'directory', role: 'administrator' })).token
  })
  after(() => t.close())

  it('shows an empty directory, with the import offered only to those who may import', async () => {
    const admin = await as.administrator!.agent.get('/settings').expect(200)
    assert.match(admin.text, /The directory is empty/)
    assert.match(admin.text, /href="\/settings\/import"/)
    const parent = await as.parent!.agent.get('/settings').expect(200)
    assert.doesNotMatch(parent.text, /href="\/settings\/import"/)
    assert.match(parent.text, /href="\/settings"/, 'the navigation offers Settings to a parent')
  })

  it('imports a file with good and bad rows: keeps the good, reports the bad by line with reasons', async () => {
    const res = await importCsv(fixture('gias-mixed.csv')).expect(200)
    const report = res.body as Report
    assert.equal(report.rowsRead, 12)
    assert.deepEqual(
      report.added.map((a) => [a.line, a.urn]),
      [
        [2, 103245],
        [4, 141872],
        [7, 103602],
      ],
    )
    assert.deepEqual(report.changed, [])
    assert.equal(report.unchanged, 0)
    const rejected = Object.fromEntries(report.rejected.map((r) => [r.line, r.reasons]))
    assert.deepEqual(Object.keys(rejected).map(Number), [3, 5, 6, 8, 9, 10, 11, 12, 13])
    const says = (line: number, field: string, message: RegExp) => {
      const reason = rejected[line]?.find((r) => r.field === field)
      assert.ok(reason, `line ${line} names ${field}: ${JSON.stringify(rejected[line])}`)
      assert.match(reason.message, message)
    }
    says(3, 'URN', /missing/)
    says(5, 'URN', /positive whole number/)
    says(6, 'TypeOfEstablishment (name)', /not a known type/)
    says(8, 'Postcode', /UK postcode/)
    says(8, 'UKPRN', /8 digits/)
    says(9, 'OpenDate', /not a real date/)
    says(10, 'StatutoryHighAge', /reversed/)
    says(11, 'TypeOfEstablishment (name)', /not a type of setting the directory holds/)
    says(12, 'URN', /also on line 2/)
    says(13, 'row', /has 6 fields; the header has 41/)
    assert.equal(await settingCount(), 3)

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['details', 'actor_label'])
      .where('authority_id', '=', authorityId)
      .where('action', '=', 'settings.imported')
      .execute()
    assert.equal(audit.length, 1)
    assert.deepEqual(audit[0]!.details, { rowsRead: 12, added: 3, changed: 0, unchanged: 0, rejected: 9 })
    assert.equal(audit[0]!.actor_label, `user:${as.administrator!.userId}`)
  })

  it('changes nothing when the same file is imported again, and says so', async () => {
    const settings = () =>
      t.database.db.selectFrom('setting').selectAll().where('authority_id', '=', authorityId).orderBy('urn').execute()
    const before = await settings()
    const report = (await importCsv(fixture('gias-mixed.csv')).expect(200)).body as Report
    assert.deepEqual([report.added.length, report.changed.length, report.unchanged], [0, 0, 3])
    assert.deepEqual(await settings(), before)
  })

  it('adds new URNs and updates changed settings, naming the fields that changed', async () => {
    const first = (await importCsv(fixture('gias-settings.csv')).expect(200)).body as Report
    assert.equal(first.added.length, 5)
    assert.equal(first.unchanged, 3)
    const update = (await importCsv(fixture('gias-settings-updated.csv')).expect(200)).body as Report
    assert.deepEqual(
      update.added.map((a) => a.name),
      ['Willowmead Primary School'],
    )
    assert.deepEqual(
      update.changed.map((c) => [c.urn, c.fields]),
      [
        [103245, ['ofstedRating', 'designation']],
        [141872, ['name']],
      ],
    )
    assert.equal(update.unchanged, 6)
    const elmstead = await t.database.db
      .selectFrom('setting')
      .selectAll()
      .where('authority_id', '=', authorityId)
      .where('urn', '=', 103245)
      .executeTakeFirstOrThrow()
    assert.equal(elmstead.ofsted_rating, 1)
    assert.deepEqual(elmstead.designation, ['SLCN', 'ASD'])
    assert.ok(elmstead.updated_at > elmstead.created_at)
  })

  it('refuses the import to roles that may not manage settings, and changes nothing', async () => {
    const before = await settingCount()
    for (const role of ['caseworker', 'parent'] as const) {
      const res = await importCsv(fixture('gias-windows-1252.csv'), role).expect(403)
      assert.equal(res.body.status, 403)
      await as[role]!.agent.get('/settings/import').expect(403)
      await as[role]!.agent.post('/settings/import').type('form').send({ _csrf: as[role]!.csrf, csv: 'x' }).expect(403)
    }
    assert.equal(await settingCount(), before)
  })

  it('refuses a file that is not a GIAS list, an empty body and an oversized one', async () => {
    const notGias = await importCsv('name,colour\nA,blue\n').expect(400)
    assert.equal(notGias.body.errors[0].field, 'csv')
    assert.match(notGias.body.errors[0].message, /no URN, EstablishmentName/)
    const empty = await importCsv('').expect(400)
    assert.equal(empty.body.errors[0].field, 'csv')
    await importCsv('URN\n'.repeat(40_000)).expect(413)
  })

  it('lists settings with filters and counts, scoped to the caller’s authority', async () => {
    // The demo authority's directory holds a setting with the same URN: it is another authority's, never shown here.
    await makeSetting(t.database.db, t.authorityId, { name: 'Brookvale Elsewhere School', urn: 103602 })

    const names = async (query: string) =>
      ((await api(`/api/v1/settings${query}`).expect(200)).body.settings as { name: string }[]).map((s) => s.name)
    assert.deepEqual(await names('?provision=special'), ['Brookvale Special School'])
    assert.deepEqual(await names('?need=ASD'), [
      'Brookvale Special School',
      'Elmstead Primary School',
      'Thornbury House School',
    ])
    assert.deepEqual(await names('?locality=Sandwell'), ['Thornbury House School'])
    assert.deepEqual(await names('?phase=Primary'), ['Elmstead Primary School', 'Willowmead Primary School'])
    assert.deepEqual(await names('?name=BROOK'), ['Brookvale Special School'])
    assert.deepEqual(await names('?name=100%25'), [], 'a % is matched as written, not as a wildcard')
    assert.ok(!(await names('')).includes('Millbrook Junior School'), 'closed settings are left out')
    assert.ok((await names('?includeClosed=true')).includes('Millbrook Junior School'))

    const all = (await api('/api/v1/settings').expect(200)).body
    assert.equal(all.total, 8)
    assert.deepEqual(all.countsByProvision, {
      early_years: 1,
      mainstream: 3,
      resource_base: 0,
      special: 1,
      post_16: 1,
      alternative_provision: 1,
      independent: 1,
    })
    const page2 = (await api('/api/v1/settings?pageSize=3&page=2').expect(200)).body
    assert.equal(page2.settings.length, 3)
    assert.equal(page2.total, 8)
    assert.equal(page2.settings[0].name, 'Kingfisher Sixth Form College')
    const college = (await api('/api/v1/settings?provision=post_16').expect(200)).body.settings[0]
    assert.equal(college.ukprn, 10003867)
    assert.equal(college.ofstedRating, 2)
  })

  for (const [query, field] of [
    ['provision=castle', 'provision'],
    ['need=XYZ', 'need'],
    ['phase=Tertiary', 'phase'],
    ['pageSize=201', 'pageSize'],
    ['page=0', 'page'],
    ['includeClosed=maybe', 'includeClosed'],
    ['colour=blue', 'colour'],
  ]) {
    it(`answers a bad filter (${query}) with a 400 problem naming ${field}`, async () => {
      const res = await api(`/api/v1/settings?${query}`).expect(400)
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === field),
        JSON.stringify(res.body),
      )
    })
  }

  it('shows the list page with its filters, counts and results, to a parent too', async () => {
    const res = await as.parent!.agent.get('/settings?need=ASD').expect(200)
    assert.match(res.text, /3 settings/)
    assert.match(res.text, /Brookvale Special School/)
    assert.match(res.text, /<option value="special">Special school \(1\)<\/option>/)
    assert.match(res.text, /<option value="ASD" selected>Autistic spectrum disorder<\/option>/)
    assert.match(res.text, /Clear filters/)
    const paged = await as.parent!.agent.get('/settings?pageSize=2&page=2').expect(200)
    assert.match(paged.text, /page 2 of 4/)
    assert.match(paged.text, /href="\/settings\?pageSize=2&amp;page=3"/)
  })

  it('shows bad filters on the page as a GOV.UK error summary with status 400', async () => {
    const res = await as.caseworker!.agent.get('/settings?provision=castle&need=XYZ').expect(400)
    assert.match(res.text, /There is a problem/)
    assert.match(res.text, /href="#provision">Choose a provision type from the list/)
    assert.match(res.text, /href="#need">Choose a type of need from the list/)
    assert.match(res.text, /<title>Error: Settings/)
  })

  it('shows a setting with its designation, its resource bases and their host, and places by year', async () => {
    const elmstead = await idOf(103245)
    const base = await makeSetting(t.database.db, authorityId, {
      name: 'Elmstead Primary School autism resource base',
      urn: null,
      provision: 'resource_base',
      host_setting_id: elmstead,
      designation: ['ASD'],
      illustrative: true,
    })
    await t.database.db
      .insertInto('setting_capacity')
      .values([
        {
          setting_id: base.id,
          authority_id: authorityId,
          academic_year: 2024,
          commissioned_places: 10,
          occupied_places: 9,
        },
        {
          setting_id: base.id,
          authority_id: authorityId,
          academic_year: 2025,
          commissioned_places: 12,
          occupied_places: null,
        },
      ])
      .execute()

    const host = await as.parent!.agent.get(`/settings/${elmstead}`).expect(200)
    assert.match(host.text, /<h1 class="govuk-heading-l">Elmstead Primary School/)
    assert.match(host.text, /Resource bases at this school/)
    assert.match(host.text, new RegExp(`href="/settings/${base.id}"`))
    assert.match(host.text, /Speech, language and communication needs/)
    assert.match(host.text, /Outstanding/)
    assert.match(host.text, /330\/2012/)

    const page = await as.parent!.agent.get(`/settings/${base.id}`).expect(200)
    assert.match(page.text, new RegExp(`Host school[\\s\\S]*href="/settings/${elmstead}"`))
    assert.match(page.text, /Commissioned places and occupancy/)
    assert.match(page.text, /2024\/25[\s\S]*>10<[\s\S]*>9<[\s\S]*>1<[\s\S]*90%/)
    assert.match(page.text, /2025\/26[\s\S]*>12<[\s\S]*Not known/)
    assert.match(page.text, /illustrative/)

    const detail = (await api(`/api/v1/settings/${base.id}`).expect(200)).body
    assert.deepEqual(detail.host, { id: elmstead, name: 'Elmstead Primary School' })
    assert.deepEqual(detail.capacity[0], { academicYear: 2024, commissionedPlaces: 10, occupiedPlaces: 9 })
    const hostDetail = (await api(`/api/v1/settings/${elmstead}`).expect(200)).body
    assert.deepEqual(
      hostDetail.resourceBases.map((b: { id: string }) => b.id),
      [base.id],
    )
    const resourceBases = (await api('/api/v1/settings?provision=resource_base').expect(200)).body.settings
    assert.equal(resourceBases[0].hostSettingId, elmstead)
  })

  it('answers 404 for another authority’s setting, an unknown one and a malformed id', async () => {
    const foreign = await t.database.db
      .selectFrom('setting')
      .select('id')
      .where('name', '=', 'Brookvale Elsewhere School')
      .executeTakeFirstOrThrow()
    const unknown = '00000000-0000-4000-8000-000000000000'
    for (const id of [foreign.id, unknown, 'not-a-uuid']) {
      const page = await as.commissioner!.agent.get(`/settings/${id}`).expect(404)
      assert.match(page.text, /Page not found/)
    }
    for (const id of [foreign.id, unknown]) {
      const res = await api(`/api/v1/settings/${id}`).expect(404)
      assert.equal(res.body.status, 404)
    }
    const malformed = await api('/api/v1/settings/not-a-uuid').expect(400)
    assert.equal(malformed.body.errors[0].field, 'id')
  })

  it('imports pasted rows from the import page and shows the report', async () => {
    const { agent, csrf } = as.commissioner!
    const form = await agent.get('/settings/import').expect(200)
    assert.match(form.text, /<textarea[^>]+id="csv"/)
    const res = await agent
      .post('/settings/import')
      .type('form')
      .send({ _csrf: csrf, csv: fixture('gias-mixed.csv') })
      .expect(200)
    assert.match(res.text, /Import report/)
    assert.match(res.text, /Rejected rows/)
    assert.match(res.text, /Postcode &quot;B99 XX&quot; is not in the format of a UK postcode/)
    const blank = await agent.post('/settings/import').type('form').send({ _csrf: csrf, csv: '  ' }).expect(400)
    assert.match(blank.text, /There is a problem/)
    assert.match(blank.text, /href="#csv"/)
    const notGias = await agent.post('/settings/import').type('form').send({ _csrf: csrf, csv: 'a,b\n1,2' }).expect(400)
    assert.match(notGias.text, /not a GIAS establishment list/)
  })

  it('publishes the directory’s operations in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body
    const list = doc.paths['/api/v1/settings'].get
    assert.equal(list.description, 'Permission: settings:read')
    const provision = list.parameters.find((p: { name: string }) => p.name === 'provision')
    assert.ok(provision.schema.enum.includes('resource_base'))
    assert.equal(doc.paths['/api/v1/settings/import'].post.description, 'Permission: settings:manage')
    assert.ok(doc.paths['/api/v1/settings/{id}'].get)
  })
})
