import { addDays } from '../platform/calendar/isoDate.js'
import { statusTag as deliveryTag } from '../platform/notify/presenters.js'
import { escapeHtml } from '../platform/web/html.js'
import { formatDate } from '../platform/web/nunjucks.js'
import { riskTags, statusTag, stepStatusTags } from './caseload.presenters.js'
import type { CasePage } from './casePage.service.js'
import { type EhcExceptionReason, ehcClockRules, ehcExceptionReasons } from './clock.js'
import { adviceServiceNames } from './facts.js'
import { type CaseStatus, type CaseTransition, caseTransitions, statusNames, transitionRules } from './workflow.js'

/** Timeline headings for events that are not a change of status (those take their transition's label). */
const eventLabels: Record<string, string> = {
  request_received: 'Request received',
  allocated: 'Allocated',
  reallocated: 'Reallocated',
  advice_requested: 'Advice requested',
  advice_received: 'Advice received',
  advice_chased: 'Advice chased',
  advice_cancelled: 'Advice request cancelled',
  exception_recorded: 'Exception recorded',
  exception_ended: 'Exception ended',
  consultation_sent: 'Setting consulted',
  consultation_replied: 'Setting replied to consultation',
  draft_response: 'Family responded to the draft plan',
  views_given: 'Family gave their views',
  letter_sent: 'Letter sent',
  panel_listed: 'Listed for panel',
  note: 'Note',
}

/** Details other parts of the service put on events, named for people; anything else stays off the page. */
const detailNames: Record<string, string> = {
  caseworker: 'Caseworker',
  contributor: 'From',
  service: 'Service',
  setting: 'Setting',
  namedSetting: 'Named setting',
  planFilename: 'Plan',
  subject: 'Letter',
  recipient: 'To',
  exception: 'Exception',
  startsOn: 'From',
  endsOn: 'To',
  dueOn: 'Due',
  meetsOn: 'Panel meeting',
  senSupportNextStep: 'Next step at SEN Support',
  via: 'Received by',
  views: 'Views',
}

const receivedVia: Record<string, string> = {
  portal: 'the family portal',
  setting_portal: 'a setting, online',
  letter: 'letter',
  email: 'email',
  phone: 'phone',
  api: 'another system',
}

function detailText(key: string, value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  const text = String(value)
  if (key === 'service') return adviceServiceNames[text as keyof typeof adviceServiceNames] ?? text
  if (key === 'via') return receivedVia[text] ?? text
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(text)
  return text
}

/** The MoJ timeline's items, newest first: what happened, by whom, when, and why. */
export function timelineItems(events: CasePage['events']) {
  return events.map((e) => {
    const label = (caseTransitions as readonly string[]).includes(e.kind)
      ? transitionRules[e.kind as CaseTransition].label
      : (eventLabels[e.kind] ?? e.kind.replace(/_/g, ' '))
    const lines: string[] = []
    if (e.from_status && e.to_status && e.from_status !== e.to_status) {
      const from = statusNames[e.from_status as CaseStatus]?.staff ?? e.from_status
      const to = statusNames[e.to_status as CaseStatus]?.staff ?? e.to_status
      lines.push(`Status: ${escapeHtml(from)} → ${escapeHtml(to)}`)
    }
    const details = (e.details ?? {}) as Record<string, unknown>
    for (const [key, name] of Object.entries(detailNames)) {
      const text = detailText(key, details[key])
      if (text) lines.push(`${name}: ${escapeHtml(text)}`)
    }
    if (e.reason)
      lines.push(
        `<span class="govuk-!-font-weight-bold">${e.kind === 'note' ? 'Note' : 'Why'}:</span> ${escapeHtml(e.reason)}`,
      )
    const recordedOn = e.recorded_at instanceof Date ? e.recorded_at.toISOString() : String(e.recorded_at)
    if (recordedOn.slice(0, 10) > e.occurred_on)
      lines.push(`<span class="govuk-body-s">Recorded ${escapeHtml(formatDate(recordedOn))}</span>`)
    return {
      label: { text: label },
      byline: { text: e.actor },
      datetime: { timestamp: e.occurred_on, type: 'date' },
      html: lines.length ? `<p class="govuk-body">${lines.join('<br>')}</p>` : '',
    }
  })
}

/** The statutory steps and their due dates, as a table: the clock's steps with a tag each. */
export function dueDateRows(assessment: CasePage['assessment']) {
  return assessment.steps.map((s) => ({
    label: s.label,
    due: s.due,
    completed: s.completed,
    tag: stepStatusTags[s.status],
    statutory: s.statutory,
    exceptionApplies: s.exceptionApplies,
    source: s.source,
  }))
}

export interface Task {
  text: string
  href?: string
  due?: string
  overdue?: boolean
}

/** What should happen next on the case: the workflow's next steps, advice and replies still awaited. */
export function tasksFor(page: CasePage): Task[] {
  const { case: c, assessment, advice, consultations, today } = page
  const status = c.status as CaseStatus
  const tasks: Task[] = []
  const due = (step: string) => assessment.steps.find((s) => s.step === step && s.status !== 'done')
  const decision = due('decisionToAssess')
  if (status === 'received') {
    tasks.push({ text: 'Invite the family to give their views' })
  }
  if (status === 'received' || status === 'considering') {
    tasks.push({
      text: 'Put the request to panel to decide whether to assess, and tell the family',
      href: '/panels',
      due: decision?.due,
      overdue: decision?.status === 'overdue',
    })
  }
  if (status === 'assessing') {
    const live = advice.filter((a) => a.cancelled_on === null)
    if (live.length === 0)
      tasks.push({ text: 'Ask for advice: educational psychology, health, social care and the setting' })
    for (const a of live.filter((x) => x.received_on === null)) {
      const dueOn = addDays(a.requested_on, ehcClockRules.advice.days)
      tasks.push({
        text: `Advice awaited from ${adviceServiceNames[a.service]} (${a.contributor_name})`,
        due: dueOn,
        overdue: dueOn < today,
      })
    }
    if (live.length > 0 && live.every((a) => a.received_on !== null)) {
      const notToIssue = due('decisionToIssue')
      tasks.push({
        text: 'Put the case to panel to decide whether to issue a plan',
        href: '/panels',
        due: notToIssue?.due,
        overdue: notToIssue?.status === 'overdue',
      })
    }
  }
  if (status === 'drafting') {
    const draft = due('draftTarget')
    tasks.push({
      text: 'Write and issue the draft plan (target: by week 14)',
      due: draft?.due,
      overdue: draft?.status === 'overdue',
    })
  }
  if (status === 'draft_issued') {
    if (c.draft_issued_on && !c.draft_response_on) {
      tasks.push({
        text: 'Record the family’s comments on the draft plan and the setting they prefer',
        href: page.mayManage ? `/cases/${c.id}/draft-response` : undefined,
        due: addDays(c.draft_issued_on, ehcClockRules.draftResponse.days),
      })
    }
    if (consultations.length === 0) {
      tasks.push({
        text: 'Consult the setting the family prefers',
        href: page.mayManage ? `/cases/${c.id}/consultations/new` : undefined,
      })
    }
    for (const k of consultations.filter((x) => x.replied_on === null)) {
      const dueOn = addDays(k.sent_on, ehcClockRules.consultationReply.days)
      tasks.push({ text: `Reply awaited from ${k.setting_name}`, due: dueOn, overdue: dueOn < today })
    }
    const final = due('finalPlan')
    tasks.push({
      text: 'Issue the final plan, naming the setting',
      due: final?.due,
      overdue: final?.status === 'overdue',
    })
  }
  return tasks
}

/** Steps recorded on their own pages (advice, consultations, the family's response), for the case's status now. */
export function otherSteps(page: CasePage) {
  if (!page.mayManage) return []
  const { id, status } = page.case
  const steps: { text: string; href: string }[] = []
  if (status === 'assessing') steps.push({ text: 'Ask for advice', href: `/cases/${id}/advice-requests/new` })
  if (status === 'drafting' || status === 'draft_issued') {
    steps.push({ text: 'Consult a setting on being named', href: `/cases/${id}/consultations/new` })
  }
  if (status === 'draft_issued') {
    steps.push({ text: 'Record the family’s response to the draft plan', href: `/cases/${id}/draft-response` })
  }
  return steps
}

/** The advice asked for, each linked to its page when the reader may open it (`mayOpen`). */
export function adviceRows(
  advice: CasePage['advice'],
  today: string,
  mayOpen: (request: CasePage['advice'][number]) => boolean,
) {
  return advice.map((a) => {
    const dueOn = addDays(a.requested_on, ehcClockRules.advice.days)
    const state = a.cancelled_on
      ? { text: 'Cancelled', classes: 'govuk-tag--grey' }
      : a.received_on
        ? a.received_on > dueOn
          ? { text: 'Received late', classes: 'govuk-tag--orange' }
          : { text: 'Received', classes: 'govuk-tag--green' }
        : dueOn < today
          ? { text: 'Overdue', classes: 'govuk-tag--red' }
          : { text: 'Awaited', classes: 'govuk-tag--grey' }
    return {
      href: mayOpen(a) ? `/advice/${a.id}` : undefined,
      service: adviceServiceNames[a.service],
      contributor: a.contributor_name,
      requested: a.requested_on,
      due: dueOn,
      received: a.received_on,
      chasers: a.chasers_sent,
      state,
    }
  })
}

/** The settings consulted that the reader may see (staff all, a SENCO their own), each linked to its page. */
export function consultationRows(consultations: CasePage['consultations'], today: string) {
  return consultations.map((k) => {
    const dueOn = addDays(k.sent_on, ehcClockRules.consultationReply.days)
    const state = k.replied_on
      ? k.reply === 'cannot_meet_needs'
        ? { text: 'Cannot meet needs', classes: 'govuk-tag--orange' }
        : { text: 'Can meet needs', classes: 'govuk-tag--green' }
      : dueOn < today
        ? { text: 'No reply in time', classes: 'govuk-tag--red' }
        : { text: 'Awaited', classes: 'govuk-tag--grey' }
    return {
      href: `/consultations/${k.id}`,
      setting: k.setting_name,
      sent: k.sent_on,
      due: dueOn,
      replied: k.replied_on,
      state,
      note: k.reply_note,
    }
  })
}

/** A label written to sit inside a sentence, starting a table cell of its own. */
const sentenceStart = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

export function exceptionRows(exceptions: CasePage['exceptions']) {
  return exceptions.map((e) => ({
    id: e.id,
    reason: sentenceStart(ehcExceptionReasons[e.reason as EhcExceptionReason]?.label ?? e.reason),
    source: ehcExceptionReasons[e.reason as EhcExceptionReason]?.source,
    startsOn: e.starts_on,
    endsOn: e.ends_on,
    note: e.note,
    open: e.ends_on === null,
  }))
}

export function letterRows(letters: CasePage['letters']) {
  return letters.map((l) => {
    const latest = l.deliveries[0]
    return {
      id: l.id,
      dated: l.dated,
      subject: l.subject,
      recipient: l.recipient_name,
      appealBy: l.appeal_by,
      delivery: latest ? deliveryTag(latest.status) : { text: 'Not sent', classes: 'govuk-tag--grey' },
      lastError: latest?.lastError,
    }
  })
}

export function exceptionReasonItems(selected: unknown) {
  return Object.entries(ehcExceptionReasons).map(([value, r]) => ({
    value,
    text: sentenceStart(r.label),
    hint: { text: r.source },
    checked: value === selected,
  }))
}

export function headline(page: CasePage) {
  const { assessment, case: c } = page
  return {
    status: statusTag(c.status),
    risk: assessment.open ? riskTags[assessment.risk] : undefined,
    finalPlanDue: assessment.deadlines.finalPlan,
    // The week the request is in, counted as people do (and as the family's page does): days 0–6 are week 1
    week: assessment.weekNow + 1,
    open: assessment.open,
    reasons: assessment.reasons,
    exceptionApplies: assessment.exceptionApplies,
    receivedVia: receivedVia[c.received_via] ?? c.received_via,
  }
}

const consultedNotes: Record<string, string> = {
  can_meet_needs: 'consulted: can meet needs',
  cannot_meet_needs: 'consulted: cannot meet needs',
}

/**
 * The settings a final plan may name, as the select's items: only those consulted on the draft plan (Children and
 * Families Act 2014, ss.39(2) and 40(2)), the ones that said they can meet the needs first. None when none was.
 */
export function namedSettingItems(page: CasePage, selectedId: unknown) {
  const bySetting = new Map(page.consultations.map((k) => [k.setting_id, k]))
  if (bySetting.size === 0) return undefined
  const consulted = [...bySetting.values()].sort(
    (a, b) => Number(b.reply === 'can_meet_needs') - Number(a.reply === 'can_meet_needs'),
  )
  return [
    { value: '', text: 'Choose the setting' },
    ...consulted.map((k) => {
      const notes = [consultedNotes[k.reply ?? ''] ?? 'consulted: no reply']
      if (k.setting_id === page.preferredSetting?.id) notes.push('family’s preference')
      return {
        value: k.setting_id,
        text: `${k.setting_name} (${notes.join('; ')})`,
        selected: selectedId === k.setting_id,
      }
    }),
  ]
}

/** The setting the family asked for, when it has not been consulted: the page says it must be before it is named. */
export function preferenceNotConsulted(page: CasePage) {
  const preferred = page.preferredSetting
  return preferred && !page.consultations.some((k) => k.setting_id === preferred.id) ? preferred : undefined
}
