import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type PlanFacts, planFilename, planOutline } from './planOutline.js'

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

/** The paragraphs of the section whose heading starts so. */
function sectionOf(facts: PlanFacts, title: string): string[] {
  const found = planOutline(facts).sections.find((s) => s.heading.startsWith(title))
  assert.ok(found, `${title} is in the plan`)
  return found.paragraphs
}

describe('the plan written from a case record', () => {
  it('has sections A to K, in order, under its title', () => {
    const outline = planOutline(facts)
    assert.equal(outline.title, 'DRAFT Education, Health and Care plan')
    assert.deepEqual(
      outline.sections.map((s) => s.heading.match(/^Sections? ([A-K]\d?)/)?.[1]),
      ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'I', 'J', 'K'],
    )
  })

  it('puts each piece of advice under the section it belongs to', () => {
    assert.deepEqual(sectionOf(facts, 'Section A'), ['Jordan wants to study engineering at college.'])
    assert.deepEqual(sectionOf(facts, 'Section B'), [
      'The college asks for an assessment.',
      'Processing speed well below average.',
    ])
    assert.deepEqual(sectionOf(facts, 'Section C'), ['Hearing loss, monitored.'])
    assert.deepEqual(sectionOf(facts, 'Section D'), ['None identified in the advice received.'])
    assert.deepEqual(sectionOf(facts, 'Section E'), [
      'To take part in learning in a small group.',
      'To manage his hearing aids himself.',
    ])
    assert.deepEqual(sectionOf(facts, 'Section F'), ['Daily small-group teaching.'])
    assert.deepEqual(sectionOf(facts, 'Section G'), ['Audiology review each term.'])
    assert.deepEqual(sectionOf(facts, 'Section K'), [
      'Educational psychology advice from Dr Rhys Morgan, received 1 September 2026.',
      'Health advice from Community paediatrics, received 10 September 2026.',
    ])
  })

  it('lists advice that came only as a document in section K, and takes nothing from it elsewhere', () => {
    const documentOnly = {
      service: 'social_care',
      contributor: 'Children’s services',
      receivedOn: '2026-09-20',
      needs: {},
    }
    const withIt = { ...facts, advice: [...facts.advice, documentOnly] }
    assert.deepEqual(sectionOf(withIt, 'Section D'), ['None identified in the advice received.'])
    assert.equal(
      sectionOf(withIt, 'Section K').at(-1),
      'Social care advice from Children’s services, received 20 September 2026.',
    )
  })

  it('names no setting in a draft, as the law requires, and the setting in the final plan', () => {
    assert.match(sectionOf(facts, 'Section I')[0]!, /^Left blank in the draft/)
    assert.doesNotMatch(JSON.stringify(planOutline(facts)), /South and City College/)
    const final = { ...facts, stage: 'final' as const }
    assert.deepEqual(sectionOf(final, 'Section I'), ['South and City College'])
    assert.equal(planOutline(final).title, 'Education, Health and Care plan')
    assert.ok(planOutline(final).summary.includes('Issued: 2 November 2026'))
    assert.match(sectionOf({ ...final, namedSetting: null }, 'Section I')[0]!, /^Name the school/)
  })

  it('says so when there is no advice and no family views yet', () => {
    const bare = { ...facts, advice: [], familyViews: null }
    assert.deepEqual(sectionOf(bare, 'Section A'), ['The family have not yet given their views in writing.'])
    assert.deepEqual(sectionOf(bare, 'Section E'), ['None identified in the advice received.'])
    assert.deepEqual(sectionOf(bare, 'Section K'), ['No advice is attached.'])
  })

  it('is saved under the case reference and stage', () => {
    assert.equal(planFilename(facts), 'EHC-2026-00042 draft EHC plan.docx')
  })
})
