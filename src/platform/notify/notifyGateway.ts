import { NotifyClient } from 'notifications-node-client'
import type { NotifyConfig } from '../config.js'
import {
  type NotificationGateway,
  OutboxGateway,
  type OutgoingNotification,
  type ProviderStatus,
  type SendResult,
  UnconfiguredGateway,
  Undeliverable,
} from './gateway.js'

type Client = Pick<NotifyClient, 'sendEmail' | 'sendSms' | 'sendLetter' | 'getNotificationById'>

// https://docs.notifications.service.gov.uk/node.html#status-email (and -text-message, -letter).
const providerStatuses: Record<string, ProviderStatus> = {
  delivered: 'delivered',
  received: 'delivered', // a letter: received by the print provider, who posts it
  'temporary-failure': 'failed', // phone off or inbox full for 72 hours: Notify says try again later
  'technical-failure': 'failed', // between Notify and its provider: try again
  'permanent-failure': 'permanently_failed', // the address or number does not exist
  'validation-failed': 'permanently_failed',
  'virus-scan-failed': 'permanently_failed',
  cancelled: 'permanently_failed',
}

export function providerStatusOf(notifyStatus: string): ProviderStatus {
  return providerStatuses[notifyStatus] ?? 'sending'
}

interface NotifyHttpError {
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } }
  message?: string
}

/** Notify answers 400 when the request itself is wrong (a bad number, an unknown template): resending cannot help. */
export function describeNotifyError(error: unknown): Error {
  const e = error as NotifyHttpError
  const status = e.response?.status
  const messages = (e.response?.data?.errors ?? []).map((x) => x.message ?? x.error).filter(Boolean)
  const text = status ? `GOV.UK Notify ${status}: ${messages.join('; ') || 'no detail'}` : `GOV.UK Notify: ${e.message}`
  return status === 400 ? new Undeliverable(text) : new Error(text)
}

/** Sends through GOV.UK Notify with one generic template per channel, whose content is ((subject)) and ((body)). */
export class NotifyGateway implements NotificationGateway {
  constructor(
    private readonly client: Client,
    private readonly templateIds: NotifyConfig['templateIds'],
  ) {}

  async send(n: OutgoingNotification): Promise<SendResult> {
    const personalisation = { subject: n.subject, body: n.body }
    // Our id as Notify's reference, so a message found in Notify's dashboard leads back to its row here.
    const reference = n.id
    try {
      const response =
        n.channel === 'email'
          ? await this.client.sendEmail(this.templateIds.email, n.toAddress, { personalisation, reference })
          : n.channel === 'sms'
            ? await this.client.sendSms(this.templateIds.sms, n.toAddress, { personalisation, reference })
            : await this.client.sendLetter(this.templateIds.letter, {
                personalisation: { ...personalisation, ...addressLines(n.recipientName, n.toAddress) },
                reference,
              })
      return { providerReference: response.data.id, delivered: false }
    } catch (error) {
      throw describeNotifyError(error)
    }
  }

  async status(providerReference: string) {
    try {
      const response = await this.client.getNotificationById(providerReference)
      const notifyStatus = response.data.status
      return { status: providerStatusOf(notifyStatus), detail: `GOV.UK Notify: ${notifyStatus}` }
    } catch (error) {
      throw describeNotifyError(error)
    }
  }
}

/** Notify's letter address: the name on the first line, then the address lines, the postcode last. */
function addressLines(name: string, address: string): Record<string, string> {
  const lines = [name, ...address.split('\n').map((l) => l.trim())].filter(Boolean)
  return Object.fromEntries(lines.map((line, i) => [`address_line_${i + 1}`, line]))
}

/** GOV.UK Notify when an API key is configured; otherwise the outbox, and nothing leaves the machine. */
/** GOV.UK Notify when configured; otherwise the development outbox, or in production a gateway that refuses. */
export function gatewayFor(notify: NotifyConfig | undefined, production = false): NotificationGateway {
  if (notify) return new NotifyGateway(new NotifyClient(notify.apiKey), notify.templateIds)
  return production ? new UnconfiguredGateway() : new OutboxGateway()
}
