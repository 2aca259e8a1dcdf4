import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  appealableLetters,
  fillTemplate,
  joinNames,
  type LetterFacts,
  letterForOccasion,
  letterKinds,
  letterTemplates,
  longDate,
  MissingLetterFact,
  renderLetter,
} from '../../src/ehc/letters.js'

const facts = (overrides: Partial<LetterFacts> = {}): LetterFacts => ({
  authorityName: 'Birmingham City Council',
  childName: 'Ruby Test',
  reference: 'EHC-2026-00042',
  recipientName: 'Sam Parent',
  dated: '2026-03-02',
  requestReceived: '2026-01-19',
  decisionDue: '2026-03-02',
  notToIssueDue: '2026-05-11',
  finalPlanDue: '2026-06-08',
  decidedOn: '2026-02-26',
  reasons: 'The evidence shows good progress at SEN Support.',
  senSupportNextStep: 'The SENCO will review the SEN Support plan with the family by 20 March.',
  draftIssuedOn: '2026-04-20',
  draftResponseDue: '2026-05-05',
  finalIssuedOn: '2026-06-01',
  exceptionReason: 'a missed appointment',
  exceptionPeriod: 'from 9 March 2026',
  signedBy: 'Priya Shah',
  ...overrides,
})

describe('letter templates', () => {
  it('writes dates as GOV.UK does', () => {
    assert.equal(longDate('2026-03-02'), '2 March 2026')
    assert.equal(longDate('2027-01-04'), '4 January 2027')
  })

  it('renders every letter with no placeholder left unfilled, each naming the child and the reference', () => {
    for (const kind of letterKinds) {
      const letter = renderLetter(kind, facts())
      for (const text of [letter.subject, letter.body, letter.sms]) {
        assert.doesNotMatch(text, /\{\w+\}/, `${kind} has an unfilled placeholder`)
      }
      assert.match(letter.body, /Ruby Test/)
      assert.match(letter.body, /EHC-2026-00042/)
      assert.match(letter.body, /^2 March 2026\n\nDear Sam Parent/)
      assert.match(letter.sms, /EHC-2026-00042/)
    }
  })

  it('sends a letter for each decision and step that matters to the family, and none for the rest', () => {
    assert.equal(letterForOccasion.request_received, 'request_acknowledged')
    assert.equal(letterForOccasion.decide_to_assess, 'decision_to_assess')
    assert.equal(letterForOccasion.decide_not_to_assess, 'decision_not_to_assess')
    assert.equal(letterForOccasion.decide_to_issue, 'decision_to_issue')
    assert.equal(letterForOccasion.decide_not_to_issue, 'decision_not_to_issue')
    assert.equal(letterForOccasion.issue_draft, 'draft_plan_issued')
    assert.equal(letterForOccasion.issue_final, 'final_plan_issued')
    assert.deepEqual(Object.keys(appealableLetters).sort(), [
      'decision_not_to_assess',
      'decision_not_to_issue',
      'final_plan_issued',
    ])
  })

  it('states the appeal rights with the computed dates: a letter of 2 March 2026 (bank holiday Monday 4 May)', () => {
    const letter = renderLetter('decision_not_to_assess', facts({ dated: '2026-03-02' }))
    // 2 months is Saturday 2 May; Monday 4 May is the Early May bank holiday, so the appeal deadline is 5 May
    assert.equal(letter.appealBy, '2026-05-05')
    assert.equal(letter.mediationContactBy, '2026-05-02')
    assert.match(letter.body, /You must appeal by 5 May 2026\./)
    assert.match(letter.body, /contact a mediation adviser, within 2 months of the date of this letter: by 2 May 2026/)
    assert.match(letter.body, /First-tier Tribunal \(Special Educational Needs and Disability\)/)
    assert.match(letter.body, /SENDIST/)
    assert.match(letter.body, /certificate within 3 working days/)
    assert.match(letter.body, /1 month from the date on your mediation certificate if that is later/)
    assert.match(letter.body, /The evidence shows good progress at SEN Support\./)
    assert.match(letter.body, /The SENCO will review the SEN Support plan/)
    assert.match(letter.sms, /appeal by 5 May 2026/)
  })

  it('moves an appeal deadline that falls in August to the first working day of September', () => {
    const letter = renderLetter('decision_not_to_issue', facts({ dated: '2026-06-15' }))
    assert.equal(letter.appealBy, '2026-09-01')
    assert.equal(letter.mediationContactBy, '2026-08-15') // the mediation window has no shifts
    assert.match(letter.body, /You must appeal by 1 September 2026\./)
    assert.match(letter.body, /by 15 August 2026/)
  })

  it('moves an appeal deadline that falls between Christmas and New Year to the first working day after', () => {
    const letter = renderLetter('final_plan_issued', facts({ dated: '2026-10-27' }))
    // 27 December 2026 → 2 January 2027, a Saturday → Monday 4 January 2027
    assert.equal(letter.appealBy, '2027-01-04')
    assert.equal(letter.mediationContactBy, '2026-12-27')
    assert.match(letter.body, /You must appeal by 4 January 2027\./)
    assert.match(letter.body, /by 27 December 2026/)
  })

  it('says the final plan is appealable in sections B, F and I, and no mediation is needed for section I alone', () => {
    const letter = renderLetter('final_plan_issued', facts())
    assert.match(letter.body, /section B\)/)
    assert.match(letter.body, /section F\)/)
    assert.match(letter.body, /section I\)/)
    assert.match(letter.body, /You do not need to do this if your appeal is only about the setting named in section I/)
  })

  it('names the setting in section I, and when it is not the one the family asked for, says why (CFA 2014 s.39(4))', () => {
    const named = renderLetter('final_plan_issued', facts({ namedSetting: 'Brookside Special School' }))
    assert.match(
      named.body,
      /\n\nThe plan names Brookside Special School as the setting .+ will attend \(section I\)\.\n\n/,
    )
    assert.doesNotMatch(named.body, /You asked for/)
    const setAside = renderLetter(
      'final_plan_issued',
      facts({
        namedSetting: 'Willow Primary School',
        preferenceSetAside: {
          preferredSetting: 'Oak Park School',
          because: 'Oak Park is a school for children who are deaf, and would not meet her needs',
        },
      }),
    )
    assert.match(
      setAside.body,
      /The plan names Willow Primary School as the setting .+ will attend \(section I\)\. You asked for Oak Park School\. We have not named it because: Oak Park is a school for children who are deaf, and would not meet her needs\.\n/,
    )
    // A letter that would set the family's choice aside without saying why is never written.
    assert.throws(
      () =>
        renderLetter(
          'final_plan_issued',
          facts({ namedSetting: 'Willow', preferenceSetAside: { preferredSetting: 'Oak', because: ' ' } }),
        ),
      MissingLetterFact,
    )
    const unnamed = renderLetter('final_plan_issued', facts())
    assert.match(unnamed.body, /Section I of the plan sets out the type of setting .+ will attend\./)
  })

  it('keeps appeal rights out of letters that are not appealable', () => {
    for (const kind of letterKinds.filter((k) => !appealableLetters[k])) {
      const letter = renderLetter(kind, facts())
      assert.equal(letter.appealBy, undefined, kind)
      assert.doesNotMatch(letter.body, /appeal/i, kind)
    }
  })

  it('gives the family 15 days on the draft: comment, ask for a meeting, name a setting', () => {
    const letter = renderLetter('draft_plan_issued', facts())
    assert.match(letter.subject, /your comments by 5 May 2026/)
    assert.match(letter.body, /You have 15 days, until 5 May 2026/)
    assert.match(letter.body, /ask to meet us/)
    assert.match(letter.body, /which school, college or other setting you would like named/)
    assert.match(letter.body, /section I, which names the school, college or other setting, is left blank/)
  })

  it('tells the family when the decision whether to assess is due, on receipt of the request', () => {
    const letter = renderLetter('request_acknowledged', facts())
    assert.match(letter.body, /We received the request .* on 19 January 2026/)
    assert.match(letter.body, /by 2 March 2026, which is 6 weeks/)
  })

  it('refuses to render a letter with a gap in it', () => {
    assert.throws(
      () => renderLetter('decision_not_to_assess', facts({ senSupportNextStep: undefined })),
      MissingLetterFact,
    )
    assert.throws(() => renderLetter('decision_not_to_assess', facts({ reasons: '  ' })), /reasons/)
    assert.throws(() => fillTemplate('Dear {name}', {}), MissingLetterFact)
  })

  it('does not treat text the panel wrote as a template', () => {
    const letter = renderLetter('decision_not_to_assess', facts({ reasons: 'See {appealBy} and {reference}' }))
    assert.match(letter.body, /See \{appealBy\} and \{reference\}/)
  })

  it('keeps every text message short enough for a few SMS fragments', () => {
    for (const kind of letterKinds) {
      const sms = renderLetter(kind, facts(), { copyNote: 'We are also sending you the full letter by post.' }).sms
      assert.ok(sms.length <= 459, `${kind}: ${sms.length} characters`)
      assert.ok(letterTemplates[kind].sms.includes('{copyNote}'), kind)
    }
  })

  it('joins recipients’ names for the letter’s heading', () => {
    assert.equal(joinNames(['Sam Ahmed']), 'Sam Ahmed')
    assert.equal(joinNames(['Sam Ahmed', 'Ali Ahmed']), 'Sam Ahmed and Ali Ahmed')
    assert.equal(joinNames(['A', 'B', 'C']), 'A, B and C')
    assert.equal(joinNames([]), '')
  })
})
