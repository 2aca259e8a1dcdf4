import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  adviceAccessDays,
  adviceClosesToGiverAfter,
  adviceOpensRecord,
  adviceReceivedOpenFrom,
} from './adviceAccess.js'

const awaited = { receivedOn: null, cancelledOn: null, caseClosedOn: null }

describe('how long an advice giver sees the child and the evidence', () => {
  it('is 28 days after the advice is received', () => {
    assert.equal(adviceAccessDays, 28)
    assert.equal(adviceReceivedOpenFrom('2026-03-01'), '2026-02-01')
  })

  it('opens the record while the advice is awaited on an open case, however late', () => {
    assert.equal(adviceOpensRecord(awaited, '2030-01-01'), true)
  })

  it('closes it when the request is cancelled, whether or not advice came', () => {
    assert.equal(adviceOpensRecord({ ...awaited, cancelledOn: '2026-02-27' }, '2026-03-01'), false)
    assert.equal(
      adviceOpensRecord({ ...awaited, receivedOn: '2026-02-20', cancelledOn: '2026-02-27' }, '2026-03-01'),
      false,
    )
  })

  it('closes it when the case closes with the advice still awaited', () => {
    assert.equal(adviceOpensRecord({ ...awaited, caseClosedOn: '2026-02-27' }, '2026-03-01'), false)
  })

  it('keeps it open 28 days after the advice is received, closing on the 29th day, case open or not', () => {
    const received = { ...awaited, receivedOn: '2026-02-01' }
    assert.equal(adviceOpensRecord(received, '2026-03-01'), true)
    assert.equal(adviceOpensRecord({ ...received, caseClosedOn: '2026-02-10' }, '2026-03-01'), true)
    assert.equal(adviceOpensRecord(received, '2026-03-02'), false)
  })

  it('counts calendar days across a leap day and a year end', () => {
    assert.equal(adviceClosesToGiverAfter('2028-02-10'), '2028-03-09')
    assert.equal(adviceClosesToGiverAfter('2026-12-16'), '2027-01-13')
    assert.equal(adviceOpensRecord({ ...awaited, receivedOn: '2028-02-10' }, '2028-03-09'), true)
    assert.equal(adviceOpensRecord({ ...awaited, receivedOn: '2028-02-10' }, '2028-03-10'), false)
  })
})
