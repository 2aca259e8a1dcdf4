import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { roles } from '../platform/policy/roles.js'
import {
  caseReaderOf,
  consultationsNamedFor,
  consultationsShownTo,
  eventShownTo,
  reasonShownTo,
  recordShownTo,
  timelineShownTo,
} from './caseReaders.js'

const note = { kind: 'note', to_status: null }
const letter = { kind: 'letter_sent', to_status: null }
const exception = { kind: 'exception_recorded', to_status: null }
const decision = { kind: 'decide_assess', to_status: 'assessing' }

describe('what each reader sees of a case', () => {
  it('names staff, families and other professionals', () => {
    const readers = Object.fromEntries(roles.map((role) => [role, caseReaderOf({ role })]))
    assert.equal(readers.caseworker, 'staff')
    assert.equal(readers.team_manager, 'staff')
    assert.equal(readers.parent, 'family')
    assert.equal(readers.young_person, 'family')
    assert.equal(readers.senco, 'professional')
    assert.equal(readers.panel_member, 'professional')
  })

  it('keeps notes and letters from professionals, and all but the changes of status and letters from families', () => {
    assert.deepEqual(
      [note, letter, exception, decision].map((e) => eventShownTo('staff', e)),
      [true, true, true, true],
    )
    assert.deepEqual(
      [note, letter, exception, decision].map((e) => eventShownTo('professional', e)),
      [false, false, true, true],
    )
    assert.deepEqual(
      [note, letter, exception, decision].map((e) => eventShownTo('family', e)),
      [false, true, false, true],
    )
  })

  it('shows professionals the reasons for a change of status only', () => {
    assert.equal(reasonShownTo('professional', decision), true)
    assert.equal(reasonShownTo('professional', exception), false)
    assert.equal(reasonShownTo('staff', exception), true)
  })

  it('gives each reader the timeline they may see, with only the words they may read', () => {
    const timeline = [note, letter, exception, decision].map((e) => ({ ...e, reason: `why: ${e.kind}` }))
    assert.deepEqual(timelineShownTo('staff', timeline), timeline)
    assert.deepEqual(
      timelineShownTo('professional', timeline).map((e) => [e.kind, e.reason]),
      [
        ['exception_recorded', null],
        ['decide_assess', 'why: decide_assess'],
      ],
    )
    assert.deepEqual(
      timelineShownTo('family', timeline).map((e) => [e.kind, e.reason]),
      [
        ['letter_sent', 'why: letter_sent'],
        ['decide_assess', 'why: decide_assess'],
      ],
    )
  })

  it('shows a professional their own settings’ consultations, and leaves the others unnamed for the clock', () => {
    const consultations = [
      { setting_id: 'own', setting_name: 'Oak Tree Primary' },
      { setting_id: 'other', setting_name: 'Birch Lane Academy' },
    ]
    const senco = { settingIds: ['own'] }
    assert.deepEqual(consultationsShownTo('staff', senco, consultations), consultations)
    assert.deepEqual(consultationsShownTo('professional', senco, consultations), [consultations[0]])
    assert.deepEqual(consultationsShownTo('professional', { settingIds: [] }, consultations), [])
    assert.deepEqual(
      consultationsNamedFor('professional', senco, consultations).map((k) => k.setting_name),
      ['Oak Tree Primary', 'another setting'],
    )
    assert.deepEqual(consultationsNamedFor('staff', senco, consultations), consultations)
  })

  it('keeps the family’s comments on the draft and the notes on exceptions from all but staff', () => {
    const record = {
      case: { id: 'c1', draft_response: 'More speech and language therapy, please' },
      consultations: [{ setting_id: 'own' }, { setting_id: 'other' }],
      exceptions: [{ reason: 'family_circumstances', note: 'Dad in hospital' }],
    }
    const senco = { settingIds: ['own'] }
    assert.deepEqual(recordShownTo('staff', senco, record), record)
    assert.deepEqual(recordShownTo('professional', senco, record), {
      case: { id: 'c1', draft_response: null },
      consultations: [{ setting_id: 'own' }],
      exceptions: [{ reason: 'family_circumstances', note: null }],
    })
    assert.equal(recordShownTo('family', senco, record).exceptions[0]?.note, null)
    assert.equal(record.exceptions[0]?.note, 'Dad in hospital', 'the record it was given is left as it was')
  })
})
