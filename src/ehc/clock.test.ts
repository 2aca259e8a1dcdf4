import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidIsoDate } from '../platform/calendar/isoDate.js'
import {
  annualReviewDue,
  assessCase,
  caseRisks,
  closureExceptionPeriod,
  computeAppealDeadlines,
  computeEhcDeadlines,
  computeReviewDeadlines,
  type EhcCaseFacts,
  finalPlanWithinTwentyWeeks,
  mediationCertificateDue,
  mediationHeldBy,
  phaseTransferReviewDue,
} from './clock.js'

// The worked example in the brief: a request received on Monday 2 March 2026.
// Week 6: 13 April; week 14 (draft target): 8 June; week 16: 22 June; week 20: 20 July.
const request = '2026-03-02'

describe('computeEhcDeadlines (DESIGN.md 4.1)', () => {
  it('works the example: request 2 March 2026', () => {
    assert.deepEqual(computeEhcDeadlines({ requestReceived: request }), {
      decisionToAssess: '2026-04-13',
      notToIssue: '2026-06-22',
      finalPlan: '2026-07-20',
      draftTarget: '2026-06-08',
    })
  })

  it('adds advice, draft response and consultation dates when their starting dates are known', () => {
    assert.deepEqual(
      computeEhcDeadlines({
        requestReceived: request,
        adviceRequested: '2026-04-20',
        draftIssued: '2026-06-05',
        consultationSent: '2026-06-10',
      }),
      {
        decisionToAssess: '2026-04-13',
        notToIssue: '2026-06-22',
        finalPlan: '2026-07-20',
        draftTarget: '2026-06-08',
        adviceDue: '2026-06-01', // 6 weeks
        draftResponseDue: '2026-06-20', // 15 days, a Saturday: it stays there
        consultationResponseDue: '2026-06-25', // 15 days
      },
    )
  })

  const table: { requestReceived: string; decisionToAssess: string; finalPlan: string; why: string }[] = [
    { requestReceived: '2024-01-31', decisionToAssess: '2024-03-13', finalPlan: '2024-06-19', why: 'a leap year' },
    { requestReceived: '2025-01-31', decisionToAssess: '2025-03-14', finalPlan: '2025-06-20', why: 'not a leap year' },
    { requestReceived: '2025-11-20', decisionToAssess: '2026-01-01', finalPlan: '2026-04-09', why: 'over new year' },
    { requestReceived: '2026-07-20', decisionToAssess: '2026-08-31', finalPlan: '2026-12-07', why: 'a bank holiday' },
    { requestReceived: '2026-11-13', decisionToAssess: '2026-12-25', finalPlan: '2027-04-02', why: 'Christmas Day' },
    { requestReceived: '2026-03-07', decisionToAssess: '2026-04-18', finalPlan: '2026-07-25', why: 'a Saturday' },
  ]
  for (const row of table) {
    it(`never moves a limit off a weekend or bank holiday: ${row.requestReceived} (${row.why})`, () => {
      const deadlines = computeEhcDeadlines({ requestReceived: row.requestReceived })
      assert.equal(deadlines.decisionToAssess, row.decisionToAssess)
      assert.equal(deadlines.finalPlan, row.finalPlan)
    })
  }

  it('refuses a malformed date', () => {
    assert.throws(() => computeEhcDeadlines({ requestReceived: '2026-02-30' }), InvalidIsoDate)
  })
})

describe('computeAppealDeadlines (DESIGN.md 4.3)', () => {
  const table: {
    decisionLetter: string
    mediationCertificate?: string
    mediationContactBy: string
    appealBy: string
    why: string
  }[] = [
    {
      decisionLetter: '2026-06-30',
      mediationContactBy: '2026-08-30',
      appealBy: '2026-09-01',
      why: '2 months lands in August: first working day after 31 August (a bank holiday in 2026)',
    },
    {
      decisionLetter: '2026-06-01',
      mediationContactBy: '2026-08-01',
      appealBy: '2026-09-01',
      why: '1 August is in August too',
    },
    {
      decisionLetter: '2026-10-27',
      mediationContactBy: '2026-12-27',
      appealBy: '2027-01-04',
      why: '27 December: first working day after 1 January (2 January 2027 is a Saturday)',
    },
    {
      decisionLetter: '2026-10-25',
      mediationContactBy: '2026-12-25',
      appealBy: '2027-01-04',
      why: '25 December is the first day of the Christmas window',
    },
    {
      decisionLetter: '2026-10-31',
      mediationContactBy: '2026-12-31',
      appealBy: '2027-01-04',
      why: '31 December',
    },
    {
      decisionLetter: '2026-11-01',
      mediationContactBy: '2027-01-01',
      appealBy: '2027-01-04',
      why: '1 January is the last day of the Christmas window',
    },
    {
      decisionLetter: '2027-10-25',
      mediationContactBy: '2027-12-25',
      appealBy: '2028-01-04',
      why: 'the first working day after 1 January 2028 skips the Sunday and the substitute bank holiday',
    },
    {
      decisionLetter: '2026-10-24',
      mediationContactBy: '2026-12-24',
      appealBy: '2026-12-24',
      why: '24 December is before the window and a working day',
    },
    {
      decisionLetter: '2025-11-02',
      mediationContactBy: '2026-01-02',
      appealBy: '2026-01-02',
      why: '2 January is after the window and a working day',
    },
    {
      decisionLetter: '2025-12-31',
      mediationContactBy: '2026-02-28',
      appealBy: '2026-03-02',
      why: 'month end: 31 December + 2 months = 28 February, a Saturday, so the next working day',
    },
    {
      decisionLetter: '2023-12-31',
      mediationContactBy: '2024-02-29',
      appealBy: '2024-02-29',
      why: 'leap year: 29 February 2024, a Thursday',
    },
    {
      decisionLetter: '2026-02-03',
      mediationContactBy: '2026-04-03',
      appealBy: '2026-04-07',
      why: 'Good Friday, then the weekend and Easter Monday',
    },
    {
      decisionLetter: '2026-03-02',
      mediationCertificate: '2026-05-05',
      mediationContactBy: '2026-05-02',
      appealBy: '2026-06-05',
      why: '1 month from the certificate is later than 2 months from the letter',
    },
    {
      decisionLetter: '2026-03-02',
      mediationCertificate: '2026-03-20',
      mediationContactBy: '2026-05-02',
      appealBy: '2026-05-05',
      why: '2 months from the letter is later: Saturday 2 May, then the early May bank holiday',
    },
    {
      decisionLetter: '2026-05-15',
      mediationCertificate: '2026-07-10',
      mediationContactBy: '2026-07-15',
      appealBy: '2026-09-01',
      why: 'the certificate pushes the deadline into August',
    },
    {
      decisionLetter: '2026-10-01',
      mediationCertificate: '2026-11-29',
      mediationContactBy: '2026-12-01',
      appealBy: '2027-01-04',
      why: 'the certificate pushes the deadline into the Christmas window (IPSEA’s worked example)',
    },
    {
      decisionLetter: '2026-01-31',
      mediationCertificate: '2026-03-31',
      mediationContactBy: '2026-03-31',
      appealBy: '2026-04-30',
      why: 'month ends on both sides: 31 March + 1 month = 30 April',
    },
  ]
  for (const row of table) {
    it(`${row.decisionLetter}${row.mediationCertificate ? ` with certificate ${row.mediationCertificate}` : ''}: ${row.why}`, () => {
      const input =
        row.mediationCertificate === undefined
          ? { decisionLetter: row.decisionLetter }
          : { decisionLetter: row.decisionLetter, mediationCertificate: row.mediationCertificate }
      assert.deepEqual(computeAppealDeadlines(input), {
        mediationContactBy: row.mediationContactBy,
        appealBy: row.appealBy,
      })
    })
  }
})

describe('mediation', () => {
  it('the certificate is due 3 working days after the adviser is told', () => {
    assert.equal(mediationCertificateDue('2026-03-02'), '2026-03-05')
    assert.equal(mediationCertificateDue('2026-03-06'), '2026-03-11') // from a Friday
    assert.equal(mediationCertificateDue('2026-04-01'), '2026-04-08') // over Easter
    assert.equal(mediationCertificateDue('2026-12-23'), '2026-12-30') // over Christmas
  })

  it('mediation takes place within 30 days, calendar days', () => {
    assert.equal(mediationHeldBy('2026-03-02'), '2026-04-01')
    assert.equal(mediationHeldBy('2026-12-01'), '2026-12-31')
  })
})

describe('reviews and phase transfers (DESIGN.md 4.2)', () => {
  it('annual review within 12 months of the plan, then of the last review decision', () => {
    assert.equal(annualReviewDue({ planIssued: '2026-03-02' }), '2027-03-02')
    assert.equal(annualReviewDue({ planIssued: '2024-02-29' }), '2025-02-28')
    assert.equal(annualReviewDue({ planIssued: '2023-02-28' }), '2024-02-28')
    assert.equal(annualReviewDue({ planIssued: '2024-05-10', lastReviewDecision: '2026-01-31' }), '2027-01-31')
  })

  it('under-fives on a shorter interval set by the authority', () => {
    assert.equal(annualReviewDue({ planIssued: '2026-08-31' }, 6), '2027-02-28')
    assert.equal(annualReviewDue({ planIssued: '2026-01-15', lastReviewDecision: '2026-05-31' }, 3), '2026-08-31')
  })

  it('review meeting dates: invitations 2 weeks before, report 2 weeks after, decision 4 weeks after', () => {
    assert.deepEqual(computeReviewDeadlines({ meeting: '2026-03-02' }), {
      invitationsBy: '2026-02-16',
      reportDue: '2026-03-16',
      decisionDue: '2026-03-30',
    })
  })

  it('amendments: 15 days for the family and the amended plan within 8 weeks', () => {
    assert.deepEqual(computeReviewDeadlines({ meeting: '2026-03-02', amendmentsProposed: '2026-03-20' }), {
      invitationsBy: '2026-02-16',
      reportDue: '2026-03-16',
      decisionDue: '2026-03-30',
      amendmentResponseDue: '2026-04-04',
      amendedPlanDue: '2026-05-15',
    })
  })

  it('phase transfer: 15 February of the year of transfer, 31 March for secondary to post-16', () => {
    assert.equal(phaseTransferReviewDue('school-phase', '2027-09-01'), '2027-02-15')
    assert.equal(phaseTransferReviewDue('secondary-to-post-16', '2027-09-01'), '2027-03-31')
    assert.equal(phaseTransferReviewDue('school-phase', '2028-01-05'), '2028-02-15')
  })

  it('phase transfer between post-16 institutions: at least 5 months before the move', () => {
    assert.equal(phaseTransferReviewDue('between-post-16', '2027-09-06'), '2027-04-06')
    assert.equal(phaseTransferReviewDue('between-post-16', '2027-07-31'), '2027-02-28')
    assert.equal(phaseTransferReviewDue('between-post-16', '2028-01-15'), '2027-08-15')
  })
})

describe('closureExceptionPeriod (reg 10(4)(a) and (b))', () => {
  it('runs from a week before a closure of 4 weeks or more to a week before reopening', () => {
    assert.deepEqual(closureExceptionPeriod({ closes: '2026-07-22', reopens: '2026-09-02' }), {
      start: '2026-07-15',
      end: '2026-08-26',
    })
    assert.deepEqual(closureExceptionPeriod({ closes: '2026-07-25', reopens: '2026-08-22' }), {
      start: '2026-07-18',
      end: '2026-08-15',
    })
  })

  it('does not apply to a shorter closure', () => {
    assert.equal(closureExceptionPeriod({ closes: '2026-12-19', reopens: '2027-01-05' }), undefined)
    assert.equal(closureExceptionPeriod({ closes: '2026-07-25', reopens: '2026-08-21' }), undefined)
  })
})

describe('assessCase', () => {
  const assessing: EhcCaseFacts = { requestReceived: request, decisionMade: { on: '2026-04-10', outcome: 'assess' } }
  const statusOf = (facts: EhcCaseFacts, today: string) =>
    Object.fromEntries(assessCase(facts, today).steps.map((step) => [step.label, step.status]))

  it('a new request is on track, with the whole clock ahead of it', () => {
    const result = assessCase({ requestReceived: request }, '2026-03-10')
    assert.equal(result.open, true)
    assert.equal(result.weekNow, 1)
    assert.equal(result.risk, 'on-track')
    assert.deepEqual(result.reasons, [])
    assert.deepEqual(result.overdue, [])
    assert.equal(result.atRiskOfBreach, false)
    assert.deepEqual(
      result.steps.map((step) => [step.step, step.due, step.status, step.statutory]),
      [
        ['decisionToAssess', '2026-04-13', 'upcoming', true],
        ['draftTarget', '2026-06-08', 'upcoming', false],
        ['decisionToIssue', '2026-06-22', 'upcoming', true],
        ['finalPlan', '2026-07-20', 'upcoming', true],
      ],
    )
    assert.deepEqual(result.deadlines, computeEhcDeadlines({ requestReceived: request }))
  })

  it('counts whole weeks since the request', () => {
    const weekOn = (today: string) => assessCase({ requestReceived: request }, today).weekNow
    assert.equal(weekOn('2026-03-02'), 0)
    assert.equal(weekOn('2026-03-08'), 0)
    assert.equal(weekOn('2026-03-09'), 1)
    assert.equal(weekOn('2026-04-13'), 6)
    assert.equal(weekOn('2026-07-20'), 20)
  })

  it('the decision is due soon within 7 days, and due today on the day', () => {
    const soon = assessCase({ requestReceived: request }, '2026-04-08')
    assert.equal(soon.risk, 'due-soon')
    assert.deepEqual(soon.reasons, ['Decision whether to assess is due in 5 days (13 April 2026).'])
    assert.deepEqual(
      soon.dueSoon.map((step) => step.step),
      ['decisionToAssess'],
    )
    assert.deepEqual(assessCase({ requestReceived: request }, '2026-04-13').reasons, [
      'Decision whether to assess is due today (13 April 2026).',
    ])
    assert.equal(assessCase({ requestReceived: request }, '2026-04-05').risk, 'on-track')
    assert.equal(assessCase({ requestReceived: request }, '2026-04-06').risk, 'due-soon')
  })

  it('no decision after week 6 is overdue and puts the 20 weeks at risk', () => {
    const result = assessCase({ requestReceived: request }, '2026-04-14')
    assert.equal(result.risk, 'overdue')
    assert.equal(result.atRiskOfBreach, true)
    assert.deepEqual(
      result.overdue.map((step) => step.step),
      ['decisionToAssess'],
    )
    assert.equal(result.reasons[0], 'Decision whether to assess is late: it was due by 13 April 2026.')
  })

  it('a decision made in time is done; one made late is done late', () => {
    assert.equal(statusOf(assessing, '2026-04-20')['Decision whether to assess'], 'done')
    const late = { requestReceived: request, decisionMade: { on: '2026-04-14', outcome: 'assess' as const } }
    assert.equal(statusOf(late, '2026-04-20')['Decision whether to assess'], 'done-late')
    assert.equal(assessCase(late, '2026-04-20').risk, 'on-track')
  })

  it('advice past its 6 weeks is overdue, per contributor', () => {
    const facts: EhcCaseFacts = {
      ...assessing,
      adviceRequests: [
        { contributor: 'Educational psychologist', requested: '2026-04-13' },
        { contributor: 'Health', requested: '2026-04-13', received: '2026-05-20' },
      ],
    }
    const result = assessCase(facts, '2026-05-26')
    assert.equal(result.weekNow, 12)
    assert.equal(result.risk, 'overdue')
    assert.deepEqual(
      result.overdue.map((step) => step.label),
      ['Advice from Educational psychologist'],
    )
    assert.equal(result.reasons[0], 'Advice from Educational psychologist is late: it was due by 25 May 2026.')
    const health = result.steps.find((step) => step.label === 'Advice from Health')
    assert.deepEqual(health && [health.due, health.completed, health.status], ['2026-05-25', '2026-05-20', 'done'])
  })

  it('advice still outstanding in week 10 puts the case at risk before it is overdue', () => {
    const facts: EhcCaseFacts = {
      ...assessing,
      adviceRequests: [{ contributor: 'Educational psychologist', requested: '2026-05-01' }],
    }
    const inWeek9 = assessCase(facts, '2026-05-10')
    assert.equal(inWeek9.risk, 'on-track')
    const inWeek10 = assessCase(facts, '2026-05-11')
    assert.equal(inWeek10.weekNow, 10)
    assert.equal(inWeek10.risk, 'at-risk')
    assert.equal(inWeek10.atRiskOfBreach, true)
    assert.deepEqual(inWeek10.overdue, [])
    assert.deepEqual(inWeek10.reasons, ['Advice from Educational psychologist is still outstanding after 10 weeks.'])
  })

  it('no draft by week 14 puts the case at risk; the target is not a statutory overdue', () => {
    const facts: EhcCaseFacts = {
      ...assessing,
      adviceRequests: [{ contributor: 'Educational psychologist', requested: '2026-04-13', received: '2026-05-20' }],
    }
    assert.equal(assessCase(facts, '2026-06-01').risk, 'due-soon')
    assert.equal(assessCase(facts, '2026-06-08').risk, 'due-soon')
    const result = assessCase(facts, '2026-06-09')
    assert.equal(result.risk, 'at-risk')
    assert.deepEqual(result.overdue, [])
    assert.equal(statusOf(facts, '2026-06-09')['Draft plan'], 'overdue')
    assert.equal(result.reasons[0], 'Draft plan not issued by week 14 (the target was 8 June 2026).')
  })

  it('no draft and no decision not to issue by week 16 is overdue (reg 10(1))', () => {
    const result = assessCase(assessing, '2026-06-23')
    assert.equal(result.risk, 'overdue')
    assert.deepEqual(
      result.overdue.map((step) => step.step),
      ['decisionToIssue'],
    )
    assert.deepEqual(result.reasons, [
      'Decision whether to issue a plan is late: it was due by 22 June 2026.',
      'Draft plan not issued by week 14 (the target was 8 June 2026).',
    ])
  })

  it('a draft settles the week-16 question whenever it comes, and starts the 15 days for the family', () => {
    const facts: EhcCaseFacts = { ...assessing, draftIssued: '2026-06-25' }
    const result = assessCase(facts, '2026-06-26')
    assert.equal(statusOf(facts, '2026-06-26')['Decision whether to issue a plan'], 'done')
    assert.equal(statusOf(facts, '2026-06-26')['Draft plan'], 'done-late')
    assert.equal(result.deadlines.draftResponseDue, '2026-07-10')
    assert.equal(result.risk, 'on-track')
  })

  it('a consultation reply due within 7 days is due soon; past 15 days it is overdue', () => {
    const facts: EhcCaseFacts = {
      ...assessing,
      draftIssued: '2026-06-01',
      consultations: [{ setting: 'Oak Primary School', sent: '2026-06-05' }],
    }
    const soon = assessCase(facts, '2026-06-18')
    assert.equal(soon.risk, 'due-soon')
    assert.deepEqual(soon.reasons, ['Reply from Oak Primary School is due in 2 days (20 June 2026).'])
    assert.equal(soon.deadlines.draftResponseDue, '2026-06-16')
    const late = assessCase(facts, '2026-06-22')
    assert.equal(late.risk, 'overdue')
    assert.deepEqual(late.reasons, ['Reply from Oak Primary School is late: it was due by 20 June 2026.'])
    const replied: EhcCaseFacts = {
      ...facts,
      consultations: [{ setting: 'Oak Primary School', sent: '2026-06-05', replied: '2026-06-19' }],
    }
    assert.equal(assessCase(replied, '2026-06-22').risk, 'on-track')
  })

  it('not final by week 20 is breached', () => {
    const facts: EhcCaseFacts = { ...assessing, draftIssued: '2026-06-01' }
    assert.equal(assessCase(facts, '2026-07-13').risk, 'due-soon')
    assert.equal(assessCase(facts, '2026-07-20').risk, 'due-soon')
    const result = assessCase(facts, '2026-07-21')
    assert.equal(result.risk, 'breached')
    assert.equal(result.weekNow, 20)
    assert.equal(result.atRiskOfBreach, false)
    assert.deepEqual(
      result.overdue.map((step) => step.step),
      ['finalPlan'],
    )
    assert.deepEqual(result.reasons, ['The final plan is late: 20 weeks ended on 20 July 2026.'])
  })

  it('a breached case still lists every overdue step', () => {
    const result = assessCase({ requestReceived: request }, '2026-08-01')
    assert.equal(result.risk, 'breached')
    assert.deepEqual(
      result.overdue.map((step) => step.step),
      ['decisionToAssess', 'decisionToIssue', 'finalPlan'],
    )
    assert.equal(result.reasons.length, 3)
  })

  it('a final plan in time closes the case on track; a late one closes it breached', () => {
    const onTime = assessCase({ ...assessing, draftIssued: '2026-06-01', finalIssued: '2026-07-20' }, '2026-09-01')
    assert.equal(onTime.open, false)
    assert.equal(onTime.risk, 'on-track')
    assert.deepEqual(onTime.overdue, [])
    assert.deepEqual(onTime.dueSoon, [])
    const late = assessCase({ ...assessing, draftIssued: '2026-06-01', finalIssued: '2026-07-27' }, '2026-09-01')
    assert.equal(late.risk, 'breached')
    assert.deepEqual(late.reasons, [
      'The final plan was issued on 27 July 2026, after the 20 weeks ended on 20 July 2026.',
    ])
    assert.equal(late.steps.find((step) => step.step === 'finalPlan')?.status, 'done-late')
  })

  it('a refusal to assess closes the case: no plan steps, never breached', () => {
    const facts: EhcCaseFacts = { requestReceived: request, decisionMade: { on: '2026-04-10', outcome: 'not-assess' } }
    const result = assessCase(facts, '2026-09-01')
    assert.equal(result.open, false)
    assert.equal(result.risk, 'on-track')
    assert.deepEqual(
      result.steps.map((step) => [step.step, step.status]),
      [['decisionToAssess', 'done']],
    )
  })

  it('a decision not to issue closes the case; after week 16 it is done late', () => {
    const onTime = assessCase({ ...assessing, notToIssueDecided: '2026-06-20' }, '2026-09-01')
    assert.equal(onTime.open, false)
    assert.deepEqual(
      onTime.steps.map((step) => [step.step, step.status]),
      [
        ['decisionToAssess', 'done'],
        ['decisionToIssue', 'done'],
      ],
    )
    const late = assessCase({ ...assessing, notToIssueDecided: '2026-06-25' }, '2026-09-01')
    assert.equal(late.steps.find((step) => step.step === 'decisionToIssue')?.status, 'done-late')
    assert.equal(late.risk, 'on-track')
  })

  it('a decision to issue settles the 16-week question, even after week 16, while the draft is written', () => {
    // Request 2026-03-02: the 16 weeks end on 2026-06-22; the panel decides to issue on 2026-06-29.
    const result = assessCase({ ...assessing, issueDecided: '2026-06-29' }, '2026-07-06')
    const step = result.steps.find((s) => s.step === 'decisionToIssue')
    assert.equal(step?.status, 'done')
    assert.equal(step?.completed, '2026-06-29')
    assert.equal(
      result.overdue.some((s) => s.step === 'decisionToIssue'),
      false,
    )
    assert.equal(result.open, true)
  })

  it('a withdrawn request stops the clock: undone steps are no longer needed', () => {
    const facts: EhcCaseFacts = {
      ...assessing,
      adviceRequests: [{ contributor: 'Health', requested: '2026-04-13' }],
      withdrawn: '2026-05-01',
    }
    const result = assessCase(facts, '2026-09-01')
    assert.equal(result.open, false)
    assert.equal(result.risk, 'on-track')
    assert.deepEqual(
      result.steps.map((step) => step.status),
      ['done', 'not-needed', 'not-needed', 'not-needed', 'not-needed'],
    )
  })

  it('keeps the clock on month ends and leap years, and never moves a due date off a bank holiday', () => {
    const leap = assessCase({ requestReceived: '2024-01-31' }, '2024-02-01')
    assert.equal(leap.deadlines.finalPlan, '2024-06-19')
    const bankHoliday = assessCase({ requestReceived: '2026-07-20' }, '2026-08-30')
    assert.equal(bankHoliday.steps[0]?.due, '2026-08-31')
    assert.deepEqual(bankHoliday.reasons, ['Decision whether to assess is due tomorrow (31 August 2026).'])
  })

  it('refuses malformed dates in the facts', () => {
    assert.throws(() => assessCase({ requestReceived: '2026-03-32' }, '2026-04-01'), InvalidIsoDate)
    assert.throws(() => assessCase({ requestReceived: request }, '01/04/2026'), InvalidIsoDate)
  })
})

describe('exceptions never move a due date; they mark a late step as excused', () => {
  const awayInMay: EhcCaseFacts = {
    requestReceived: request,
    decisionMade: { on: '2026-04-10', outcome: 'assess' },
    draftIssued: '2026-06-15',
    exceptions: [{ reason: 'away-from-area', start: '2026-05-01', end: '2026-06-15' }],
  }

  it('the same due dates with and without exceptions', () => {
    const { exceptions: _ignored, ...withoutExceptions } = awayInMay
    const dues = (facts: EhcCaseFacts) => assessCase(facts, '2026-07-01').steps.map((step) => step.due)
    assert.deepEqual(dues(awayInMay), dues(withoutExceptions))
  })

  it('a breach with an exception is still a breach, reported with the exception', () => {
    const result = assessCase(awayInMay, '2026-07-21')
    assert.equal(result.risk, 'breached')
    assert.equal(result.exceptionApplies, true)
    assert.deepEqual(result.reasons, [
      'The final plan is late: 20 weeks ended on 20 July 2026. An exception is recorded: away from the area for 4 weeks or more.',
    ])
    assert.equal(result.steps.find((step) => step.step === 'finalPlan')?.exceptionApplies, true)
  })

  it('finalPlanWithinTwentyWeeks reports timeliness both ways', () => {
    assert.deepEqual(finalPlanWithinTwentyWeeks(awayInMay), { withinTwentyWeeks: undefined, exceptionApplies: true })
    assert.deepEqual(finalPlanWithinTwentyWeeks({ ...awayInMay, finalIssued: '2026-08-01' }), {
      withinTwentyWeeks: false,
      exceptionApplies: true,
    })
    assert.deepEqual(finalPlanWithinTwentyWeeks({ ...awayInMay, finalIssued: '2026-07-20' }), {
      withinTwentyWeeks: true,
      exceptionApplies: true,
    })
    assert.deepEqual(finalPlanWithinTwentyWeeks({ requestReceived: request, finalIssued: '2026-07-21' }), {
      withinTwentyWeeks: false,
      exceptionApplies: false,
    })
  })

  it('an exception outside the 20 weeks does not apply to them', () => {
    const later: EhcCaseFacts = {
      requestReceived: request,
      finalIssued: '2026-08-10',
      exceptions: [{ reason: 'exceptional-personal-circumstances', start: '2026-07-21' }],
    }
    assert.deepEqual(finalPlanWithinTwentyWeeks(later), { withinTwentyWeeks: false, exceptionApplies: false })
    const touching: EhcCaseFacts = {
      ...later,
      exceptions: [{ reason: 'exceptional-personal-circumstances', start: '2026-07-20' }],
    }
    assert.equal(finalPlanWithinTwentyWeeks(touching).exceptionApplies, true)
    const before: EhcCaseFacts = {
      ...later,
      exceptions: [{ reason: 'away-from-area', start: '2026-01-01', end: '2026-03-01' }],
    }
    assert.equal(finalPlanWithinTwentyWeeks(before).exceptionApplies, false)
  })

  it('a missed appointment excuses late advice only, not the 20 weeks', () => {
    const facts: EhcCaseFacts = {
      requestReceived: request,
      decisionMade: { on: '2026-04-10', outcome: 'assess' },
      adviceRequests: [{ contributor: 'Educational psychologist', requested: '2026-04-13' }],
      exceptions: [{ reason: 'missed-appointment', start: '2026-05-04', end: '2026-05-04' }],
    }
    const result = assessCase(facts, '2026-05-26')
    const advice = result.steps.find((step) => step.step === 'advice')
    assert.equal(advice?.status, 'overdue')
    assert.equal(advice?.exceptionApplies, true)
    assert.equal(
      result.reasons[0],
      'Advice from Educational psychologist is late: it was due by 25 May 2026. An exception is recorded: a missed appointment.',
    )
    assert.equal(result.exceptionApplies, false)
    assert.equal(result.steps.find((step) => step.step === 'decisionToAssess')?.exceptionApplies, false)
  })

  it('a setting closed for the summer excuses the assessment limits but not advice (reg 8(2) does not list it)', () => {
    const summer = closureExceptionPeriod({ closes: '2026-07-22', reopens: '2026-09-02' })!
    const facts: EhcCaseFacts = {
      requestReceived: '2026-06-01',
      decisionMade: { on: '2026-07-10', outcome: 'assess' },
      adviceRequests: [{ contributor: 'Oak Primary School', requested: '2026-07-16' }],
      exceptions: [{ reason: 'school-or-college-closed', ...summer }],
    }
    const result = assessCase(facts, '2026-10-20')
    assert.equal(result.risk, 'breached')
    assert.equal(result.exceptionApplies, true)
    assert.equal(result.steps.find((step) => step.step === 'advice')?.exceptionApplies, false)
  })
})

describe('caseRisks', () => {
  it('lists risk levels most urgent first, for sorting caseloads', () => {
    assert.deepEqual(caseRisks, ['breached', 'overdue', 'at-risk', 'due-soon', 'on-track'])
    const byRisk = (['on-track', 'breached', 'due-soon', 'overdue', 'at-risk'] as const).toSorted(
      (a, b) => caseRisks.indexOf(a) - caseRisks.indexOf(b),
    )
    assert.deepEqual(byRisk, caseRisks)
  })
})
