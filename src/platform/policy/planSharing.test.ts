import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { planSharedWithSettings } from './planSharing.js'

const consulted = { caseClosedOn: null, namedSettingId: null, consultedSettingIds: ['oak', 'elm'] }

describe('which settings see a plan of a child not on their roll', () => {
  it('a setting consulted sees the draft while the case is open', () => {
    assert.equal(planSharedWithSettings(['elm'], consulted), true)
    assert.equal(planSharedWithSettings(['ash', 'oak'], consulted), true)
  })

  it('a setting not consulted does not', () => {
    assert.equal(planSharedWithSettings(['ash'], consulted), false)
    assert.equal(planSharedWithSettings([], consulted), false)
  })

  it('a setting consulted and not named loses sight of it when the case closes', () => {
    const final = { ...consulted, caseClosedOn: '2026-07-20', namedSettingId: 'oak' }
    assert.equal(planSharedWithSettings(['elm'], final), false)
    assert.equal(planSharedWithSettings(['elm'], { ...consulted, caseClosedOn: '2026-07-01' }), false)
  })

  it('the setting the final plan names sees it, consulted or not', () => {
    const final = { ...consulted, caseClosedOn: '2026-07-20', namedSettingId: 'oak' }
    assert.equal(planSharedWithSettings(['oak'], final), true)
    assert.equal(planSharedWithSettings(['ash'], { ...final, namedSettingId: 'ash' }), true)
  })
})
