import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { loadConfig } from '../../src/platform/config.js'
import type { Database } from '../../src/platform/db/database.js'
import type { NotificationStatus } from '../../src/platform/db/schema.js'
import { Invalid } from '../../src/platform/errors.js'
import { deliverDueNotifications, refreshDeliveryStatus } from '../../src/platform/notify/deliver.js'
import {
  type NotificationGateway,
  OutboxGateway,
  type OutgoingNotification,
  type ProviderStatus,
  Undeliverable,
} from '../../src/platform/notify/gateway.js'
import { claimDueNotifications } from '../../src/platform/notify/notifications.repository.js'
import {
  describeNotifyError,
  gatewayFor,
  NotifyGateway,
  providerStatusOf,
} from '../../src/platform/notify/notifyGateway.js'
import { type NewNotification, notificationsFor, queueNotification } from '../../src/platform/notify/outbox.js'
import { maxAttempts, nextAttemptAfter } from '../../src/platform/notify/retry.js'
import { seedDemo } from '../../src/seed/demo.js'
import { createTestDatabase, testEngine } from '../support/database.js'
import { makeChild } from '../support/factories.js'

const minutes = (n: number) => n * 60_000
const later = (from: Date, ms: number) => new Date(from.getTime() + ms)

describe('when to try a notification again', () => {
  it('backs off 1, 5, 15, 60 and 240 minutes, and gives up after the sixth attempt', () => {
    const now = new Date('2026-03-02T09:00:00Z')
    const delays = [1, 2, 3, 4, 5].map(
      (attempts) => (nextAttemptAfter(attempts, now)!.getTime() - now.getTime()) / 60_000,
    )
    assert.deepEqual(delays, [1, 5, 15, 60, 240])
    assert.equal(maxAttempts, 6)
    assert.equal(nextAttemptAfter(6, now), undefined)
  })
})

describe('GOV.UK Notify', () => {
  const templateIds = {
    email: '11111111-1111-4111-8111-111111111111',
    sms: '22222222-2222-4222-8222-222222222222',
    letter: '33333333-3333-4333-8333-333333333333',
  }

  it('is configured by an API key with a template for each channel, and the outbox is the default', () => {
    assert.equal(loadConfig({}).notify, undefined)
    assert.ok(gatewayFor(undefined) instanceof OutboxGateway)
    assert.throws(() => loadConfig({ NOTIFY_API_KEY: 'key' }), /NOTIFY_EMAIL_TEMPLATE_ID/)
    const config = loadConfig({
      NOTIFY_API_KEY: `test-${'a'.repeat(36)}-${'b'.repeat(36)}`,
      NOTIFY_EMAIL_TEMPLATE_ID: templateIds.email,
      NOTIFY_SMS_TEMPLATE_ID: templateIds.sms,
      NOTIFY_LETTER_TEMPLATE_ID: templateIds.letter,
    })
    assert.deepEqual(config.notify?.templateIds, templateIds)
  })

  it('sends each channel through its generic template, with the subject and body, and our id as reference', async () => {
    const calls: unknown[][] = []
    const recorded =
      (channel: string, id: string) =>
      async (...args: unknown[]) => {
        calls.push([channel, ...args])
        return { data: { id } }
      }
    const client = {
      sendEmail: recorded('email', 'n-email'),
      sendSms: recorded('sms', 'n-sms'),
      sendLetter: recorded('letter', 'n-letter'),
      getNotificationById: async () => ({ data: { status: 'temporary-failure' } }),
    }
    const gateway = new NotifyGateway(client as never, templateIds)
    const message = (channel: OutgoingNotification['channel'], toAddress: string): OutgoingNotification => ({
      id: `id-${channel}`,
      channel,
      recipientName: 'Sam Parent',
      toAddress,
      subject: 'Your request',
      body: 'We have received it.',
    })
    const personalisation = { subject: 'Your request', body: 'We have received it.' }
    assert.deepEqual(await gateway.send(message('email', 'sam@example.com')), {
      providerReference: 'n-email',
      delivered: false,
    })
    await gateway.send(message('sms', '07700 900982'))
    await gateway.send(message('letter', '1 High Street\nBirmingham\nB1 1AA'))
    assert.deepEqual(calls, [
      ['email', templateIds.email, 'sam@example.com', { personalisation, reference: 'id-email' }],
      ['sms', templateIds.sms, '07700 900982', { personalisation, reference: 'id-sms' }],
      [
        'letter',
        templateIds.letter,
        {
          personalisation: {
            ...personalisation,
            address_line_1: 'Sam Parent',
            address_line_2: '1 High Street',
            address_line_3: 'Birmingham',
            address_line_4: 'B1 1AA',
          },
          reference: 'id-letter',
        },
      ],
    ])
    assert.deepEqual(await gateway.status('n-sms'), { status: 'failed', detail: 'GOV.UK Notify: temporary-failure' })
  })

  it('reads Notify statuses and errors: a refused request is not tried again, an outage is', () => {
    assert.equal(providerStatusOf('delivered'), 'delivered')
    assert.equal(providerStatusOf('received'), 'delivered')
    assert.equal(providerStatusOf('sending'), 'sending')
    assert.equal(providerStatusOf('pending-virus-check'), 'sending')
    assert.equal(providerStatusOf('technical-failure'), 'failed')
    assert.equal(providerStatusOf('permanent-failure'), 'permanently_failed')
    const refused = describeNotifyError({
      response: {
        status: 400,
        data: { errors: [{ error: 'ValidationError', message: 'phone_number Not a UK mobile number' }] },
      },
    })
    assert.ok(refused instanceof Undeliverable)
    assert.equal(refused.message, 'GOV.UK Notify 400: phone_number Not a UK mobile number')
    const outage = describeNotifyError({ response: { status: 500, data: {} } })
    assert.ok(!(outage instanceof Undeliverable))
    assert.ok(!(describeNotifyError(new Error('socket hang up')) instanceof Undeliverable))
  })
})

/** A gateway that fails for the addresses it is told to, and otherwise hands messages to a provider. */
class FakeProvider implements NotificationGateway {
  failing = new Set<string>()
  refusing = new Set<string>()
  sent: string[] = []
  statuses = new Map<string, ProviderStatus>()

  async send(n: OutgoingNotification) {
    if (this.refusing.has(n.toAddress)) throw new Undeliverable('Not a real address')
    if (this.failing.has(n.toAddress)) throw new Error(`Provider unavailable for ${n.id}`)
    this.sent.push(n.toAddress)
    return { providerReference: `p-${n.id}`, delivered: false }
  }

  async status(providerReference: string) {
    return { status: this.statuses.get(providerReference) ?? 'sending', detail: 'provider says so' }
  }
}

describe(`the notifications outbox (${testEngine})`, () => {
  let database: Database
  let authorityId: string
  let childId: string
  const message = (overrides: Partial<NewNotification> = {}): NewNotification =>
    ({
      authorityId,
      channel: 'email',
      recipientName: 'Sam Parent',
      toAddress: 'sam.parent@example.com',
      templateKey: 'test.message',
      subject: 'About your request',
      body: 'We have received your request.\n\nWe will write again within six weeks.',
      ...overrides,
    }) as NewNotification
  const queue = (overrides: Partial<NewNotification> = {}) =>
    database.db.transaction().execute((trx) => queueNotification(trx, message(overrides)))
  const row = (id: string) =>
    database.db.selectFrom('notification').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const statusOf = async (id: string): Promise<NotificationStatus> => (await row(id)).status
  // Rows are queued "now" by the database clock; the tests run the worker at that time and later.
  const start = () => new Date(Date.now() + 1000)

  before(async () => {
    database = await createTestDatabase()
    authorityId = (await seedDemo(database.db, { accountsOnly: true })).authorityId
    childId = (await makeChild(database.db, authorityId)).id
  })
  beforeEach(async () => {
    await database.db.deleteFrom('notification').execute()
  })
  after(() => database.close())

  it('queues in the caller’s transaction: rolled back, nothing is left', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await queueNotification(trx, message({ reference: 'rolled-back' }))
        throw new Error('the letter could not be saved')
      }),
      /could not be saved/,
    )
    assert.deepEqual(await notificationsFor(database.db, { authorityId, reference: 'rolled-back' }), [])
    const { id } = await queue({ reference: 'committed', childId })
    const [queued] = await notificationsFor(database.db, { authorityId, reference: 'committed' })
    assert.equal(queued?.id, id)
    assert.equal(queued?.status, 'queued')
    assert.equal((await notificationsFor(database.db, { authorityId, childId }))[0]?.id, id)
  })

  it('refuses what could never be sent, naming the field', async () => {
    await assert.rejects(queue({ toAddress: 'not an email' }), (error: unknown) => {
      assert.ok(error instanceof Invalid)
      assert.deepEqual(
        error.fieldErrors.map((f) => f.field),
        ['toAddress'],
      )
      return true
    })
    await assert.rejects(queue({ channel: 'sms', toAddress: 'call me' }), Invalid)
    await assert.rejects(queue({ channel: 'letter', toAddress: 'B1 1AA' }), (error: unknown) => {
      assert.match((error as Invalid).fieldErrors[0]?.message ?? '', /postal address/)
      return true
    })
    await assert.rejects(queue({ templateKey: 'Has Spaces' }), Invalid)
    await queue({ channel: 'sms', toAddress: '+44 7700 900982' })
    await queue({ channel: 'letter', toAddress: '1 High Street\nBirmingham\nB1 1AA' })
  })

  it('delivers through the outbox gateway, which marks each delivered at once', async () => {
    const { id } = await queue()
    const report = await deliverDueNotifications(database.db, new OutboxGateway(), start())
    assert.deepEqual(report, { sent: 0, delivered: 1, failed: 0, permanentlyFailed: 0 })
    const delivered = await row(id)
    assert.equal(delivered.status, 'delivered')
    assert.equal(delivered.attempts, 1)
    assert.equal(delivered.provider_reference, `outbox:${id}`)
    assert.ok(delivered.sent_at && delivered.delivered_at)
    // Delivered is final: the next run has nothing to do.
    assert.equal(
      (await deliverDueNotifications(database.db, new OutboxGateway(), later(start(), minutes(60)))).delivered,
      0,
    )
  })

  it('records a failure, keeps the row, tries again after the backoff, and then delivers it', async () => {
    const provider = new FakeProvider()
    provider.failing.add('sam.parent@example.com')
    const { id } = await queue()
    const now = start()
    assert.equal((await deliverDueNotifications(database.db, provider, now)).failed, 1)
    const failed = await row(id)
    assert.equal(failed.status, 'failed')
    assert.equal(failed.attempts, 1)
    assert.match(failed.last_error ?? '', /Provider unavailable/)
    assert.equal(failed.next_attempt_at.getTime(), later(now, minutes(1)).getTime())

    // Not due yet: left alone.
    assert.equal((await deliverDueNotifications(database.db, provider, later(now, 30_000))).failed, 0)
    assert.equal(await statusOf(id), 'failed')

    provider.failing.clear()
    const report = await deliverDueNotifications(database.db, provider, later(now, minutes(1)))
    assert.equal(report.sent, 1)
    const sent = await row(id)
    assert.equal(sent.status, 'sent')
    assert.equal(sent.attempts, 2)
    assert.equal(sent.provider_reference, `p-${id}`)
  })

  it('gives up after the last attempt and keeps the row as permanently failed', async () => {
    const provider = new FakeProvider()
    provider.failing.add('sam.parent@example.com')
    const { id } = await queue()
    let now = start()
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      await deliverDueNotifications(database.db, provider, now)
      now = (await row(id)).next_attempt_at
    }
    const given = await row(id)
    assert.equal(given.status, 'permanently_failed')
    assert.equal(given.attempts, maxAttempts)
    assert.match(given.last_error ?? '', /Provider unavailable/)
    assert.equal((await deliverDueNotifications(database.db, provider, later(now, minutes(24 * 60)))).failed, 0)
    assert.equal(await statusOf(id), 'permanently_failed')
  })

  it('gives up at once when the provider refuses the message', async () => {
    const provider = new FakeProvider()
    provider.refusing.add('sam.parent@example.com')
    const { id } = await queue()
    assert.equal((await deliverDueNotifications(database.db, provider, start())).permanentlyFailed, 1)
    assert.equal(await statusOf(id), 'permanently_failed')
    assert.equal((await row(id)).last_error, 'Not a real address')
  })

  it('in production without a provider, fails each message visibly instead of passing it off as delivered', async () => {
    const { id } = await queue()
    const result = await deliverDueNotifications(database.db, gatewayFor(undefined, true), start())
    assert.equal(result.permanentlyFailed, 1)
    assert.equal(result.delivered, 0)
    assert.equal(await statusOf(id), 'permanently_failed')
    assert.match((await row(id)).last_error ?? '', /NOTIFY_API_KEY/)
  })

  it('does not let one failing notification hold up the others', async () => {
    const provider = new FakeProvider()
    provider.failing.add('broken@example.com')
    const first = await queue({ toAddress: 'first@example.com' })
    const broken = await queue({ toAddress: 'broken@example.com' })
    const last = await queue({ toAddress: 'last@example.com' })
    const report = await deliverDueNotifications(database.db, provider, start())
    assert.deepEqual(report, { sent: 2, delivered: 0, failed: 1, permanentlyFailed: 0 })
    assert.equal(await statusOf(first.id), 'sent')
    assert.equal(await statusOf(broken.id), 'failed')
    assert.equal(await statusOf(last.id), 'sent')
  })

  it('never sends one notification twice when two workers run at once', async () => {
    for (let i = 0; i < 30; i++) await queue({ toAddress: `parent${i}@example.com` })
    const provider = new FakeProvider()
    const slowSend = provider.send.bind(provider)
    provider.send = async (n) => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      return slowSend(n)
    }
    const now = start()
    const reports = await Promise.all([
      deliverDueNotifications(database.db, provider, now),
      deliverDueNotifications(database.db, provider, now),
    ])
    assert.equal(reports[0].sent + reports[1].sent, 30)
    assert.equal(new Set(provider.sent).size, 30)
    assert.equal(provider.sent.length, 30)
  })

  it('sends again a notification whose worker died mid-send, once its lease has run out', async () => {
    const { id } = await queue()
    const now = start()
    const [claimed] = await claimDueNotifications(database.db, now, 10) // and then the worker dies
    assert.equal(claimed?.id, id)
    assert.equal(await statusOf(id), 'sending')
    const provider = new FakeProvider()
    assert.equal((await deliverDueNotifications(database.db, provider, later(now, minutes(5)))).sent, 0)
    assert.equal((await deliverDueNotifications(database.db, provider, later(now, minutes(16)))).sent, 1)
    assert.equal(await statusOf(id), 'sent')
  })

  it('asks the provider what became of sent ones: delivered, still going, failed for now or for good', async () => {
    const provider = new FakeProvider()
    const delivered = await queue({ toAddress: 'delivered@example.com' })
    const going = await queue({ toAddress: 'going@example.com' })
    const retry = await queue({ toAddress: 'retry@example.com' })
    const lost = await queue({ toAddress: 'lost@example.com' })
    const now = start()
    await deliverDueNotifications(database.db, provider, now)
    provider.statuses.set(`p-${delivered.id}`, 'delivered')
    provider.statuses.set(`p-${retry.id}`, 'failed')
    provider.statuses.set(`p-${lost.id}`, 'permanently_failed')

    // Not asked before the first check is due.
    assert.equal((await refreshDeliveryStatus(database.db, provider, later(now, minutes(1)))).delivered, 0)
    const checkedAt = later(now, minutes(5))
    const report = await refreshDeliveryStatus(database.db, provider, checkedAt)
    assert.deepEqual(report, { sent: 1, delivered: 1, failed: 1, permanentlyFailed: 1 })
    assert.equal(await statusOf(delivered.id), 'delivered')
    assert.equal(await statusOf(going.id), 'sent')
    assert.equal(await statusOf(lost.id), 'permanently_failed')
    const retried = await row(retry.id)
    assert.equal(retried.status, 'failed')
    assert.equal(retried.last_error, 'provider says so')
    assert.equal(retried.next_attempt_at.getTime(), later(checkedAt, minutes(1)).getTime())
    // The next delivery run sends it again.
    assert.equal((await deliverDueNotifications(database.db, provider, later(checkedAt, minutes(1)))).sent, 1)
    assert.equal((await row(retry.id)).attempts, 2)
  })
})
