import { todayInLondon } from '../platform/calendar/isoDate.js'
import type { RecurringJob } from '../platform/jobs/registry.js'
import { refreshClockVerdicts } from './caseload.service.js'

/**
 * Just after midnight, London time, every open case's kept verdict becomes yesterday's: the job works out today's for
 * every authority, so that the first caseload of the morning does not wait for them. Caseloads work out any they
 * find stale themselves, so a missed run costs time, never a wrong order. Also once at start (after an upgrade, or a
 * night the server was down). Running twice works nothing out twice.
 */
export const clockVerdictsJob: RecurringJob = {
  name: 'ehc-clock-verdicts',
  cron: '5 0 * * *',
  runAtStart: true,
  async handler(_data, { db, logger }) {
    const today = todayInLondon()
    const authorities = await db.selectFrom('authority').select('id').execute()
    let worked = 0
    for (const { id } of authorities) {
      worked += await refreshClockVerdicts(db, { authorityId: id, openOnly: false }, today)
    }
    if (worked > 0) logger.info({ today, cases: worked }, 'clock verdicts worked out')
  },
}
