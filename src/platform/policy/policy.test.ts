import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type Actor,
  type ChildScope,
  childVisibility,
  mayReadChild,
  mayTake,
  mayUpdateChild,
  roleRules,
} from './policy.js'
import { type Role, roles } from './roles.js'

const authorityId = 'a1'
const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  userId: `u-${role}`,
  authorityId,
  role,
  settingIds: [],
  teamIds: [],
  ...extra,
})
const child = (extra: Partial<ChildScope> = {}): ChildScope => ({
  authorityId,
  childId: 'c1',
  settingIds: ['school-1'],
  parentUserIds: ['u-parent'],
  youngPersonUserId: 'u-young_person',
  caseTeamIds: ['team-1'],
  panelMemberUserIds: ['u-panel_member'],
  adviceGiverUserIds: ['u-advice_giver'],
  ...extra,
})

describe('role rules', () => {
  it('gives every action to at least one role and only known roles', () => {
    for (const [action, allowed] of Object.entries(roleRules)) {
      assert.ok(allowed.length > 0, action)
      for (const role of allowed) assert.ok(roles.includes(role), `${action}: ${role}`)
    }
  })

  it('keeps child records from finance officers, commissioners and administrators by default', () => {
    for (const role of ['finance_officer', 'commissioner', 'administrator'] as const) {
      assert.equal(mayTake(actor(role), 'child:read'), false, role)
      assert.equal(mayReadChild(actor(role), child()), false, role)
      assert.deepEqual(childVisibility(actor(role)), { kind: 'none' })
    }
  })

  it('lets only administrators manage users and tokens and verify the audit log', () => {
    for (const role of roles) {
      assert.equal(mayTake(actor(role), 'users:manage'), role === 'administrator', role)
      assert.equal(mayTake(actor(role), 'tokens:manage'), role === 'administrator', role)
      assert.equal(mayTake(actor(role), 'audit:verify'), role === 'administrator', role)
    }
  })
})

describe('reading a child', () => {
  it('lets caseworkers and team managers read any child in their authority', () => {
    assert.equal(mayReadChild(actor('caseworker'), child({ caseTeamIds: [] })), true)
    assert.equal(mayReadChild(actor('team_manager'), child()), true)
  })

  it('never crosses authorities, whatever the role', () => {
    for (const role of roles) {
      const other = actor(role, { authorityId: 'a2', settingIds: ['school-1'] })
      assert.equal(mayReadChild(other, child()), false, role)
      assert.equal(mayUpdateChild(other, child()), false, role)
    }
  })

  it('lets a SENCO read only pupils on roll at their settings', () => {
    assert.equal(mayReadChild(actor('senco', { settingIds: ['school-1'] }), child()), true)
    assert.equal(mayReadChild(actor('senco', { settingIds: ['school-2'] }), child()), false)
    assert.equal(mayReadChild(actor('senco'), child()), false)
  })

  it('lets a parent read only children they hold parental responsibility for', () => {
    assert.equal(mayReadChild(actor('parent'), child()), true)
    assert.equal(mayReadChild(actor('parent', { userId: 'u-other-parent' }), child()), false)
    assert.equal(mayReadChild(actor('parent', { userId: undefined }), child({ parentUserIds: [] })), false)
  })

  it('lets a young person read only their own record', () => {
    assert.equal(mayReadChild(actor('young_person'), child()), true)
    assert.equal(mayReadChild(actor('young_person', { userId: 'u-someone-else' }), child()), false)
    assert.equal(
      mayReadChild(actor('young_person', { userId: undefined }), child({ youngPersonUserId: undefined })),
      false,
    )
  })

  it('lets panel members and advice givers read only the children they were asked about', () => {
    assert.equal(mayReadChild(actor('panel_member'), child()), true)
    assert.equal(mayReadChild(actor('panel_member'), child({ panelMemberUserIds: [] })), false)
    assert.equal(mayReadChild(actor('advice_giver'), child()), true)
    assert.equal(mayReadChild(actor('advice_giver'), child({ adviceGiverUserIds: ['someone'] })), false)
  })
})

describe('changing a child', () => {
  it('lets a caseworker change only cases on their team’s caseload', () => {
    assert.equal(mayUpdateChild(actor('caseworker', { teamIds: ['team-1'] }), child()), true)
    assert.equal(mayUpdateChild(actor('caseworker', { teamIds: ['team-2'] }), child()), false)
  })

  it('lets a team manager change any case and a SENCO their own pupils', () => {
    assert.equal(mayUpdateChild(actor('team_manager'), child()), true)
    assert.equal(mayUpdateChild(actor('senco', { settingIds: ['school-1'] }), child()), true)
    assert.equal(mayUpdateChild(actor('senco', { settingIds: ['school-9'] }), child()), false)
  })

  it('refuses parents, young people, panel members and advice givers', () => {
    for (const role of ['parent', 'young_person', 'panel_member', 'advice_giver'] as const) {
      assert.equal(mayUpdateChild(actor(role), child()), false, role)
    }
  })
})

describe('list visibility matches the record rule', () => {
  it('describes the same scope the record rule applies', () => {
    assert.deepEqual(childVisibility(actor('caseworker')), { kind: 'authority', authorityId })
    assert.deepEqual(childVisibility(actor('senco', { settingIds: ['s'] })), {
      kind: 'settings',
      authorityId,
      settingIds: ['s'],
    })
    assert.deepEqual(childVisibility(actor('parent')), { kind: 'parent', authorityId, userId: 'u-parent' })
    assert.deepEqual(childVisibility(actor('young_person')), { kind: 'self', authorityId, userId: 'u-young_person' })
    assert.deepEqual(childVisibility(actor('parent', { userId: undefined })), { kind: 'none' })
    // A panel member: the agendas of meetings from 28 days before today (panelAccess.ts).
    assert.deepEqual(childVisibility(actor('panel_member'), '2026-03-01'), {
      kind: 'panel',
      authorityId,
      userId: 'u-panel_member',
      meetingsFrom: '2026-02-01',
    })
  })
})
