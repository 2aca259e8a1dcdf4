import express from 'express'
import { z } from 'zod'
import type { Db } from '../platform/db/database.js'
import { auditActorOf } from '../platform/web/auditActor.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { addNavigation } from '../platform/web/navigation.js'
import { permit } from '../platform/web/permissions.js'
import { qualityRules } from './quality.js'
import { auditQualityListing, checkDataQuality } from './quality.service.js'

addNavigation({ text: 'Data quality', href: '/data-quality', action: 'quality:read' })

const pageSize = 50
const Query = z.strictObject({
  rule: z
    .enum(Object.keys(qualityRules) as [keyof typeof qualityRules], { message: 'Choose a check from the list' })
    .optional(),
  page: z.coerce.number().int().min(1, 'Page must be 1 or more').max(10_000).default(1),
})

/** Children's records that would fail statutory returns, by rule, each linked to the record to fix. */
export function qualityRoutes(db: Db) {
  const router = express.Router()
  router.get('/data-quality', permit('quality:read'), async (req, res) => {
    const parsed = Query.safeParse(req.query)
    const query = parsed.success ? parsed.data : { page: 1, rule: undefined }
    const report = await checkDataQuality(db, req.user!.authorityId)
    const matching = query.rule ? report.findings.filter((f) => f.rules.includes(query.rule!)) : report.findings
    const shown = matching.slice((query.page - 1) * pageSize, query.page * pageSize)
    await auditQualityListing(
      db,
      auditActorOf(req),
      shown.map((f) => f.childId),
    )
    if (!parsed.success) res.status(400)
    res.render('people/views/quality', {
      pageTitle: 'Data quality',
      report,
      rules: qualityRules,
      rule: query.rule,
      shown,
      total: matching.length,
      page: query.page,
      pages: Math.max(1, Math.ceil(matching.length / pageSize)),
      ...(parsed.success ? {} : errorView(fieldErrors(parsed.error))),
    })
  })
  return router
}
