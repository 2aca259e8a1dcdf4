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

/** Dates shown to people: "5 January 2026" (GOV.UK style), in Europe/London. ISO dates stay the same calendar day. */
export function formatDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return ''
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00Z`)
      : new Date(value as string)
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

export function setUpNunjucks(app: express.Express, options: { serviceName: string; reload: boolean }) {
  const env = nunjucks.configure(viewPaths(), { autoescape: true, express: app, noCache: options.reload })
  app.set('view engine', 'njk')
  env.addGlobal('serviceName', options.serviceName)
  env.addFilter('govukDate', formatDate)
  env.addFilter('govukDateTime', formatDateTime)
  // The MoJ timeline component calls mojDate(format); we always show the GOV.UK long date.
  env.addFilter('mojDate', (value: unknown, format?: string) =>
    format === 'datetime' ? formatDateTime(value) : formatDate(value),
  )
  return env
}
