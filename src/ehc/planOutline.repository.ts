import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { PlanAdvice, PlanFacts, PlanStage } from './planOutline.js'

/** A plan wanted: the case's, at a stage, as the case stood on the day it is issued. */
export interface PlanWanted {
  caseId: string
  stage: PlanStage
  issuedOn: IsoDate
}

/** The advice's own words, where it was given as text rather than only as a document. */
function contentOf(advice: unknown): Pick<PlanAdvice, 'needs' | 'outcomes' | 'provision'> {
  const given = (advice ?? {}) as Partial<PlanAdvice>
  return { needs: given.needs ?? {}, outcomes: given.outcomes, provision: given.provision }
}

/**
 * What each plan wanted is written from: the child, the request, the family's views, the setting named and the advice
 * received by the day it is issued (advice cancelled left out). In the order asked; undefined for a case not found.
 * Many at once in two queries, as the demo's seed asks for hundreds.
 */
export async function planFactsOf(
  db: Queryable,
  authorityId: string,
  wanted: readonly PlanWanted[],
): Promise<(PlanFacts | undefined)[]> {
  if (wanted.length === 0) return []
  const caseIds = [...new Set(wanted.map((w) => w.caseId))]
  const [cases, advice] = await Promise.all([
    db
      .selectFrom('ehc_case as c')
      .innerJoin('child', 'child.id', 'c.child_id')
      .innerJoin('authority', 'authority.id', 'c.authority_id')
      .leftJoin('setting', 'setting.id', 'c.named_setting_id')
      .select([
        'c.id',
        'c.reference',
        'c.reasons',
        'c.family_views',
        'authority.name as authority_name',
        'child.legal_forename',
        'child.legal_surname',
        'child.preferred_name',
        'child.date_of_birth',
        'setting.name as named_setting',
      ])
      .where('c.authority_id', '=', authorityId)
      .where('c.id', 'in', caseIds)
      .execute(),
    db
      .selectFrom('advice_request')
      .select(['case_id', 'service', 'contributor_name', 'received_on', 'advice'])
      .where('authority_id', '=', authorityId)
      .where('case_id', 'in', caseIds)
      .where('received_on', 'is not', null)
      .where('cancelled_on', 'is', null)
      .orderBy('received_on')
      .orderBy('id')
      .execute(),
  ])
  const byId = new Map(cases.map((c) => [c.id, c]))
  return wanted.map(({ caseId, stage, issuedOn }) => {
    const c = byId.get(caseId)
    if (!c) return undefined
    return {
      stage,
      authorityName: c.authority_name,
      reference: c.reference,
      childName: `${c.preferred_name ?? c.legal_forename} ${c.legal_surname}`,
      dateOfBirth: c.date_of_birth as IsoDate,
      issuedOn,
      familyViews: c.family_views,
      reasons: c.reasons,
      advice: advice
        .filter((a) => a.case_id === caseId && (a.received_on as IsoDate) <= issuedOn)
        .map((a) => ({
          ...contentOf(a.advice),
          service: a.service,
          contributor: a.contributor_name,
          receivedOn: a.received_on as IsoDate,
        })),
      namedSetting: stage === 'final' ? c.named_setting : null,
    }
  })
}
