import type { Command } from 'commander'
import { config, withDatabase } from '../cli/context.js'
import { parseIsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import { AppError } from '../platform/errors.js'
import { runAdviceChasers } from './chasers.job.js'

/** `ascend advice chase`: the daily advice reminders, run by hand (the server runs them every morning at seven). */
export function registerChaserCommands(program: Command) {
  program
    .command('advice')
    .description('requests for advice')
    .command('chase')
    .description('send the advice reminders owed today (safe to repeat: a reminder sent today is not sent again)')
    .option('--date <YYYY-MM-DD>', 'the day to run for, if not today')
    .action(async (options: { date?: string }) => {
      const today = options.date ? parseIsoDate(options.date) : todayInLondon()
      if (!today) throw new AppError(400, 'Invalid', '--date must be a real date in the form YYYY-MM-DD')
      await withDatabase(async (database) => {
        const report = await runAdviceChasers(database.db, today, { publicUrl: config.publicUrl })
        const { before_due, due_today, overdue } = report.sent
        console.log(
          `${today}: ${report.checked} requests checked; reminders sent: ${before_due} due in a week, ${due_today} due today, ${overdue} overdue (${report.caseworkerCopies} copied to caseworkers)`,
        )
      })
    })
}
