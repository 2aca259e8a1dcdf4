-- The caseload as it opens shows open cases only, most urgent first (src/ehc/caseloadPage.repository.ts). Every open
-- case of the view was read from the table to count them by risk and sort them for the first page: 755 heap rows for
-- the whole of a Birmingham-sized authority, about half the page's time in PostgreSQL. This index holds the open cases
-- in the caseload's order (risk, then the step due soonest, then the date received), with what the counts and filters
-- read beside them, so that the counts come from the index alone and the first page off its front.
--
-- Its keys and predicate are the application's constants written out: the risks in clock.ts caseRisks order, the
-- statuses of workflow.ts openStatuses. test/ehc/caseloadIndex.test.ts fails if either drifts from them.
--
-- The clock's verdict columns are now indexed, so the daily rewrite of each open case's verdict (0007) is no longer a
-- heap-only update (0008's fillfactor still leaves room for the others). After that rewrite the pages of open cases
-- are not all-visible until the table is vacuumed, and the counts would read the heap again: vacuum ehc_case once a
-- fiftieth of it has changed rather than autovacuum's default fifth (a day's rewrite is about an eighth at Birmingham
-- scale).
create index ehc_case_open_by_risk on ehc_case (
  authority_id,
  array_position(array['breached', 'overdue', 'at-risk', 'due-soon', 'on-track']::text[], clock_risk),
  coalesce(clock_next_due, '9999-12-31'::date),
  request_received,
  id
) include (status, clock_risk, clock_next_due, clock_exception_applies, clock_as_of, caseworker_user_id, team_id)
  where status in ('received', 'considering', 'assessing', 'drafting', 'draft_issued');

alter table ehc_case set (autovacuum_vacuum_scale_factor = 0.02);
