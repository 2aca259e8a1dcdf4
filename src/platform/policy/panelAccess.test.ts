import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  panelAccessDays,
  panelMeetingClosesToMembersAfter,
  panelMeetingOpenToMembers,
  panelMeetingsOpenFrom,
} from './panelAccess.js'

describe('how long panel members see a meeting', () => {
  it('is 28 days after the meeting', () => {
    assert.equal(panelAccessDays, 28)
  })

  it('opens meetings to come and those held in the last 28 days, closing on the 29th day after', () => {
    const today = '2026-03-01'
    assert.equal(panelMeetingsOpenFrom(today), '2026-02-01')
    assert.equal(panelMeetingOpenToMembers('2026-04-01', today), true)
    assert.equal(panelMeetingOpenToMembers(today, today), true)
    assert.equal(panelMeetingOpenToMembers('2026-02-01', today), true)
    assert.equal(panelMeetingOpenToMembers('2026-01-31', today), false)
  })

  it('counts calendar days across a leap day and a year end', () => {
    assert.equal(panelMeetingClosesToMembersAfter('2028-02-10'), '2028-03-09')
    assert.equal(panelMeetingClosesToMembersAfter('2026-12-16'), '2027-01-13')
    assert.equal(panelMeetingOpenToMembers('2028-02-10', '2028-03-09'), true)
    assert.equal(panelMeetingOpenToMembers('2028-02-10', '2028-03-10'), false)
  })
})
