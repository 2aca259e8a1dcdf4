import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type express from 'express'
import nunjucks from 'nunjucks'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../../..')
const srcDir = path.resolve(root, 'src')

const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})
const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
})

/** ISO dates already put into words: a page shows the same few dates many times, and formatting one is slow. */
const isoDatesShown = new Map<string, string>()

/** Dates shown to people: "5 January 2026" (GOV.UK style), in Europe/London. ISO dates stay the same calendar day. */
export function formatDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return ''
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    let shown = isoDatesShown.get(value)
    if (shown === undefined) {
      const date = new Date(`${value}T12:00:00Z`)
      // Not a day of the calendar (31 February would roll on into March): shown as given.
      const real = !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
      shown = real ? londonDate.format(date) : value
      // About 27 years of days: a bound on the memory, never reached by the dates a service shows.
      if (isoDatesShown.size < 10_000) isoDatesShown.set(value, shown)
    }
    return shown
  }
  const date = new Date(value as string)
  return Number.isNaN(date.getTime()) ? String(value) : londonDate.format(date)
}

export function formatDateTime(value: unknown): string {
  if (value === null || value === undefined || value === '') return ''
  const date = new Date(value as string)
  return Number.isNaN(date.getTime()) ? String(value) : londonDateTime.format(date).replace(' at ', ', ')
}

/** Every area keeps its templates in src/<area>/views; the design systems come from node_modules. */
export function viewPaths(): string[] {
  return [
    path.join(srcDir, 'platform/web/views'),
    srcDir,
    path.join(root, 'node_modules/govuk-frontend/dist'),
    path.join(root, 'node_modules/@ministryofjustice/frontend'),
  ]
}

/**
 * Draws a GOV.UK component by its own macro (`component("footer", params)` in a template), keeping what it drew for
 * each distinct set of parameters, up to `keep` of them: the skip link, navigation, banner and footer on every page
 * depend on their parameters alone, and drawing them afresh was most of the time a page took to draw. Only for
 * parameters that name nothing about a person, as what is kept is shared by every page.
 */
export function componentDrawer(env: nunjucks.Environment, keep: number) {
  const templates = new Map<string, nunjucks.Template>()
  const drawn = new Map<string, nunjucks.runtime.SafeString>()
  return (name: string, params: object): nunjucks.runtime.SafeString => {
    const key = `${name} ${JSON.stringify(params)}`
    let html = drawn.get(key)
    if (html !== undefined) return html
    let template = templates.get(name)
    if (!template) {
      if (!/^[a-z]+(-[a-z]+)*$/.test(name)) throw new Error(`No GOV.UK component is called ${name}`)
      const macro = `govuk${name.replace(/(^|-)([a-z])/g, (_, _dash, letter: string) => letter.toUpperCase())}`
      const source = `{% from "govuk/components/${name}/macro.njk" import ${macro} %}{{ ${macro}(params) }}`
      template = new nunjucks.Template(source, env, undefined, true)
      templates.set(name, template)
    }
    html = new nunjucks.runtime.SafeString(template.render({ params }))
    if (drawn.size < keep) drawn.set(key, html)
    return html
  }
}

export function setUpNunjucks(app: express.Express, options: { serviceName: string; reload: boolean }) {
  const env = nunjucks.configure(viewPaths(), { autoescape: true, express: app, noCache: options.reload })
  app.set('view engine', 'njk')
  // Express finds a view's file again on every render unless told to keep it (it keeps it in production only): a stat
  // of each view directory, about 30 µs a page. Kept whenever templates are, as only reloading needs it found afresh.
  app.set('view cache', !options.reload)
  configureEnvironment(env, options)
  return env
}

/** The globals and filters every template may use. */
export function configureEnvironment(env: nunjucks.Environment, options: { serviceName: string; reload: boolean }) {
  env.addGlobal('serviceName', options.serviceName)
  // While templates reload (development), so do the components drawn by them.
  env.addGlobal('component', componentDrawer(env, options.reload ? 0 : 500))
  env.addFilter('govukDate', formatDate)
  env.addFilter('govukDateTime', formatDateTime)
  // The MoJ timeline component calls mojDate(format); we always show the GOV.UK long date.
  env.addFilter('mojDate', (value: unknown, format?: string) =>
    format === 'datetime' ? formatDateTime(value) : formatDate(value),
  )
}
