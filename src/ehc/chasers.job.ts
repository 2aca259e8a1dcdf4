/**
 * The daily advice chasers: every outstanding request for advice on an open case is reminded a week before it is due,
 * on the day, and weekly while overdue (src/ehc/chasers.ts), with the caseworker copied once it is overdue. Each
 * reminder is claimed, recorded on the timeline and queued in one transaction, so running twice sends nothing new.
 */

import { appendAuditEntry } from '../platform/audit/audit.repository.js'
import { addDays, type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Db } from '../platform/db/database.js'
import type { RecurringJob } from '../platform/jobs/registry.js'
import { queueNotification } from '../platform/notify/outbox.js'
import { adviceChaserMessage, adviceOverdueCopyMessage } from './advice.messages.js'
import { type AdviceToChase, adviceToChase, updateAdviceRequest } from './advice.repository.js'
import { adviceMessageFacts, type Links } from './advice.service.js'
import { insertCaseEvent } from './cases.repository.js'
import { type ChaserDue, type ChaserKind, chaserDueOn, chaserRules } from './chasers.js'
import { adviceServiceNames } from './facts.js'

export const adviceChasersJobName = 'ehc-advice-chasers'

/** How the reminders appear on the timeline and in the audit log: sent by the service, not by a person. */
const actorLabel = 'Ascend (automatic reminder)'

export interface ChaserRunReport {
  /** Outstanding requests looked at (due within the week, or overdue). */
  checked: number
  sent: Record<ChaserKind, number>
  /** Overdue reminders copied to the case's caseworker. */
  caseworkerCopies: number
}

async function sendChaser(db: Db, r: AdviceToChase, due: ChaserDue, today: IsoDate, links: Links): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // The claim: only the run whose update finds the version it read sends the reminder.
    const claimed = await updateAdviceRequest(trx, r.authority_id, r.id, r.version, {
      last_chased_on: today,
      chasers_sent: r.chasers_sent + 1,
    })
    if (!claimed) return false
    const details = {
      adviceRequestId: r.id,
      service: r.service,
      contributor: `${adviceServiceNames[r.service]} (${r.contributor_name})`,
      dueOn: r.due_on,
      chaser: due.kind,
      chaserNumber: claimed.chasers_sent,
      daysOverdue: due.daysOverdue,
    }
    await insertCaseEvent(trx, {
      authorityId: r.authority_id,
      caseId: r.case_id,
      kind: 'advice_chased',
      occurredOn: today,
      actorUserId: null,
      actorLabel,
      details,
    })
    await appendAuditEntry(trx, {
      authorityId: r.authority_id,
      actorUserId: null,
      actorLabel,
      action: 'ehc_case.advice_chased',
      recordType: 'ehc_case',
      recordId: r.case_id,
      childId: r.child_id,
      details,
    })
    const caseworker =
      r.caseworker_user_id && r.caseworker_name && r.caseworker_email
        ? { display_name: r.caseworker_name, email: r.caseworker_email }
        : undefined
    const facts = adviceMessageFacts(r, r, r.case_reference, caseworker, links)
    const to = r.contributor_email ?? r.contributor_user_email
    if (to) {
      await queueNotification(trx, {
        authorityId: r.authority_id,
        childId: r.child_id,
        channel: 'email',
        recipientUserId: r.contributor_user_id ?? undefined,
        recipientName: r.contributor_name,
        toAddress: to,
        templateKey: `ehc.advice-chaser.${due.kind.replace('_', '-')}`,
        ...adviceChaserMessage(facts, due.kind, due.daysOverdue),
        reference: `advice_request:${r.id}`,
      })
    }
    if (due.kind === 'overdue' && caseworker && r.caseworker_user_id) {
      await queueNotification(trx, {
        authorityId: r.authority_id,
        childId: r.child_id,
        channel: 'email',
        recipientUserId: r.caseworker_user_id,
        recipientName: caseworker.display_name,
        toAddress: caseworker.email,
        templateKey: 'ehc.advice-overdue-copy',
        ...adviceOverdueCopyMessage(facts, due.daysOverdue),
        reference: `advice_request:${r.id}`,
      })
    }
    return true
  })
}

/**
 * Sends every reminder owed on `today` across all authorities. Safe to run again the same day (nothing new is sent),
 * and a day missed is caught up on the next run. Each request has its own transaction: one failure stops no other.
 */
export async function runAdviceChasers(db: Db, today: IsoDate, links: Links): Promise<ChaserRunReport> {
  const report: ChaserRunReport = {
    checked: 0,
    sent: { before_due: 0, due_today: 0, overdue: 0 },
    caseworkerCopies: 0,
  }
  const candidates = await adviceToChase(db, addDays(today, chaserRules.daysBeforeDue))
  for (const r of candidates) {
    report.checked++
    const due = chaserDueOn({ dueOn: r.due_on, lastChasedOn: r.last_chased_on ?? undefined }, today)
    if (!due) continue
    if (await sendChaser(db, r, due, today, links)) {
      report.sent[due.kind]++
      if (due.kind === 'overdue' && r.caseworker_user_id && r.caseworker_email) report.caseworkerCopies++
    }
  }
  return report
}

/** Every morning at seven, London time, and once when the server starts (a morning missed is caught up). */
export const adviceChasersJob: RecurringJob = {
  name: adviceChasersJobName,
  cron: '0 7 * * *',
  runAtStart: true,
  async handler(_data, { db, config, logger }) {
    const today = todayInLondon()
    const report = await runAdviceChasers(db, today, { publicUrl: config.publicUrl })
    const sent = Object.values(report.sent).reduce((a, b) => a + b, 0)
    if (sent > 0) logger.info({ today, ...report }, 'advice chasers sent')
  },
}
