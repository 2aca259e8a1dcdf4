import express from 'express'
import { z } from 'zod'
import { needTypes } from '../people/needs.js'
import { todayInLondon } from '../platform/calendar/isoDate.js'
import type { Db } from '../platform/db/database.js'
import { AppError, NotFound } from '../platform/errors.js'
import { mayTake } from '../platform/policy/policy.js'
import { auditActorOf } from '../platform/web/auditActor.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { addNavigation } from '../platform/web/navigation.js'
import { permit } from '../platform/web/permissions.js'
import { directoryApiRoutes } from './api.js'
import { importSettings } from './import.service.js'
import { paginationItems, presentDetail, presentReport, presentSummary } from './presenters.js'
import { phases, provisionNames, provisions } from './provision.js'
import { ImportBody, SettingQuery } from './schemas.js'
import { listLocalities } from './settings.repository.js'
import { findSettings, getSetting } from './settings.service.js'

addNavigation({ text: 'Settings', href: '/settings', action: 'settings:read' })

const filterNames = ['provision', 'phase', 'locality', 'need', 'name', 'includeClosed', 'page', 'pageSize'] as const
type FilterValues = Partial<Record<(typeof filterNames)[number], string>>

/** The list's own query parameters as the form sent them: blanks (an unchosen select) are no filter at all. */
function filterValues(query: Record<string, unknown>): FilterValues {
  const values: FilterValues = {}
  for (const name of filterNames) {
    const value = query[name]
    if (value !== undefined && value !== '')
      values[name] = Array.isArray(value) ? value.map(String).join(',') : String(value)
  }
  return values
}

function queryString(values: FilterValues, page?: number): string {
  const params = new URLSearchParams()
  for (const name of filterNames) {
    const value = values[name]
    if (value && name !== 'page') params.set(name, value)
  }
  if (page && page > 1) params.set('page', String(page))
  const text = params.toString()
  return text ? `?${text}` : ''
}

function filterOptions(values: FilterValues, counts: Record<string, number> | undefined, localities: string[]) {
  const choose = (text: string) => [{ value: '', text }]
  const knownLocalities =
    values.locality && !localities.includes(values.locality) ? [...localities, values.locality] : localities
  return {
    provision: choose('Any provision type').concat(
      provisions.map((p) => ({
        value: p,
        text: counts ? `${provisionNames[p]} (${counts[p]})` : provisionNames[p],
        selected: values.provision === p,
      })),
    ),
    phase: choose('Any phase').concat(phases.map((p) => ({ value: p, text: p, selected: values.phase === p }))),
    locality: choose('Any locality').concat(
      knownLocalities.map((l) => ({ value: l, text: l, selected: values.locality === l })),
    ),
    need: choose('Any type of need').concat(
      needTypes
        .filter((n) => n.ehcPlan)
        .map((n) => ({ value: n.code, text: n.name, selected: values.need === n.code })),
    ),
  }
}

/** The directory's pages: the settings list with filters, a setting, and importing a GIAS file. */
export function directoryRoutes(db: Db) {
  const router = express.Router()

  router.get('/settings', permit('settings:read'), async (req, res) => {
    const user = req.user!
    const values = filterValues(req.query as Record<string, unknown>)
    const localities = await listLocalities(db, user.authorityId)
    const view = { pageTitle: 'Settings', values, mayImport: mayTake(user, 'settings:manage') }
    const parsed = SettingQuery.safeParse(values)
    if (!parsed.success) {
      return res.status(400).render('directory/views/settings', {
        ...view,
        options: filterOptions(values, undefined, localities),
        ...errorView(fieldErrors(parsed.error)),
      })
    }
    const today = todayInLondon()
    const list = await findSettings(db, user, parsed.data, today)
    const pageCount = Math.max(1, Math.ceil(list.total / list.pageSize))
    res.render('directory/views/settings', {
      ...view,
      options: filterOptions(values, list.countsByProvision, localities),
      settings: list.settings.map((s) => presentSummary(s, today)),
      total: list.total,
      page: list.page,
      pageCount,
      pagination: paginationItems(list.page, pageCount, (n) => `/settings${queryString(values, n)}`),
      filtered: filterNames.some((n) => n !== 'page' && n !== 'pageSize' && values[n] !== undefined),
    })
  })

  router.get('/settings/import', permit('settings:manage'), (_req, res) => {
    res.render('directory/views/import', { pageTitle: 'Import settings', values: {} })
  })

  router.post('/settings/import', permit('settings:manage'), async (req, res) => {
    const parsed = ImportBody.safeParse({ csv: req.body?.csv || undefined })
    const refuse = (errors: ReturnType<typeof errorView>) =>
      res.status(400).render('directory/views/import', {
        pageTitle: 'Import settings',
        values: { csv: req.body?.csv },
        ...errors,
      })
    if (!parsed.success) {
      return refuse(errorView([{ field: 'csv', message: 'Paste the rows of a GIAS CSV file, header line first' }]))
    }
    try {
      const report = await importSettings(db, auditActorOf(req), parsed.data.csv)
      res.render('directory/views/import-report', { pageTitle: 'Import report', report: presentReport(report) })
    } catch (error) {
      if (error instanceof AppError && error.status === 400) return refuse(errorView(error.fieldErrors))
      throw error
    }
  })

  router.get('/settings/:id', permit('settings:read'), async (req, res) => {
    const id = z.uuid().safeParse(req.params.id)
    // A malformed id names no setting: the same page as an unknown one.
    if (!id.success) throw new NotFound()
    const setting = await getSetting(db, req.user!, id.data)
    res.render('directory/views/setting', {
      pageTitle: setting.name,
      setting: presentDetail(setting, todayInLondon()),
    })
  })

  router.use(directoryApiRoutes(db))
  return router
}
