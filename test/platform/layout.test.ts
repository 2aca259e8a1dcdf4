import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import express from 'express'
import nunjucks from 'nunjucks'
import { configureEnvironment, formatDate, setUpNunjucks, viewPaths } from '../../src/platform/web/nunjucks.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([...viewPaths(), path.join(here, 'views')]), {
  autoescape: true,
})
configureEnvironment(env, { serviceName: 'Ascend SEND service', reload: false })

/** The same page drawn on a layout: its title, back link and content. */
const page = (layout: string) => `{% extends "${layout}" %}
{% block backLink %}{% if back %}{{ govukBackLink({ text: "Back", href: back }) }}{% endif %}{% endblock %}
{% block pageContent %}<h1 class="govuk-heading-l">{{ pageTitle }}</h1>{% endblock %}`

/** Markup without the whitespace between tags, which nothing shows. */
const normalised = (html: string) => html.replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim()

const draw = (layout: string, context: object) => normalised(env.renderString(page(layout), context))

const navigation = [
  { href: '/cases', text: 'Cases', active: true },
  { href: '/panels', text: 'Panels', active: false },
]
const contexts = {
  'signed in, with navigation': {
    pageTitle: 'My caseload',
    cspNonce: 'bm9uY2U=',
    demo: true,
    user: { displayName: 'Priya Shah' },
    roleName: 'Caseworker',
    csrfToken: 'token',
    navigation,
  },
  'signed out, no demo, no nonce': { pageTitle: 'Sign in', navigation: [] },
  'with errors and a back link': {
    pageTitle: 'Enter a request',
    errors: [{ text: 'Enter the date the request was received', href: '#received' }],
    back: '/cases',
    navigation,
  },
  'with a title that needs escaping': { pageTitle: 'Zoë & <Sam> "quoted"', navigation },
}

describe('the page layout', () => {
  for (const [name, context] of Object.entries(contexts)) {
    it(`draws what govuk-frontend's template.njk draws: ${name}`, () => {
      assert.equal(draw('layouts/base.njk', context), draw('template-base.njk', context))
    })
  }

  it('draws a kept component again as it was, and another set of parameters afresh', () => {
    const first = draw('layouts/base.njk', contexts['signed in, with navigation'])
    assert.equal(draw('layouts/base.njk', contexts['signed in, with navigation']), first)
    const elsewhere = { ...contexts['signed in, with navigation'], navigation: [{ ...navigation[0], active: false }] }
    const other = draw('layouts/base.njk', elsewhere)
    assert.notEqual(other, first)
    assert.equal(other, draw('template-base.njk', elsewhere))
  })
})

describe('dates shown to people', () => {
  it('writes an ISO date as GOV.UK does, the same each time it is asked', () => {
    for (let i = 0; i < 2; i++) {
      assert.equal(formatDate('2026-01-05'), '5 January 2026')
      assert.equal(formatDate('2026-03-29'), '29 March 2026') // the day the clocks go forward
    }
    assert.equal(formatDate('2026-02-31'), '2026-02-31')
    assert.equal(formatDate(''), '')
    assert.equal(formatDate(new Date('2026-06-30T23:30:00Z')), '1 July 2026') // past midnight in London
  })
})

describe('views in Express (setUpNunjucks)', () => {
  it('keeps each view found while templates are kept, and finds it afresh while they reload', () => {
    for (const reload of [false, true]) {
      const app = express()
      setUpNunjucks(app, { serviceName: 'Ascend SEND service', reload })
      assert.equal(app.enabled('view cache'), !reload)
    }
  })
})
