import express from 'express'
import { ehcSectionFor } from '../ehc/family.service.js'
import { todayInLondon } from '../platform/calendar/isoDate.js'
import type { Db } from '../platform/db/database.js'
import { AppError, Forbidden } from '../platform/errors.js'
import { childVisibility, mayTake } from '../platform/policy/policy.js'
import { contextOf } from '../platform/useCase.js'
import { errorView, fieldErrors } from '../platform/web/forms.js'
import { addNavigation } from '../platform/web/navigation.js'
import { permit } from '../platform/web/permissions.js'
import { ChildInput, ChildSearch } from './children.schemas.js'
import { createChild, DuplicateSuspected, getChildRecord, searchChildren, updateChild } from './children.service.js'
import { duplicateReasonText } from './duplicates.js'
import { upnUnknownReasons } from './identifiers.js'
import { needTypes } from './needs.js'
import { academicYearStartOf, ageOn, censusYearGroupOf, nationalCurriculumYear } from './yearGroup.js'

addNavigation({ text: 'Children', href: '/children', action: 'child:read' })

const needNames = Object.fromEntries(needTypes.map((n) => [n.code, n.name]))
const sexNames = { F: 'Female', M: 'Male', U: 'Not known' }

function needItems(selected: unknown, blank: string) {
  return [
    { value: '', text: blank },
    ...needTypes.map((n) => ({ value: n.code, text: n.name, selected: n.code === selected })),
  ]
}

/** The form's fields as the schema expects them: a date from its three boxes, a checkbox as a boolean. */
function childInputOf(body: Record<string, unknown>) {
  const part = (p: string) => String(body[`dateOfBirth-${p}`] ?? '').trim()
  const [day, month, year] = [part('day'), part('month'), part('year')]
  const blank = (v: unknown) => (v === '' || v === undefined ? undefined : v)
  return {
    legalForename: body.legalForename,
    legalSurname: body.legalSurname,
    preferredName: blank(body.preferredName),
    dateOfBirth:
      day || month || year ? `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : undefined,
    sex: body.sex,
    homePostcode: blank(body.homePostcode),
    upn: blank(body.upn),
    uln: blank(body.uln),
    nhsNumber: blank(body.nhsNumber),
    noIdentifierReason: blank(body.noIdentifierReason),
    primaryNeed: blank(body.primaryNeed),
    secondaryNeed: blank(body.secondaryNeed),
    language: blank(body.language),
    interpreterNeeded: body.interpreterNeeded === 'yes',
  }
}

function formView(values: Record<string, unknown>) {
  return {
    values,
    duplicateReasonText,
    reasonItems: [
      { value: '', text: 'Choose a reason' },
      ...Object.entries(upnUnknownReasons).map(([code, text]) => ({
        value: code,
        text: String(text),
        selected: values.noIdentifierReason === code,
      })),
    ],
    primaryNeedItems: needItems(values.primaryNeed, 'Choose the primary need'),
    secondaryNeedItems: needItems(values.secondaryNeed, 'None'),
  }
}

function valuesOfChild(c: { [k: string]: unknown }) {
  const [year, month, day] = String(c.date_of_birth).split('-')
  return {
    legalForename: c.legal_forename,
    legalSurname: c.legal_surname,
    preferredName: c.preferred_name,
    'dateOfBirth-day': day,
    'dateOfBirth-month': month,
    'dateOfBirth-year': year,
    sex: c.sex,
    homePostcode: c.home_postcode,
    upn: c.upn,
    uln: c.uln,
    nhsNumber: c.nhs_number,
    noIdentifierReason: c.no_identifier_reason,
    primaryNeed: c.primary_need,
    secondaryNeed: c.secondary_need,
    language: c.language,
    interpreterNeeded: c.interpreter_needed,
  }
}

/** Pages for children and young people: search, the child's summary (the hub later areas add to), add and change. */
export function childRoutes(db: Db) {
  const router = express.Router()

  router.get('/children', permit('child:read'), async (req, res) => {
    const ctx = contextOf(req, db)
    const wholeAuthority = childVisibility(ctx.actor).kind === 'authority'
    const view: Record<string, unknown> = {
      pageTitle:
        ctx.actor.role === 'parent'
          ? 'Your children'
          : ctx.actor.role === 'young_person'
            ? 'Your record'
            : 'Children and young people',
      values: req.query,
      searchable: ctx.actor.role !== 'parent' && ctx.actor.role !== 'young_person',
      mayCreate: mayTake(ctx.actor, 'child:create'),
      needNames,
      settings: ctx.actor.settingIds.length
        ? await db
            .selectFrom('setting')
            .select(['id', 'name'])
            .where('id', 'in', [...ctx.actor.settingIds])
            .orderBy('name')
            .execute()
        : [],
    }
    const searched = Object.keys(req.query).length > 0
    if (!wholeAuthority || searched) {
      const parsed = ChildSearch.safeParse(req.query)
      if (!parsed.success) {
        res.status(400)
        return res.render('people/views/search', { ...view, ...errorView(fieldErrors(parsed.error)) })
      }
      try {
        Object.assign(view, await searchChildren(ctx, parsed.data))
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 400) throw error
        res.status(400)
        return res.render('people/views/search', { ...view, ...errorView(error.fieldErrors) })
      }
    }
    res.render('people/views/search', view)
  })

  router.get('/children/new', permit('child:create'), (_req, res) => {
    res.render('people/views/child-form', {
      pageTitle: 'Add a child or young person',
      action: '/children/new',
      ...formView({}),
    })
  })

  router.post('/children/new', permit('child:create'), async (req, res) => {
    const ctx = contextOf(req, db)
    const render = (extra: Record<string, unknown>) =>
      res.status(400).render('people/views/child-form', {
        pageTitle: 'Add a child or young person',
        action: '/children/new',
        ...formView(req.body ?? {}),
        ...extra,
      })
    const parsed = ChildInput.safeParse(childInputOf(req.body ?? {}))
    if (!parsed.success) return render(errorView(fieldErrors(parsed.error)))
    try {
      const child = await createChild(ctx, parsed.data, { notADuplicate: req.body?.notADuplicate === 'yes' })
      res.redirect(303, `/children/${child.id}`)
    } catch (error) {
      if (error instanceof DuplicateSuspected) {
        const sameUpn = error.candidates.some((c) => c.reason === 'same-upn')
        return render({
          duplicates: error.candidates,
          ...errorView([
            sameUpn
              ? { field: 'upn', message: 'A child with this UPN is already on record' }
              : {
                  field: 'notADuplicate',
                  message: 'Check the possible matches, then confirm this is a different child or young person',
                },
          ]),
        })
      }
      throw error
    }
  })

  router.get('/children/:id', permit('child:read'), async (req, res) => {
    const ctx = contextOf(req, db)
    const record = await getChildRecord(ctx, String(req.params.id))
    const ehc = await ehcSectionFor(ctx, record.child.id)
    const today = todayInLondon()
    const ncy = nationalCurriculumYear(record.child.date_of_birth, academicYearStartOf(today), {
      offsetYears: record.child.year_group_offset,
    })
    const code = censusYearGroupOf(ncy)
    res.render('people/views/child', {
      pageTitle: `${record.child.legal_forename} ${record.child.legal_surname}`,
      ...record,
      ehc,
      age: ageOn(record.child.date_of_birth, today),
      yearGroup:
        ncy < -2
          ? 'Not yet in education'
          : ncy > 14
            ? 'Post-19'
            : code === 'R'
              ? 'Reception'
              : code?.startsWith('N')
                ? 'Nursery'
                : `Year ${code ?? ncy}`,
      needNames,
      sexNames,
      reasonText: record.child.no_identifier_reason
        ? upnUnknownReasons[record.child.no_identifier_reason as keyof typeof upnUnknownReasons]
        : undefined,
    })
  })

  router.get('/children/:id/edit', permit('child:update'), async (req, res) => {
    const record = await getChildRecord(contextOf(req, db), String(req.params.id))
    if (!record.mayUpdate) throw new Forbidden('You cannot change this child’s record')
    res.render('people/views/child-form', {
      pageTitle: 'Change details',
      action: `/children/${record.child.id}/edit`,
      version: record.child.version,
      ...formView(valuesOfChild(record.child)),
    })
  })

  router.post('/children/:id/edit', permit('child:update'), async (req, res) => {
    const id = String(req.params.id)
    const version = Number(req.body?.version)
    const render = (extra: Record<string, unknown>) =>
      res.status(400).render('people/views/child-form', {
        pageTitle: 'Change details',
        action: `/children/${id}/edit`,
        version,
        ...formView(req.body ?? {}),
        ...extra,
      })
    const parsed = ChildInput.safeParse(childInputOf(req.body ?? {}))
    if (!parsed.success || !Number.isInteger(version)) {
      return render(
        errorView(
          parsed.success
            ? [{ field: 'legalForename', message: 'Reload the page and try again' }]
            : fieldErrors(parsed.error),
        ),
      )
    }
    try {
      await updateChild(contextOf(req, db), id, version, parsed.data)
    } catch (error) {
      if (error instanceof DuplicateSuspected)
        return render({
          duplicates: error.candidates,
          ...errorView([{ field: 'upn', message: 'A child with this UPN is already on record' }]),
        })
      if (error instanceof AppError && error.status === 409)
        return res.status(409).render('people/views/child-form', {
          pageTitle: 'Change details',
          action: `/children/${id}/edit`,
          version,
          ...formView(req.body ?? {}),
          ...errorView([{ field: 'legalForename', message: error.message }]),
        })
      throw error
    }
    res.redirect(303, `/children/${id}`)
  })

  return router
}
