import express from 'express'
import { paginationItems } from '../directory/presenters.js'
import type { Db } from '../platform/db/database.js'
import { registerJob } from '../platform/jobs/registry.js'
import { contextOf } from '../platform/useCase.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { addNavigation } from '../platform/web/navigation.js'
import { permit } from '../platform/web/permissions.js'
import {
  caseloadHref,
  filterValuesOf,
  presentEntry,
  riskSummary,
  riskTags,
  selectedFilters,
  viewNames,
} from './caseload.presenters.js'
import { CaseloadQuery } from './caseload.schemas.js'
import { caseloadViewsFor, listCaseload } from './caseload.service.js'
import { caseRisks } from './clock.js'
import { clockVerdictsJob } from './clockVerdicts.job.js'
import { caseStatuses, statusNames } from './workflow.js'

addNavigation({ text: 'Cases', href: '/cases', action: 'ehc:manage' })
registerJob(clockVerdictsJob)

/** Filters reached from the dashboard's figures: kept as hidden fields when the form is applied again. */
const carriedFilters = [
  'finalIssuedFrom',
  'finalIssuedTo',
  'late',
  'exception',
  'decidedFrom',
  'decidedTo',
  'decision',
  'adviceService',
  'adviceReceivedFrom',
  'adviceReceivedTo',
  'adviceLate',
  'adviceOverdue',
] as const

function options<T extends string>(
  values: readonly T[],
  text: (v: T) => string,
  selected: string | undefined,
  any: string,
) {
  return [{ value: '', text: any }, ...values.map((v) => ({ value: v, text: text(v), selected: v === selected }))]
}

/** The caseworker's workspace: caseloads sorted by the risk of breaching the statutory clock. */
export function caseloadRoutes(db: Db) {
  const router = express.Router()

  router.get('/cases', permit('ehc:manage'), async (req, res) => {
    const ctx = contextOf(req, db)
    const raw = req.query as Record<string, unknown>
    const parsed = CaseloadQuery.safeParse(raw)
    const values = filterValuesOf(
      parsed.success ? parsed.data : Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)])),
    )
    const base = {
      pageTitle: 'Cases',
      values,
      tabs: caseloadViewsFor(ctx.actor).map((view) => ({ view, text: viewNames[view], href: `/cases?view=${view}` })),
      mayEnterRequest: true,
      carried: carriedFilters
        .filter((name) => values[name] !== undefined)
        .map((name) => ({ name, value: values[name] })),
    }
    if (!parsed.success) {
      return res.status(400).render('ehc/views/caseload/caseload', { ...base, ...errorView(fieldErrors(parsed.error)) })
    }
    const caseload = await listCaseload(ctx, parsed.data)
    const withView = { ...values, view: caseload.view }
    res.render('ehc/views/caseload/caseload', {
      ...base,
      pageTitle: viewNames[caseload.view],
      view: caseload.view,
      tabs: base.tabs.map((t) => ({ ...t, current: t.view === caseload.view })),
      rows: caseload.entries.map((e) => presentEntry(e, caseload.manageable(e))),
      total: caseload.total,
      page: caseload.page,
      pageCount: caseload.pageCount,
      pagination: paginationItems(caseload.page, caseload.pageCount, (n) => caseloadHref(withView, {}, n)),
      summary: riskSummary(withView, caseload.riskCounts),
      selected: selectedFilters(values, caseload),
      clearHref: `/cases?view=${caseload.view}`,
      statusItems: options(caseStatuses, (s) => statusNames[s].staff, values.status, 'Any open status'),
      riskItems: options(caseRisks, (r) => riskTags[r].text, values.risk, 'Any risk'),
      caseworkerItems: [
        { value: '', text: 'Any caseworker' },
        ...caseload.caseworkers.map((c) => ({
          value: c.id,
          text: c.name,
          selected: c.id === values.caseworker,
        })),
      ],
      teamItems: [
        { value: '', text: 'Any team' },
        ...caseload.teams.map((t) => ({ value: t.id, text: t.name, selected: t.id === values.team })),
      ],
      mayAllocate: caseload.mayAllocate,
    })
  })

  return router
}
