import { type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import { Conflict, NotFound } from '../platform/errors.js'
import { auditAs, type UseCaseContext } from '../platform/useCase.js'
import { loadManageableCase } from './cases.service.js'
import { planOutlineDocx } from './planOutline.docx.js'
import { type PlanStage, planFilename, planOutline } from './planOutline.js'
import { planFactsOf } from './planOutline.repository.js'
import { type CaseStatus, transitionRules } from './workflow.js'

/** Which plan a case is ready to have written: the draft once the panel decides to issue one, then the final. */
export function planStageOf(status: string): PlanStage | undefined {
  if (transitionRules.issue_draft.from.includes(status as CaseStatus)) return 'draft'
  if (transitionRules.issue_final.from.includes(status as CaseStatus)) return 'final'
  return undefined
}

/**
 * The plan to start from, for whoever may issue it: the case's record written out under sections A to K as a Word
 * document dated today, to edit and then upload when issuing the plan. Reading it is a read of the child's record,
 * and audited as one.
 */
export async function planToStartFrom(
  ctx: UseCaseContext,
  caseId: string,
  today: IsoDate = todayInLondon(),
): Promise<{ filename: string; bytes: Buffer }> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadManageableCase(ctx, trx, caseId)
    const stage = planStageOf(c.status)
    if (!stage) {
      throw new Conflict('A plan is written once the panel decides to issue one, and until the final plan is issued')
    }
    const [facts] = await planFactsOf(trx, c.authority_id, [{ caseId: c.id, stage, issuedOn: today }])
    if (!facts) throw new NotFound()
    await auditAs(ctx, trx, {
      action: 'ehc_case.plan_outline',
      recordType: 'ehc_case',
      recordId: c.id,
      childId: c.child_id,
      details: { stage, advice: facts.advice.length },
    })
    return { filename: planFilename(facts), bytes: await planOutlineDocx(planOutline(facts), facts.authorityName) }
  })
}
