import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { annualReviewDue, assessCase, computeAppealDeadlines, computeEhcDeadlines } from '../../src/ehc/clock.js'
import { type AdviceDates, clockFactsOf, type ExceptionDates } from '../../src/ehc/facts.js'
import {
  type FamilyCase,
  type FamilyException,
  type FamilyLetter,
  familyDate,
  nextDueStep,
  presentFamilyProgress,
} from '../../src/ehc/familyProgress.js'
import type { IsoDate } from '../../src/platform/calendar/isoDate.js'

const received = '2026-03-02'
// The issue's example: a request received on 2 March 2026
const due = computeEhcDeadlines({ requestReceived: received })

function caseOf(overrides: Partial<FamilyCase> = {}): FamilyCase {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    status: 'received',
    request_received: received,
    decision: null,
    decision_on: null,
    issue_decision: null,
    issue_decision_on: null,
    draft_issued_on: null,
    draft_response_on: null,
    final_issued_on: null,
    closed_on: null,
    sen_support_next_step: null,
    ...overrides,
  }
}

function present(
  c: FamilyCase,
  today: IsoDate,
  more: {
    advice?: AdviceDates[]
    exceptions?: FamilyException[]
    letters?: FamilyLetter[]
  } = {},
) {
  const exceptionRows: ExceptionDates[] = (more.exceptions ?? []).map((e) => ({
    reason: e.reason,
    starts_on: e.starts_on,
    ends_on: e.ends_on,
  }))
  const facts = clockFactsOf(c, more.advice ?? [], [], exceptionRows)
  const assessment = assessCase(facts, today)
  return {
    assessment,
    progress: presentFamilyProgress({
      case: c,
      facts,
      assessment,
      letters: more.letters ?? [],
      exceptions: more.exceptions ?? [],
      today,
    }),
  }
}

const epAdvice = (requested: IsoDate, receivedOn: IsoDate | null = null): AdviceDates => ({
  service: 'educational_psychology',
  contributor_name: 'Dr Rhys Morgan',
  requested_on: requested,
  received_on: receivedOn,
  cancelled_on: null,
})

const states = (p: ReturnType<typeof present>['progress']) => p.stages.map((s) => `${s.key}:${s.state}`)

describe('familyDate', () => {
  it('writes a date as GOV.UK does, with the day of the week', () => {
    assert.deepEqual(familyDate('2026-04-13'), { iso: '2026-04-13', text: 'Monday 13 April 2026' })
    assert.equal(familyDate('2024-02-29').text, 'Thursday 29 February 2024')
    assert.equal(familyDate('2026-01-04').text, 'Sunday 4 January 2026')
  })
})

describe('presentFamilyProgress', () => {
  it('a new request: received, deciding now, the rest to come, with the clock’s dates', () => {
    const { progress } = present(caseOf(), '2026-03-10')
    assert.deepEqual(states(progress), [
      'received:done',
      'decision:now',
      'assessment:next',
      'draft:later',
      'final:later',
    ])
    assert.equal(progress.statusText, 'We have your request')
    assert.equal(progress.week, 2)
    assert.equal(progress.stages[0]?.on?.iso, received)
    assert.deepEqual(progress.next, {
      kind: 'decision',
      due: familyDate(due.decisionToAssess),
      late: false,
      passed: false,
    })
    assert.equal(progress.next.due?.iso, '2026-04-13')
    assert.equal(progress.finalPlanDue?.iso, due.finalPlan)
    assert.equal(progress.finalPlanDue?.iso, '2026-07-20')
    assert.deepEqual(progress.late, [])
    assert.equal(progress.actions.addViews, true)
    assert.equal(progress.actions.askForLetter, false)
    assert.equal(progress.rights, undefined)
  })

  it('says honestly when the decision is late, with the date it should have been made', () => {
    const { progress } = present(caseOf({ status: 'considering' }), '2026-04-20')
    assert.equal(progress.next.kind, 'decision')
    assert.equal(progress.next.late, true)
    assert.equal(progress.stages[1]?.late, true)
    assert.deepEqual(progress.late, [
      { step: 'decisionToAssess', who: undefined, due: familyDate('2026-04-13'), exceptionApplies: false },
    ])
  })

  it('a decision made late is shown done, and late', () => {
    const c = caseOf({ status: 'assessing', decision: 'assess', decision_on: '2026-04-15' })
    const { progress } = present(c, '2026-04-20')
    assert.equal(progress.stages[1]?.state, 'done')
    assert.equal(progress.stages[1]?.outcome, 'assess')
    assert.equal(progress.stages[1]?.late, true)
    assert.deepEqual(progress.late, [])
  })

  it('during the assessment: the advice awaited, from whom, and by when', () => {
    const c = caseOf({ status: 'assessing', decision: 'assess', decision_on: '2026-04-10' })
    const { progress, assessment } = present(c, '2026-04-20', {
      advice: [epAdvice('2026-04-10'), { ...epAdvice('2026-04-14', '2026-04-18'), service: 'health' }],
    })
    assert.deepEqual(states(progress), [
      'received:done',
      'decision:done',
      'assessment:now',
      'draft:next',
      'final:later',
    ])
    const adviceDue = computeEhcDeadlines({ requestReceived: received, adviceRequested: '2026-04-10' }).adviceDue
    assert.equal(progress.next.kind, 'advice')
    assert.equal(progress.next.due?.iso, adviceDue)
    assert.deepEqual(progress.next.waitingFor, ['Educational psychology (Dr Rhys Morgan)'])
    const advice = progress.stages[2]?.advice ?? []
    assert.equal(advice.length, 2)
    assert.equal(advice[0]?.asked.iso, '2026-04-10')
    assert.equal(advice[0]?.due.iso, adviceDue)
    assert.equal(advice[1]?.from, 'Health (Dr Rhys Morgan)')
    assert.equal(advice[1]?.received?.iso, '2026-04-18')
    assert.equal(progress.stages[2]?.due?.iso, assessment.deadlines.notToIssue)
  })

  it('all advice in: the next step is the decision whether to write a plan, by 16 weeks if not', () => {
    const c = caseOf({ status: 'assessing', decision: 'assess', decision_on: '2026-04-10' })
    const { progress } = present(c, '2026-05-30', { advice: [epAdvice('2026-04-10', '2026-05-20')] })
    assert.equal(progress.next.kind, 'issueDecision')
    assert.equal(progress.next.due?.iso, due.notToIssue)
    const none = present(c, '2026-04-12').progress
    assert.equal(none.next.kind, 'askAdvice')
  })

  it('writing the draft: aims for week 14, and a decision to issue is never reported late at week 16', () => {
    const c = caseOf({
      status: 'drafting',
      decision: 'assess',
      decision_on: '2026-04-10',
      issue_decision: 'issue',
      issue_decision_on: '2026-06-01',
    })
    const advice = [epAdvice('2026-04-10', '2026-05-20')]
    const early = present(c, '2026-06-02', { advice }).progress
    assert.equal(early.next.kind, 'draft')
    assert.equal(early.next.due?.iso, due.draftTarget)
    assert.equal(early.next.late, false)
    assert.equal(early.stages[2]?.state, 'done')
    assert.equal(early.stages[2]?.outcome, 'issue')
    assert.equal(early.stages[3]?.state, 'now')

    const week17 = present(c, '2026-06-30', { advice }).progress
    assert.equal(week17.next.late, true, 'the draft is behind the week-14 target')
    assert.equal(week17.stages[3]?.late, true)
    assert.deepEqual(
      week17.late.map((l) => l.step),
      [],
      'neither the working target nor the settled 16-week decision is a statutory delay',
    )
  })

  it('the draft plan with the family: their 15 days, the link to respond, then the final plan date', () => {
    const c = caseOf({
      status: 'draft_issued',
      decision: 'assess',
      decision_on: '2026-04-10',
      issue_decision: 'issue',
      issue_decision_on: '2026-05-25',
      draft_issued_on: '2026-06-01',
    })
    const advice = [epAdvice('2026-04-10', '2026-05-20')]
    const { progress } = present(c, '2026-06-05', { advice })
    const responseDue = computeEhcDeadlines({ requestReceived: received, draftIssued: '2026-06-01' }).draftResponseDue
    assert.equal(responseDue, '2026-06-16')
    assert.equal(progress.next.kind, 'draftResponse')
    assert.equal(progress.next.due?.iso, responseDue)
    assert.deepEqual(progress.actions.respondToDraft, { due: familyDate('2026-06-16'), passed: false })
    assert.equal(progress.stages[3]?.state, 'now')
    assert.equal(progress.stages[3]?.on?.iso, '2026-06-01')
    assert.equal(progress.stages[3]?.responseDue?.iso, responseDue)

    const passed = present(c, '2026-06-20', { advice }).progress
    assert.equal(passed.next.passed, true)
    assert.equal(passed.actions.respondToDraft?.passed, true)

    const replied = present({ ...c, draft_response_on: '2026-06-10' }, '2026-06-12', { advice }).progress
    assert.equal(replied.next.kind, 'finalPlan')
    assert.equal(replied.next.due?.iso, due.finalPlan)
    assert.equal(replied.actions.respondToDraft, undefined)
    assert.equal(replied.stages[3]?.respondedOn?.iso, '2026-06-10')
  })

  it('the final plan: every stage done, the first review date, and the rights from the letter', () => {
    const c = caseOf({
      status: 'final_issued',
      decision: 'assess',
      decision_on: '2026-04-10',
      issue_decision: 'issue',
      issue_decision_on: '2026-05-25',
      draft_issued_on: '2026-06-01',
      draft_response_on: '2026-06-10',
      final_issued_on: '2026-07-10',
      closed_on: '2026-07-10',
    })
    const letter: FamilyLetter = {
      id: 'letter-1',
      dated: '2026-07-10',
      subject: 'Your child’s final EHC plan',
      appeal_by: '2026-09-10',
      mediation_contact_by: '2026-09-10',
    }
    const { progress } = present(c, '2026-07-12', { advice: [epAdvice('2026-04-10', '2026-05-20')], letters: [letter] })
    assert.deepEqual(states(progress), [
      'received:done',
      'decision:done',
      'assessment:done',
      'draft:done',
      'final:done',
    ])
    assert.equal(progress.stages[4]?.late, false)
    assert.equal(progress.open, false)
    assert.equal(progress.week, undefined)
    assert.equal(progress.finalPlanDue, undefined)
    assert.equal(progress.actions.addViews, false)
    assert.deepEqual(progress.next, {
      kind: 'review',
      due: familyDate(annualReviewDue({ planIssued: '2026-07-10' })),
      late: false,
      passed: false,
    })
    assert.equal(progress.rights?.decision, 'final')
    assert.equal(progress.rights?.appealBy.iso, '2026-09-10')
    assert.deepEqual(progress.rights?.letter, { id: 'letter-1', dated: familyDate('2026-07-10') })
    assert.deepEqual(progress.letters, [{ id: 'letter-1', subject: letter.subject, dated: familyDate('2026-07-10') }])
  })

  it('a refusal with no letter yet: the appeal dates are calculated from the decision date by the clock', () => {
    const c = caseOf({
      status: 'not_assessed',
      decision: 'not_assess',
      decision_on: '2026-06-30',
      closed_on: '2026-06-30',
      sen_support_next_step: 'A SEN Support plan review at school by 15 July',
    })
    const { progress } = present(c, '2026-07-01')
    const expected = computeAppealDeadlines({ decisionLetter: '2026-06-30' })
    // 30 August 2026 falls in August: the tribunal deadline moves to the first working day after 31 August
    assert.equal(expected.appealBy, '2026-09-01')
    assert.equal(progress.rights?.decision, 'not_assess')
    assert.equal(progress.rights?.appealBy.iso, expected.appealBy)
    assert.equal(progress.rights?.mediationContactBy.iso, expected.mediationContactBy)
    assert.equal(progress.rights?.letter, undefined)
    assert.equal(progress.rights?.appealPassed, false)
    assert.deepEqual(states(progress), [
      'received:done',
      'decision:done',
      'assessment:stopped',
      'draft:stopped',
      'final:stopped',
    ])
    assert.equal(progress.next.kind, 'senSupport')
    assert.equal(progress.next.senSupportNextStep, 'A SEN Support plan review at school by 15 July')
    assert.equal(progress.actions.askForLetter, true)
    assert.equal(progress.actions.addViews, false)

    const later = present(c, '2026-09-02').progress
    assert.equal(later.rights?.appealPassed, true)
    assert.equal(later.rights?.mediationPassed, true)
  })

  it('a decision not to issue: rights from the latest letter that states them, not an earlier one', () => {
    const c = caseOf({
      status: 'not_issued',
      decision: 'assess',
      decision_on: '2026-04-10',
      issue_decision: 'not_issue',
      issue_decision_on: '2026-06-15',
      closed_on: '2026-06-15',
      sen_support_next_step: 'Top-up funding at school',
    })
    const letters: FamilyLetter[] = [
      {
        id: 'assess',
        dated: '2026-04-10',
        subject: 'We will assess',
        appeal_by: null,
        mediation_contact_by: null,
      },
      {
        id: 'not-issue',
        dated: '2026-06-16',
        subject: 'We will not issue a plan',
        appeal_by: '2026-09-01',
        mediation_contact_by: '2026-08-16',
      },
    ]
    const { progress } = present(c, '2026-06-20', { advice: [epAdvice('2026-04-10', '2026-05-20')], letters })
    assert.equal(progress.rights?.decision, 'not_issue')
    assert.equal(progress.rights?.decidedOn.iso, '2026-06-15')
    assert.equal(progress.rights?.letter?.id, 'not-issue')
    assert.equal(progress.rights?.mediationContactBy.iso, '2026-08-16')
    assert.deepEqual(
      progress.letters.map((l) => l.id),
      ['not-issue', 'assess'],
    )
    assert.equal(progress.stages[2]?.state, 'done')
    assert.equal(progress.stages[2]?.outcome, 'not_issue')
    assert.equal(progress.stages[3]?.state, 'stopped')
  })

  it('a withdrawn request: nothing more will happen, and no views can be added', () => {
    const c = caseOf({ status: 'withdrawn', closed_on: '2026-03-20' })
    const { progress } = present(c, '2026-05-01')
    assert.deepEqual(states(progress), [
      'received:done',
      'decision:stopped',
      'assessment:stopped',
      'draft:stopped',
      'final:stopped',
    ])
    assert.equal(progress.next.kind, 'closed')
    assert.deepEqual(progress.late, [], 'a closed request is not late')
    assert.equal(progress.actions.addViews, false)
    assert.equal(progress.rights, undefined)
  })

  it('explains an exception: when the family was told, the period, and that it excuses a late step', () => {
    const exception: FamilyException = {
      reason: 'away-from-area',
      starts_on: '2026-03-20',
      ends_on: '2026-04-30',
      told_on: '2026-03-21',
    }
    const { progress } = present(caseOf({ status: 'considering' }), '2026-04-20', { exceptions: [exception] })
    assert.deepEqual(progress.exceptions, [
      {
        reason: 'away-from-area',
        toldOn: familyDate('2026-03-21'),
        from: familyDate('2026-03-20'),
        to: familyDate('2026-04-30'),
        current: true,
      },
    ])
    assert.equal(progress.late[0]?.step, 'decisionToAssess')
    assert.equal(progress.late[0]?.exceptionApplies, true)
  })

  it('after 20 weeks with no final plan, the final plan is reported late', () => {
    const c = caseOf({
      status: 'draft_issued',
      decision: 'assess',
      decision_on: '2026-04-10',
      issue_decision: 'issue',
      issue_decision_on: '2026-05-25',
      draft_issued_on: '2026-06-01',
      draft_response_on: '2026-06-10',
    })
    const { progress } = present(c, '2026-07-25', { advice: [epAdvice('2026-04-10', '2026-05-20')] })
    assert.equal(progress.next.kind, 'finalPlan')
    assert.equal(progress.next.late, true)
    assert.equal(progress.stages[4]?.late, true)
    assert.deepEqual(
      progress.late.map((l) => [l.step, l.due.iso]),
      [['finalPlan', '2026-07-20']],
    )
  })
})

describe('nextDueStep', () => {
  it('is the earliest step not yet done, overdue ones included, and none once the case is closed', () => {
    const c = caseOf({ status: 'assessing', decision: 'assess', decision_on: '2026-04-10' })
    const facts = clockFactsOf(c, [epAdvice('2026-04-10')], [], [])
    const next = nextDueStep(assessCase(facts, '2026-04-20'), c)
    assert.equal(next?.step, 'advice')
    assert.equal(next?.due, '2026-05-22')
    const late = nextDueStep(assessCase(clockFactsOf(caseOf(), [], [], []), '2026-05-01'), caseOf())
    assert.equal(late?.step, 'decisionToAssess')
    assert.equal(late?.status, 'overdue')
    const closed = caseOf({ status: 'withdrawn', closed_on: '2026-03-20' })
    assert.equal(nextDueStep(assessCase(clockFactsOf(closed, [], [], []), '2026-05-01'), closed), undefined)
    const drafting = caseOf({
      status: 'drafting',
      decision: 'assess',
      decision_on: '2026-04-10',
      issue_decision: 'issue',
      issue_decision_on: '2026-06-01',
    })
    const week17 = assessCase(clockFactsOf(drafting, [epAdvice('2026-04-10', '2026-05-20')], [], []), '2026-06-30')
    assert.equal(nextDueStep(week17, drafting)?.step, 'draftTarget', 'the settled 16-week decision is not next')
  })
})
