import express from 'express'
import type { Db } from '../platform/db/database.js'
import { AppError } from '../platform/errors.js'
import { contextOf } from '../platform/useCase.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { addNavigation } from '../platform/web/navigation.js'
import { permit } from '../platform/web/permissions.js'
import { FamilyViewsInput, familyViewsMaxLength } from './family.schemas.js'
import { getFamilyRequest, giveFamilyViews, listFamilyRequests, listSettingRequests } from './family.service.js'
import { tribunalGuidance } from './familyContacts.js'

addNavigation(
  { text: 'Your requests', href: '/your-requests', action: 'ehc:follow' },
  { text: 'Pupils’ EHC requests', href: '/setting-requests', action: 'ehc:follow-pupils' },
)

/**
 * Pages for families following their requests for an EHC needs assessment (issue 4 item 9), and a SENCO's list of
 * their pupils' requests. Families only reach their own: another family's request is "not found".
 */
export function familyRoutes(db: Db) {
  const router = express.Router()

  router.get('/your-requests', permit('ehc:follow'), async (req, res) => {
    const children = await listFamilyRequests(contextOf(req, db))
    res.render('ehc/views/family/list', {
      pageTitle: 'Your requests',
      children,
      youngPerson: req.user?.role === 'young_person',
    })
  })

  router.get('/your-requests/:caseId', permit('ehc:follow'), async (req, res) => {
    const request = await getFamilyRequest(contextOf(req, db), String(req.params.caseId))
    res.render('ehc/views/family/request', {
      pageTitle: titleOf(request),
      request,
      tribunalGuidance,
      viewsAdded: req.query.views === 'added',
    })
  })

  router.get('/your-requests/:caseId/views', permit('ehc:follow'), async (req, res) => {
    const request = await getFamilyRequest(contextOf(req, db), String(req.params.caseId))
    res.status(request.progress.open ? 200 : 409).render('ehc/views/family/views', viewsPage(request, {}))
  })

  router.post('/your-requests/:caseId/views', permit('ehc:follow'), async (req, res) => {
    const ctx = contextOf(req, db)
    const id = String(req.params.caseId)
    const parsed = FamilyViewsInput.safeParse({ views: req.body?.views })
    if (!parsed.success) {
      const request = await getFamilyRequest(ctx, id)
      return res
        .status(400)
        .render(
          'ehc/views/family/views',
          viewsPage(request, { values: req.body ?? {}, ...errorView(fieldErrors(parsed.error)) }),
        )
    }
    try {
      await giveFamilyViews(ctx, id, parsed.data)
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 409) throw error
      // The request closed while the form was open: the page now says so, and nothing was added.
      const request = await getFamilyRequest(ctx, id)
      return res.status(409).render('ehc/views/family/views', viewsPage(request, {}))
    }
    res.redirect(303, `/your-requests/${encodeURIComponent(id)}?views=added`)
  })

  router.get('/setting-requests', permit('ehc:follow-pupils'), async (req, res) => {
    const list = await listSettingRequests(contextOf(req, db))
    res.render('ehc/views/family/setting-requests', {
      pageTitle: 'Your pupils’ EHC needs assessment requests',
      ...list,
    })
  })

  return router
}

function titleOf(request: { youngPerson: boolean; child: { forename: string } }) {
  return request.youngPerson
    ? 'Your request for an EHC needs assessment'
    : `${request.child.forename}’s request for an EHC needs assessment`
}

function viewsPage(request: Awaited<ReturnType<typeof getFamilyRequest>>, extra: Record<string, unknown>) {
  return { pageTitle: 'Tell us your views', request, maxLength: familyViewsMaxLength, values: {}, ...extra }
}
