import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { adviceStatusOf } from './adviceStatus.js'

const awaited = { due_on: '2026-04-13', received_on: null, cancelled_on: null, case_closed_on: null }

describe('where a request for advice stands', () => {
  it('is outstanding until its due date has passed, then overdue', () => {
    assert.equal(adviceStatusOf(awaited, '2026-04-13'), 'outstanding')
    assert.equal(adviceStatusOf(awaited, '2026-04-14'), 'overdue')
  })

  it('is received or cancelled whatever became of the case', () => {
    assert.equal(
      adviceStatusOf({ ...awaited, received_on: '2026-04-20', case_closed_on: '2026-05-01' }, '2026-06-01'),
      'received',
    )
    assert.equal(
      adviceStatusOf({ ...awaited, cancelled_on: '2026-04-02', case_closed_on: '2026-05-01' }, '2026-06-01'),
      'cancelled',
    )
  })

  it('is no longer needed, not overdue, when the case closed with it awaited', () => {
    assert.equal(adviceStatusOf({ ...awaited, case_closed_on: '2026-04-01' }, '2026-06-01'), 'no_longer_needed')
  })
})
