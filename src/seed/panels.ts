import type { Insertable } from 'kysely'
import { defaultPanelCriteria, type PanelQuestion } from '../ehc/panelCriteria.js'
import { dayOfWeekOfDayNumber, fromDayNumber } from '../platform/calendar/isoDate.js'
import type { PanelCriterionTable, PanelMeetingTable, PanelMemberTable } from '../platform/db/schema.js'
import { isBankHoliday } from './days.js'
import type { Random } from './random.js'
import type { SeededStaff } from './staff.js'

/**
 * The multi-agency panel in the synthetic data: it meets every Wednesday (the Thursday when the Wednesday is a bank
 * holiday), and every decision whether to assess or to issue is taken at a meeting, so decisions fall on panel days.
 * The meetings of the last 8 weeks are written, held, and the next 3, planned; older decisions have no meeting row.
 */

const panelWeekday = 3 // Wednesday
export const heldMeetings = 8
export const plannedMeetings = 3

/**
 * The panel day of the week that holds `day`: that week's Wednesday, or the next working day after a bank holiday
 * (Friday in a week whose Wednesday is Christmas Day).
 */
function panelDayOfWeek(day: number): number {
  let panelDay = day - dayOfWeekOfDayNumber(day) + panelWeekday
  while (isBankHoliday(panelDay)) panelDay++
  return panelDay
}

/** The latest panel day on or before `day`. */
export function panelDayOnOrBefore(day: number): number {
  const inWeek = panelDayOfWeek(day)
  return inWeek <= day ? inWeek : panelDayOfWeek(day - 7)
}

/** The first panel day on or after `day`. */
export function panelDayOnOrAfter(day: number): number {
  const inWeek = panelDayOfWeek(day)
  return inWeek >= day ? inWeek : panelDayOfWeek(day + 7)
}

export interface SeedMeeting {
  id: string
  day: number
  held: boolean
  /** Items on its agenda so far: the next item's position. */
  items: number
}

export interface SeededPanels {
  meetings: SeedMeeting[]
  meetingByDay: Map<number, SeedMeeting>
  /** The day of the first meeting written: decisions before it have no meeting. */
  firstDay: number
  criteria: Record<PanelQuestion, { id: string; code: string }[]>
  criterionRows: Insertable<PanelCriterionTable>[]
  meetingRows: Insertable<PanelMeetingTable>[]
  memberRows: Insertable<PanelMemberTable>[]
}

export function seedPanels(options: {
  authorityId: string
  today: number
  location: string
  staff: SeededStaff
  random: Random
}): SeededPanels {
  const { authorityId, today, random, staff } = options
  const criteria: SeededPanels['criteria'] = { assess: [], issue: [] }
  const criterionRows = defaultPanelCriteria.map((c, position) => {
    const id = random.uuid()
    criteria[c.question].push({ id, code: c.code })
    return { id, authority_id: authorityId, question: c.question, code: c.code, text: c.text, position }
  })

  // Held: the 8 panel days before today. Planned: today's, if today is a panel day, and those after it.
  const lastHeld = panelDayOnOrBefore(today - 1)
  const days: number[] = []
  for (let day = lastHeld, n = 0; n < heldMeetings; n++, day = panelDayOnOrBefore(day - 1)) days.unshift(day)
  for (let day = panelDayOnOrAfter(today), n = 0; n < plannedMeetings; n++, day = panelDayOnOrAfter(day + 1)) {
    days.push(day)
  }
  const meetings = days.map((day) => ({ id: random.uuid(), day, held: day < today, items: 0 }))
  return {
    meetings,
    meetingByDay: new Map(meetings.map((m) => [m.day, m])),
    firstDay: days[0]!,
    criteria,
    criterionRows,
    meetingRows: meetings.map((m) => ({
      id: m.id,
      authority_id: authorityId,
      meets_on: fromDayNumber(m.day),
      starts_at: '10:00',
      location: options.location,
      status: m.held ? 'held' : 'planned',
    })),
    memberRows: meetings.flatMap((m) =>
      staff.panel.map((seat) => ({
        meeting_id: m.id,
        user_id: seat.member.id,
        agency: seat.agency,
        chair: seat.chair,
      })),
    ),
  }
}
