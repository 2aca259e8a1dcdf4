import type { Queryable } from '../platform/db/database.js'
import type {
  AdviceRequestTable,
  EhcCaseEventTable,
  EhcCaseTable,
  EhcConsultationTable,
  EhcExceptionTable,
  EhcLetterTable,
  EhcPlanTable,
  NotificationTable,
  PanelAgendaItemTable,
  PanelDecisionCriterionTable,
} from '../platform/db/schema.js'
import type { EhcRows } from './ehcRows.js'
import { type Columns, insertRows } from './insert.js'

/** Bulk inserts of the EHC rows of a batch, parents before children (cases before their events, advice, letters…). */

const caseColumns: Columns<EhcCaseTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  child_id: 'uuid',
  reference: 'text',
  status: 'text',
  requester_kind: 'text',
  requester_user_id: 'uuid',
  requester_name: 'text',
  requester_setting_id: 'uuid',
  received_via: 'text',
  request_received: 'date',
  reasons: 'text',
  family_views: 'text',
  family_views_invited_on: 'date',
  setting_id: 'uuid',
  team_id: 'uuid',
  caseworker_user_id: 'uuid',
  decision_on: 'date',
  decision: 'text',
  issue_decision_on: 'date',
  issue_decision: 'text',
  draft_issued_on: 'date',
  draft_response_on: 'date',
  draft_response: 'text',
  preferred_setting_id: 'uuid',
  final_issued_on: 'date',
  named_setting_id: 'uuid',
  closed_on: 'date',
  closed_reason: 'text',
  sen_support_next_step: 'text',
  family_view_of_outcome: 'text',
  created_at: 'timestamptz',
}
const eventColumns: Columns<EhcCaseEventTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  case_id: 'uuid',
  kind: 'text',
  from_status: 'text',
  to_status: 'text',
  occurred_on: 'date',
  recorded_at: 'timestamptz',
  actor_user_id: 'uuid',
  actor_label: 'text',
  reason: 'text',
  details: 'jsonb',
}
const adviceColumns: Columns<AdviceRequestTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  case_id: 'uuid',
  service: 'text',
  contributor_user_id: 'uuid',
  contributor_name: 'text',
  contributor_email: 'text',
  requested_on: 'date',
  due_on: 'date',
  questions: 'text',
  received_on: 'date',
  advice: 'jsonb',
  last_chased_on: 'date',
  chasers_sent: 'integer',
}
const consultationColumns: Columns<EhcConsultationTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  case_id: 'uuid',
  setting_id: 'uuid',
  sent_on: 'date',
  due_on: 'date',
  replied_on: 'date',
  reply: 'text',
  reply_note: 'text',
}
const exceptionColumns: Columns<EhcExceptionTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  case_id: 'uuid',
  reason: 'text',
  starts_on: 'date',
  ends_on: 'date',
  note: 'text',
  recorded_by_user_id: 'uuid',
}
const agendaColumns: Columns<PanelAgendaItemTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  meeting_id: 'uuid',
  case_id: 'uuid',
  question: 'text',
  position: 'smallint',
  decision: 'text',
  reasons: 'text',
  decided_at: 'timestamptz',
  decided_by_user_id: 'uuid',
}
const criterionColumns: Columns<PanelDecisionCriterionTable> = {
  agenda_item_id: 'uuid',
  criterion_id: 'uuid',
  met: 'boolean',
  note: 'text',
}
const letterColumns: Columns<EhcLetterTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  case_id: 'uuid',
  kind: 'text',
  dated: 'date',
  recipient_name: 'text',
  subject: 'text',
  body: 'text',
  appeal_by: 'date',
  mediation_contact_by: 'date',
  created_by_user_id: 'uuid',
  created_at: 'timestamptz',
}
const notificationColumns: Columns<NotificationTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  child_id: 'uuid',
  channel: 'text',
  recipient_user_id: 'uuid',
  recipient_name: 'text',
  to_address: 'text',
  template_key: 'text',
  subject: 'text',
  body: 'text',
  reference: 'text',
  status: 'text',
  attempts: 'integer',
  next_attempt_at: 'timestamptz',
  created_at: 'timestamptz',
  sent_at: 'timestamptz',
  delivered_at: 'timestamptz',
  updated_at: 'timestamptz',
}
const planColumns: Columns<EhcPlanTable> = {
  id: 'uuid',
  authority_id: 'uuid',
  child_id: 'uuid',
  case_id: 'uuid',
  issued_on: 'date',
  named_setting_id: 'uuid',
  primary_need: 'text',
  last_reviewed_on: 'date',
}

export interface EhcCounts {
  ehc_case: number
  ehc_case_event: number
  advice_request: number
  ehc_consultation: number
  ehc_exception: number
  panel_agenda_item: number
  panel_decision_criterion: number
  ehc_letter: number
  notification: number
  ehc_plan: number
}

export async function insertEhcRows(db: Queryable, rows: EhcRows, counts: EhcCounts): Promise<void> {
  counts.ehc_case += await insertRows(db, 'ehc_case', caseColumns, rows.cases)
  counts.ehc_case_event += await insertRows(db, 'ehc_case_event', eventColumns, rows.events)
  counts.advice_request += await insertRows(db, 'advice_request', adviceColumns, rows.advice)
  counts.ehc_consultation += await insertRows(db, 'ehc_consultation', consultationColumns, rows.consultations)
  counts.ehc_exception += await insertRows(db, 'ehc_exception', exceptionColumns, rows.exceptions)
  counts.panel_agenda_item += await insertRows(db, 'panel_agenda_item', agendaColumns, rows.agendaItems)
  counts.panel_decision_criterion += await insertRows(
    db,
    'panel_decision_criterion',
    criterionColumns,
    rows.decisionCriteria,
  )
  counts.ehc_letter += await insertRows(db, 'ehc_letter', letterColumns, rows.letters)
  counts.notification += await insertRows(db, 'notification', notificationColumns, rows.notifications)
  counts.ehc_plan += await insertRows(db, 'ehc_plan', planColumns, rows.plans)
}
