import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assessCase } from './clock.js'
import { type AdviceDates, type CaseDates, clockFactsOf, transitionFactsOf } from './facts.js'

const base: CaseDates = {
  status: 'assessing',
  request_received: '2026-03-02',
  decision_on: '2026-04-10',
  decision: 'assess',
  issue_decision_on: null,
  issue_decision: null,
  draft_issued_on: null,
  draft_response_on: null,
  final_issued_on: null,
  closed_on: null,
}

const advice: AdviceDates[] = [
  {
    service: 'educational_psychology',
    contributor_name: 'Dr Patel',
    requested_on: '2026-04-13',
    received_on: '2026-05-20',
    cancelled_on: null,
  },
  { service: 'health', contributor_name: 'Dr Rao', requested_on: '2026-04-13', received_on: null, cancelled_on: null },
  {
    service: 'social_care',
    contributor_name: 'J Bell',
    requested_on: '2026-04-13',
    received_on: null,
    cancelled_on: '2026-04-20',
  },
]

describe('case rows as clock facts', () => {
  it('carries the decision, live advice requests, consultations and exceptions', () => {
    const facts = clockFactsOf(
      base,
      advice,
      [{ setting_name: 'Oak School', sent_on: '2026-06-01', replied_on: null }],
      [{ reason: 'away-from-area', starts_on: '2026-05-01', ends_on: null }],
    )
    assert.deepEqual(facts.decisionMade, { on: '2026-04-10', outcome: 'assess' })
    assert.deepEqual(facts.adviceRequests, [
      { contributor: 'Educational psychology (Dr Patel)', requested: '2026-04-13', received: '2026-05-20' },
      { contributor: 'Health (Dr Rao)', requested: '2026-04-13', received: undefined },
    ])
    assert.deepEqual(facts.consultations, [{ setting: 'Oak School', sent: '2026-06-01', replied: undefined }])
    assert.deepEqual(facts.exceptions, [{ reason: 'away-from-area', start: '2026-05-01', end: undefined }])
    assert.equal(facts.withdrawn, undefined)
  })

  it('stops the clock for a case closed without a plan, and not for a refusal', () => {
    const withdrawn = clockFactsOf({ ...base, status: 'withdrawn', closed_on: '2026-05-01' }, [], [], [])
    assert.equal(withdrawn.withdrawn, '2026-05-01')
    const refused = clockFactsOf(
      { ...base, status: 'not_assessed', decision: 'not_assess', closed_on: '2026-04-10' },
      [],
      [],
      [],
    )
    assert.equal(refused.withdrawn, undefined)
    assert.deepEqual(refused.decisionMade, { on: '2026-04-10', outcome: 'not-assess' })
    assert.equal(assessCase(refused, '2026-06-01').open, false)
  })

  it('records a decision not to issue as the 16-week step', () => {
    const facts = clockFactsOf(
      { ...base, status: 'not_issued', issue_decision: 'not_issue', issue_decision_on: '2026-06-15' },
      [],
      [],
      [],
    )
    assert.equal(facts.notToIssueDecided, '2026-06-15')
  })
})

describe('case rows as workflow facts', () => {
  it('names the advice still awaited and ignores cancelled requests', () => {
    const facts = transitionFactsOf(base, advice, [], '2026-05-20', false, '2026-06-01')
    assert.equal(facts.adviceRequested, 2)
    assert.deepEqual(facts.adviceOutstanding, ['Health (Dr Rao)'])
    assert.equal(facts.lastEventOn, '2026-05-20')
  })

  it('holds the final plan for a consulted setting only within its 15 days', () => {
    const consultations = [
      { setting_id: 'oak', setting_name: 'Oak School', sent_on: '2026-06-01', replied_on: null },
      { setting_id: 'elm', setting_name: 'Elm School', sent_on: '2026-05-01', replied_on: null },
      { setting_id: 'ash', setting_name: 'Ash School', sent_on: '2026-06-01', replied_on: '2026-06-05' },
    ]
    const facts = transitionFactsOf(base, [], consultations, undefined, false, '2026-06-15')
    assert.deepEqual(facts.consultationsAwaited, ['Oak School'])
    // Every setting consulted may be named, whether it replied or not.
    assert.deepEqual(facts.consultedSettingIds, ['oak', 'elm', 'ash'])
    assert.equal(
      transitionFactsOf(base, [], consultations, undefined, false, '2026-06-16').consultationsAwaited.length,
      0,
    )
    assert.equal(facts.lastEventOn, '2026-03-02')
  })
})
