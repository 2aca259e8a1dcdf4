import type { NotificationChannel } from '../db/schema.js'

/** What a gateway is given to send: the rendered message and where it goes. */
export interface OutgoingNotification {
  id: string
  channel: NotificationChannel
  recipientName: string
  toAddress: string
  subject: string
  body: string
}

export interface SendResult {
  providerReference: string
  /** True when the gateway knows at once that the message arrived (the outbox); a provider reports it later. */
  delivered: boolean
}

/** What the provider says of a message it accepted: still on its way, arrived, failed for now, or failed for good. */
export type ProviderStatus = 'sending' | 'delivered' | 'failed' | 'permanently_failed'

export interface NotificationGateway {
  send(notification: OutgoingNotification): Promise<SendResult>
  status(providerReference: string): Promise<{ status: ProviderStatus; detail?: string }>
}

/** Thrown by a gateway when trying again cannot help (e.g. the provider refuses the address): no more attempts. */
export class Undeliverable extends Error {
  override name = 'Undeliverable'
}

/**
 * The default in development and tests: nothing leaves the machine. Each message is kept in the outbox, where the
 * outbox page shows it, and counts as delivered at once.
 */
export class OutboxGateway implements NotificationGateway {
  async send(notification: OutgoingNotification): Promise<SendResult> {
    return { providerReference: `outbox:${notification.id}`, delivered: true }
  }

  async status(): Promise<{ status: ProviderStatus }> {
    return { status: 'delivered' }
  }
}

/**
 * Production without a provider: nothing can be sent, and nothing may pass for sent. Each message fails at once as
 * undeliverable, so the outbox shows it failed (and it can be retried once GOV.UK Notify is configured).
 */
export class UnconfiguredGateway implements NotificationGateway {
  async send(): Promise<SendResult> {
    throw new Undeliverable('No notification provider is configured: set NOTIFY_API_KEY and the template ids')
  }

  async status(): Promise<{ status: ProviderStatus }> {
    return { status: 'permanently_failed' }
  }
}
