import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type PlanFacts, planDocumentText, planFilename } from './planDocument.js'

const facts: PlanFacts = {
  stage: 'draft',
  authorityName: 'Birmingham City Council',
  reference: 'EHC-2026-00042',
  childName: 'Jordan Lee',
  dateOfBirth: '2009-03-31',
  issuedOn: '2026-11-02',
  familyViews: 'Jordan wants to study engineering at college.',
  reasons: 'The college asks for an assessment.',
  advice: [
    {
      service: 'educational_psychology',
      contributor: 'Dr Rhys Morgan',
      receivedOn: '2026-09-01',
      needs: { education: 'Processing speed well below average.' },
      outcomes: 'To take part in learning in a small group.',
      provision: 'Daily small-group teaching.',
    },
    {
      service: 'health',
      contributor: 'Community paediatrics',
      receivedOn: '2026-09-10',
      needs: { health: 'Hearing loss, monitored.' },
      outcomes: 'To manage his hearing aids himself.',
      provision: 'Audiology review each term.',
    },
  ],
  namedSetting: 'South and City College',
}

/** The lines under a section's heading and its underline, up to the next blank line. */
function sectionOf(text: string, title: string): string[] {
  const lines = text.split('\n')
  const at = lines.findIndex((l) => l.startsWith(title))
  assert.ok(at >= 0, `${title} is in the plan`)
  const body = lines.slice(at + 2)
  return body.slice(0, body.indexOf(''))
}

describe('a seeded EHC plan', () => {
  it('has sections A to K, in order', () => {
    const text = planDocumentText(facts)
    const headings = text.split('\n').filter((l) => /^Sections? [A-K]/.test(l))
    assert.deepEqual(
      headings.map((h) => h.match(/^Sections? ([A-K]\d?)/)![1]),
      ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'I', 'J', 'K'],
    )
  })

  it('puts each piece of advice under the section it belongs to', () => {
    const text = planDocumentText(facts)
    assert.deepEqual(sectionOf(text, 'Section A'), ['Jordan wants to study engineering at college.'])
    assert.deepEqual(sectionOf(text, 'Section B'), [
      'The college asks for an assessment.',
      'Processing speed well below average.',
    ])
    assert.deepEqual(sectionOf(text, 'Section C'), ['Hearing loss, monitored.'])
    assert.deepEqual(sectionOf(text, 'Section D'), ['None identified in the advice received.'])
    assert.deepEqual(sectionOf(text, 'Section F'), ['Daily small-group teaching.'])
    assert.deepEqual(sectionOf(text, 'Section G'), ['Audiology review each term.'])
    assert.deepEqual(sectionOf(text, 'Section K'), [
      'Educational psychology advice from Dr Rhys Morgan, received 1 September 2026.',
      'Health advice from Community paediatrics, received 10 September 2026.',
    ])
  })

  it('names no setting in a draft, as the law requires, and the setting in the final plan', () => {
    assert.match(sectionOf(planDocumentText(facts), 'Section I')[0]!, /^Left blank in the draft/)
    assert.doesNotMatch(planDocumentText(facts), /South and City College/)
    const final = planDocumentText({ ...facts, stage: 'final' })
    assert.deepEqual(sectionOf(final, 'Section I'), ['South and City College'])
    assert.match(final, /^Education, Health and Care plan\n/)
    assert.match(final, /Issued: 2 November 2026/)
  })

  it('says so when there is no advice and no family views yet', () => {
    const text = planDocumentText({ ...facts, advice: [], familyViews: null })
    assert.deepEqual(sectionOf(text, 'Section A'), ['The family have not yet given their views in writing.'])
    assert.deepEqual(sectionOf(text, 'Section E'), ['None identified in the advice received.'])
    assert.deepEqual(sectionOf(text, 'Section K'), ['No advice is attached.'])
  })

  it('is saved under the case reference and stage', () => {
    assert.equal(planFilename(facts), 'EHC-2026-00042 draft EHC plan.txt')
  })
})
