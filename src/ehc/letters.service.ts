import { type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { NotificationChannel } from '../platform/db/schema.js'
import { queueNotification } from '../platform/notify/outbox.js'
import { NewNotification } from '../platform/notify/schemas.js'
import { auditAs, type UseCaseContext } from '../platform/useCase.js'
import { type CaseRow, insertCaseEvent } from './cases.repository.js'
import { computeEhcDeadlines } from './clock.js'
import { type Contact, familyContactsFor } from './familyContacts.js'
import {
  appealableLetters,
  joinNames,
  type LetterFacts,
  type LetterKind,
  type LetterOccasion,
  letterForOccasion,
  renderLetter,
} from './letters.js'
import { preferenceSetAside } from './workflow.js'

/**
 * Sending letters: each is recorded in ehc_letter and actively sent to the family, one notification per way of
 * reaching each recipient, queued in the caller's transaction (a decision only posted on the portal is not notice;
 * issue 4 item 7). The letter and its notifications commit with the change that caused them, or not at all.
 */

/**
 * Sends the letter a step of the case calls for, if it calls for one. Returns the letters' ids. `reason` is the
 * step's own: for a final plan naming another setting than the family asked for, why (it goes in the letter).
 */
export async function sendLettersFor(
  ctx: UseCaseContext,
  trx: Queryable,
  c: CaseRow,
  occasion: LetterOccasion,
  on: IsoDate,
  reason?: string,
): Promise<string[]> {
  const kind = letterForOccasion[occasion]
  if (!kind) return []
  return [
    await sendLetter(ctx, trx, c, kind, on, kind === 'final_plan_issued' ? await placementFacts(trx, c, reason) : {}),
  ]
}

/** The setting a final plan names and, if the family asked for another, that one and why it is not named. */
async function placementFacts(
  trx: Queryable,
  c: CaseRow,
  reason: string | undefined,
): Promise<Pick<LetterFacts, 'namedSetting' | 'preferenceSetAside'>> {
  const ids = [c.named_setting_id, c.preferred_setting_id].filter((id): id is string => id !== null)
  const settings = ids.length
    ? await trx.selectFrom('setting').select(['id', 'name']).where('id', 'in', ids).execute()
    : []
  const nameOf = (id: string | null) => settings.find((s) => s.id === id)?.name
  const named = nameOf(c.named_setting_id)
  const preferred = nameOf(c.preferred_setting_id)
  return {
    namedSetting: named,
    preferenceSetAside:
      named && preferred && preferenceSetAside(c.preferred_setting_id ?? undefined, c.named_setting_id ?? undefined)
        ? { preferredSetting: preferred, because: reason ?? '' }
        : undefined,
  }
}

interface Recipient {
  name: string
  userId?: string
  email?: string
  phone?: string
  postalAddress?: string
  preference: 'email' | 'sms' | 'post' | 'phone'
}

interface Delivery {
  channel: NotificationChannel
  toAddress: string
  /** The whole letter, or the text-message summary of it. */
  content: 'letter' | 'sms'
}

/**
 * Whom a letter goes to: a young person who acts for themselves (their own account is linked to their record;
 * Children and Families Act 2014 s.80), otherwise everyone with parental responsibility on the child's record.
 */
async function recipientsOf(trx: Queryable, c: CaseRow): Promise<Recipient[]> {
  const child = await trx
    .selectFrom('child')
    .leftJoin('app_user', (join) =>
      join.onRef('app_user.id', '=', 'child.young_person_user_id').on('app_user.disabled_at', 'is', null),
    )
    .select(['app_user.id as user_id', 'app_user.email', 'app_user.display_name'])
    .where('child.id', '=', c.child_id)
    .executeTakeFirst()
  if (child?.user_id && child.email && child.display_name) {
    return [{ name: child.display_name, userId: child.user_id, email: child.email, preference: 'email' }]
  }
  const family = await trx
    .selectFrom('family_member')
    .select(['forename', 'surname', 'email', 'phone', 'address', 'postcode', 'contact_preference', 'user_id'])
    .where('child_id', '=', c.child_id)
    .where('parental_responsibility', '=', true)
    .orderBy('created_at')
    .execute()
  return family.map((m) => ({
    name: `${m.forename} ${m.surname}`,
    userId: m.user_id ?? undefined,
    email: m.email ?? undefined,
    phone: m.phone ?? undefined,
    postalAddress: postalAddressOf(m.address, m.postcode),
    preference: m.contact_preference as Recipient['preference'],
  }))
}

/** Address lines without the name, the postcode last (as GOV.UK Notify's letters want them). */
function postalAddressOf(address: string | null, postcode: string | null): string | undefined {
  const lines = (address ?? '')
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean)
  const squash = (s: string) => s.replace(/\s+/g, '').toUpperCase()
  if (postcode?.trim() && !lines.some((line) => squash(line) === squash(postcode))) lines.push(postcode.trim())
  return lines.length ? lines.join('\n') : undefined
}

/** Would the outbox accept this address on this channel? Checked with its own rules, so queueing never fails. */
function usable(channel: NotificationChannel, toAddress: string | undefined): toAddress is string {
  if (!toAddress) return false
  return NewNotification.safeParse({
    authorityId: '00000000-0000-4000-8000-000000000000',
    channel,
    recipientName: 'x',
    toAddress,
    templateKey: 'ehc.check',
    subject: 'x',
    body: 'x',
  }).success
}

/**
 * How a letter reaches one recipient, by their stated preference: email; a text message (with the full letter by post
 * as well when it carries appeal rights, which a text cannot hold); or post. When the preferred way is missing or
 * unusable, the first that works of email, post and text. Nothing usable: nothing queued, and the case says so.
 */
function deliveriesFor(r: Recipient, appealable: boolean): Delivery[] {
  const email = usable('email', r.email) ? r.email : undefined
  const phone = usable('sms', r.phone) ? r.phone : undefined
  const post = usable('letter', r.postalAddress) ? r.postalAddress : undefined
  const byEmail: Delivery[] = email ? [{ channel: 'email', toAddress: email, content: 'letter' }] : []
  const byPost: Delivery[] = post ? [{ channel: 'letter', toAddress: post, content: 'letter' }] : []
  const byText: Delivery[] = phone ? [{ channel: 'sms', toAddress: phone, content: 'sms' }] : []
  switch (r.preference) {
    case 'email':
      if (byEmail.length) return byEmail
      break
    case 'sms':
    case 'phone':
      if (byText.length) return appealable ? [...byText, ...byPost] : byText
      break
    case 'post':
      if (byPost.length) return byPost
      break
  }
  return [byEmail, byPost, byText].find((d) => d.length) ?? []
}

async function factsOf(trx: Queryable, c: CaseRow, on: IsoDate, dated: IsoDate) {
  const [child, authority, caseworker] = await Promise.all([
    trx
      .selectFrom('child')
      .select(['legal_forename', 'legal_surname', 'preferred_name'])
      .where('id', '=', c.child_id)
      .executeTakeFirstOrThrow(),
    trx.selectFrom('authority').select(['name', 'code']).where('id', '=', c.authority_id).executeTakeFirstOrThrow(),
    c.caseworker_user_id
      ? trx.selectFrom('app_user').select('display_name').where('id', '=', c.caseworker_user_id).executeTakeFirst()
      : undefined,
  ])
  const contacts = familyContactsFor(authority.code)
  const deadlines = computeEhcDeadlines({
    requestReceived: c.request_received,
    draftIssued: c.draft_issued_on ?? undefined,
  })
  const facts: Omit<LetterFacts, 'recipientName'> = {
    authorityName: authority.name,
    childName: `${child.preferred_name ?? child.legal_forename} ${child.legal_surname}`,
    reference: c.reference,
    dated,
    requestReceived: c.request_received,
    decisionDue: deadlines.decisionToAssess,
    notToIssueDue: deadlines.notToIssue,
    finalPlanDue: deadlines.finalPlan,
    decidedOn: on,
    reasons: c.closed_reason ?? undefined,
    senSupportNextStep: c.sen_support_next_step ?? undefined,
    draftIssuedOn: c.draft_issued_on ?? undefined,
    draftResponseDue: deadlines.draftResponseDue,
    finalIssuedOn: c.final_issued_on ?? undefined,
    signedBy: caseworker?.display_name ?? 'SEN Assessment and Review team',
    sendiass: contactLine(contacts.sendiass),
    mediationAdviser: `The contact details of our mediation adviser are on ${contactLine(contacts.localOffer)}, or ask us and we will give them to you.`,
  }
  return facts
}

/**
 * Writes one letter about a case, dated today (appeal deadlines run from the letter's date, not the decision's), and
 * queues it to every recipient. The case's timeline gets a letter_sent event on the day of the step it reports, so
 * that steps recorded after the fact keep their order; the letter's own date is in the event's details.
 */
export async function sendLetter(
  ctx: UseCaseContext,
  trx: Queryable,
  c: CaseRow,
  kind: LetterKind,
  on: IsoDate,
  /** What only this letter says (an exception's reason and dates; the setting a final plan names). */
  particulars: Pick<LetterFacts, 'exceptionReason' | 'exceptionPeriod' | 'namedSetting' | 'preferenceSetAside'> = {},
): Promise<string> {
  const dated = todayInLondon()
  const [found, recipients] = await Promise.all([factsOf(trx, c, on, dated), recipientsOf(trx, c)])
  const facts = { ...found, ...particulars }
  const addressedTo = joinNames(recipients.map((r) => r.name)) || `The parent or carer of ${facts.childName}`
  const letter = renderLetter(kind, { ...facts, recipientName: addressedTo })
  const row = await trx
    .insertInto('ehc_letter')
    .values({
      authority_id: c.authority_id,
      case_id: c.id,
      kind,
      dated,
      recipient_name: addressedTo,
      subject: letter.subject,
      body: letter.body,
      appeal_by: letter.appealBy ?? null,
      mediation_contact_by: letter.mediationContactBy ?? null,
      created_by_user_id: ctx.audit.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()

  const appealable = appealableLetters[kind] !== undefined
  const sentTo: { name: string; channels: NotificationChannel[] }[] = []
  const notSent: string[] = []
  for (const recipient of recipients) {
    const deliveries = deliveriesFor(recipient, appealable)
    if (!deliveries.length) {
      notSent.push(recipient.name)
      continue
    }
    const posted = deliveries.some((d) => d.channel === 'letter')
    const own = renderLetter(
      kind,
      { ...facts, recipientName: recipient.name },
      { copyNote: posted ? 'We are also sending you the full letter by post.' : undefined },
    )
    for (const d of deliveries) {
      await queueNotification(trx, {
        authorityId: c.authority_id,
        childId: c.child_id,
        channel: d.channel,
        recipientUserId: recipient.userId,
        recipientName: recipient.name,
        toAddress: d.toAddress,
        templateKey: `ehc.letter.${kind}`,
        subject: own.subject,
        body: d.content === 'sms' ? own.sms : own.body,
        reference: letterReference(row.id),
      } as NewNotification)
    }
    sentTo.push({ name: recipient.name, channels: deliveries.map((d) => d.channel) })
  }

  const details = { letterId: row.id, letterKind: kind, subject: letter.subject, dated, sentTo, notSent }
  await insertCaseEvent(trx, {
    authorityId: c.authority_id,
    caseId: c.id,
    kind: 'letter_sent',
    occurredOn: on,
    actorUserId: ctx.audit.userId,
    actorLabel: ctx.audit.label,
    details,
  })
  await auditAs(ctx, trx, {
    action: 'ehc_letter.sent',
    recordType: 'ehc_letter',
    recordId: row.id,
    childId: c.child_id,
    details: { caseId: c.id, kind, recipients: sentTo.length, notSent: notSent.length },
  })
  return row.id
}

/** "Birmingham SENDIASS (0121 303 5004, https://…)": a name and how to reach it, in a line of a letter. */
function contactLine(contact: Contact): string {
  const ways = [contact.phone, contact.email, contact.website].filter(Boolean)
  return ways.length ? `${contact.name} (${ways.join(', ')})` : contact.name
}

/** How a letter's notifications name it, to find their delivery status. */
export const letterReference = (letterId: string) => `ehc_letter:${letterId}`
