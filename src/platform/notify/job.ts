import type { RecurringJob } from '../jobs/registry.js'
import { deliverDueNotifications, refreshDeliveryStatus } from './deliver.js'
import { gatewayFor } from './notifyGateway.js'

/** Every minute, and once at start: send what is due, then ask the provider what became of what was sent. */
export const deliverNotificationsJob: RecurringJob = {
  name: 'deliver-notifications',
  cron: '* * * * *',
  runAtStart: true,
  async handler(_data, { db, config, logger }) {
    const gateway = gatewayFor(config.notify, config.production)
    const delivery = await deliverDueNotifications(db, gateway)
    const checks = await refreshDeliveryStatus(db, gateway)
    const counts = Object.values(delivery).concat(Object.values(checks))
    if (counts.some((n) => n > 0)) logger.info({ delivery, checks }, 'notifications delivered')
  },
}
