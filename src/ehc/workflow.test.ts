import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type CaseFactsForTransition,
  type CaseStatus,
  type CaseTransition,
  caseStatuses,
  caseTransitions,
  checkTransition,
  isOpen,
  type TransitionRequest,
  transitionsFrom,
} from './workflow.js'

const today = '2026-06-01'

const facts = (over: Partial<CaseFactsForTransition> = {}): CaseFactsForTransition => ({
  status: 'received',
  requestReceived: '2026-03-02',
  lastEventOn: '2026-03-02',
  adviceOutstanding: [],
  adviceRequested: 3,
  consultationsAwaited: [],
  consultedSettingIds: [],
  planInForce: false,
  ...over,
})

// Everything a transition could need, so only the status decides in the table below.
const complete = (transition: CaseTransition, over: Partial<TransitionRequest> = {}): TransitionRequest => ({
  transition,
  on: '2026-05-01',
  reason: 'a reason',
  senSupportNextStep: 'SEN Support plan review with the SENCO in 6 weeks',
  byPanel: true,
  ...over,
})

/** The workflow as the issue states it: each status and the transitions that leave it. */
const expected: Record<CaseStatus, readonly CaseTransition[]> = {
  received: ['invite_views', 'decide_to_assess', 'decide_not_to_assess', 'withdraw', 'transfer_out', 'child_moved'],
  considering: ['decide_to_assess', 'decide_not_to_assess', 'withdraw', 'transfer_out', 'child_moved'],
  assessing: ['decide_to_issue', 'decide_not_to_issue', 'withdraw', 'transfer_out', 'child_moved'],
  drafting: ['issue_draft', 'withdraw', 'transfer_out', 'child_moved'],
  draft_issued: ['issue_final', 'withdraw', 'transfer_out', 'child_moved'],
  final_issued: [],
  not_assessed: [],
  not_issued: [],
  withdrawn: [],
  transferred_out: [],
  moved_away: [],
}

const target: Record<CaseTransition, CaseStatus> = {
  invite_views: 'considering',
  decide_to_assess: 'assessing',
  decide_not_to_assess: 'not_assessed',
  decide_to_issue: 'drafting',
  decide_not_to_issue: 'not_issued',
  issue_draft: 'draft_issued',
  issue_final: 'final_issued',
  withdraw: 'withdrawn',
  transfer_out: 'transferred_out',
  child_moved: 'moved_away',
}

describe('the workflow table', () => {
  for (const status of caseStatuses) {
    for (const transition of caseTransitions) {
      const allowed = expected[status].includes(transition)
      it(`${transition} from ${status} is ${allowed ? 'allowed' : 'refused'}`, () => {
        const result = checkTransition(
          facts({ status, draftIssuedOn: '2026-04-01', draftResponseOn: '2026-04-10' }),
          complete(transition),
          today,
        )
        if (allowed) assert.deepEqual(result, { ok: true, to: target[transition] })
        else {
          assert.equal(result.ok, false)
          assert.match(result.ok ? '' : result.reason, /cannot be recorded on a case that is/)
        }
      })
    }
  }

  it('lists the transitions from each status in the same order as the table', () => {
    for (const status of caseStatuses) assert.deepEqual(transitionsFrom(status), expected[status])
  })

  it('treats exactly the five in-progress statuses as open', () => {
    assert.deepEqual(caseStatuses.filter(isOpen), ['received', 'considering', 'assessing', 'drafting', 'draft_issued'])
  })
})

describe('the checks beyond the table', () => {
  const refused = (f: CaseFactsForTransition, r: TransitionRequest) => {
    const result = checkTransition(f, r, today)
    assert.equal(result.ok, false)
    return result.ok ? '' : result.reason
  }

  it('refuses a date in the future', () => {
    assert.match(refused(facts(), complete('invite_views', { on: '2026-06-02' })), /cannot be in the future/)
  })

  it('accepts today', () => {
    assert.equal(checkTransition(facts(), complete('invite_views', { on: today }), today).ok, true)
  })

  it('refuses a date before the request was received', () => {
    assert.match(refused(facts(), complete('invite_views', { on: '2026-03-01' })), /before the request was received/)
  })

  it("refuses a date before the case's last step", () => {
    assert.match(
      refused(facts({ lastEventOn: '2026-04-20' }), complete('invite_views', { on: '2026-04-19' })),
      /before the case's last recorded step \(20 April 2026\)/,
    )
  })

  it('leaves panel decisions to the panel', () => {
    for (const t of ['decide_to_assess', 'decide_not_to_assess'] as const) {
      assert.match(refused(facts(), complete(t, { byPanel: false })), /panel decision/)
    }
    for (const t of ['decide_to_issue', 'decide_not_to_issue'] as const) {
      assert.match(refused(facts({ status: 'assessing' }), complete(t, { byPanel: false })), /panel decision/)
    }
  })

  it('needs a reason to refuse, withdraw, transfer or close', () => {
    assert.match(refused(facts(), complete('decide_not_to_assess', { reason: ' ' })), /Give the reason/)
    assert.match(
      refused(facts({ status: 'assessing' }), complete('withdraw', { reason: undefined })),
      /Give the reason/,
    )
    assert.match(refused(facts(), complete('transfer_out', { reason: '' })), /Give the reason/)
    assert.match(refused(facts(), complete('child_moved', { reason: undefined })), /Give the reason/)
  })

  it('routes a refusal to SEN Support with a named next step', () => {
    assert.match(
      refused(facts(), complete('decide_not_to_assess', { senSupportNextStep: '' })),
      /next step at SEN Support/,
    )
    assert.match(
      refused(facts({ status: 'assessing' }), complete('decide_not_to_issue', { senSupportNextStep: undefined })),
      /next step at SEN Support/,
    )
  })

  it('decides whether to issue only once all advice asked for is in', () => {
    assert.match(
      refused(facts({ status: 'assessing', adviceRequested: 0 }), complete('decide_to_issue')),
      /No advice has been asked for/,
    )
    assert.match(
      refused(
        facts({ status: 'assessing', adviceOutstanding: ['Health (Dr Rao)', 'Social care (J Bell)'] }),
        complete('decide_not_to_issue'),
      ),
      /Advice is still awaited from Health \(Dr Rao\), Social care \(J Bell\)/,
    )
  })

  it('refuses a final plan while the family still has time to comment on the draft', () => {
    const draft = facts({ status: 'draft_issued', draftIssuedOn: '2026-05-01' })
    assert.match(refused(draft, complete('issue_final', { on: '2026-05-15' })), /until 16 May 2026 to comment/)
    assert.equal(checkTransition(draft, complete('issue_final', { on: '2026-05-16' }), today).ok, true)
    // Once the family has responded, the plan may be finalised sooner.
    assert.equal(
      checkTransition({ ...draft, draftResponseOn: '2026-05-08' }, complete('issue_final', { on: '2026-05-10' }), today)
        .ok,
      true,
    )
  })

  it('refuses a final plan while a consulted setting is still within its 15 days', () => {
    const draft = facts({ status: 'draft_issued', draftIssuedOn: '2026-04-01', consultationsAwaited: ['Oak School'] })
    assert.match(refused(draft, complete('issue_final')), /has not yet replied: Oak School/)
  })

  it('refuses a final plan naming a setting not consulted on the draft plan (CFA 2014 ss.39(2), 40(2))', () => {
    const draft = facts({ status: 'draft_issued', draftIssuedOn: '2026-04-01', consultedSettingIds: ['oak', 'elm'] })
    assert.match(
      refused(draft, complete('issue_final', { namedSettingId: 'ash' })),
      /can name only a setting consulted on the draft plan: consult the setting first/,
    )
    // Consulted, whatever it replied: the authority decides, having consulted.
    assert.deepEqual(checkTransition(draft, complete('issue_final', { namedSettingId: 'elm' }), today), {
      ok: true,
      to: 'final_issued',
    })
  })

  it('refuses a final plan naming another setting than the family asked for without the reason (CFA 2014 s.39(4))', () => {
    const draft = facts({
      status: 'draft_issued',
      draftIssuedOn: '2026-04-01',
      consultedSettingIds: ['oak', 'elm'],
      preferredSettingId: 'oak',
    })
    const elm = (reason?: string) => complete('issue_final', { namedSettingId: 'elm', reason })
    assert.match(refused(draft, elm()), /Give the reason the plan does not name the setting the family asked for/)
    assert.match(refused(draft, elm('  ')), /Give the reason/)
    assert.equal(checkTransition(draft, elm('Oak has no place in year 4 and ...'), today).ok, true)
    // Naming the family's choice, or with no choice made, needs no reason.
    assert.equal(
      checkTransition(draft, complete('issue_final', { namedSettingId: 'oak', reason: undefined }), today).ok,
      true,
    )
    assert.equal(
      checkTransition(
        { ...draft, preferredSettingId: undefined },
        complete('issue_final', { namedSettingId: 'elm', reason: undefined }),
        today,
      ).ok,
      true,
    )
  })

  it('refuses a second plan in force', () => {
    const draft = facts({ status: 'draft_issued', draftIssuedOn: '2026-04-01', planInForce: true })
    assert.match(refused(draft, complete('issue_final')), /already has an EHC plan in force/)
  })
})
